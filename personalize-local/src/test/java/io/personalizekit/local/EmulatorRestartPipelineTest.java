package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.personalizekit.pipeline.PipelineListener;
import io.personalizekit.pipeline.PipelineOrchestrator;
import io.personalizekit.pipeline.PipelineResult;
import io.personalizekit.resource.ResourceRef;
import io.personalizekit.resource.ResourceType;
import io.personalizekit.waiter.ResourceWaiter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Issue 10, part 2: a long wait survives a blip. The emulator runs as a real process with {@code --data-dir}; it is
 * killed while the solution version trains and started again 5 s later on the same port and data directory. The
 * same {@code run()} call rides out the refused connections and completes.
 */
@Timeout(180)
class EmulatorRestartPipelineTest {
    /** Training (30 nominal minutes) takes 9 s, imports 1.5 s, the campaign 3 s. */
    private static final double TIME_SCALE = 0.005;

    @TempDir
    Path dataDir;

    @TempDir
    Path logs;

    @Test
    void run_whenTheEmulatorIsKilledMidTrainingAndRestarted_completesWithOneVersion() throws Exception {
        Path log = logs.resolve("emulator.log");
        EmulatorProcess first = EmulatorProcess.start(0, dataDir, TIME_SCALE, log);
        ScheduledFuture<EmulatorProcess> restarted = null;
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try (S3Client s3 = S3Client.builder()
                        .endpointOverride(first.s3Endpoint())
                        .region(Region.US_EAST_1)
                        .forcePathStyle(true)
                        .credentialsProvider(
                                StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "skid")))
                        .httpClientBuilder(ApacheHttpClient.builder())
                        .build();
                PersonalizeClient client = ArticlePipeline.client(first.endpoint());
                ResourceWaiter waiter = ResourceWaiter.builder()
                        .personalizeClient(client)
                        .policyForAll(ArticlePipeline.FAST)
                        .build()) {
            ArticlePipeline.upload(s3, "restart");
            CountDownLatch training = new CountDownLatch(1);
            List<String> versionPolls = new CopyOnWriteArrayList<>();
            PipelineListener watch = new PipelineListener() {
                @Override
                public void onStatusPolled(
                        String step, ResourceRef resource, String rawStatus, int attempt, Duration elapsed) {
                    if (resource.type() == ResourceType.SOLUTION_VERSION) {
                        versionPolls.add(rawStatus);
                        if (rawStatus.equals("CREATE IN_PROGRESS")) {
                            training.countDown();
                        }
                    }
                }
            };
            PipelineOrchestrator pipeline = PipelineOrchestrator.builder()
                    .personalizeClient(client)
                    .waiter(waiter)
                    .listener(watch)
                    .build();
            CompletableFuture<PipelineResult> run = CompletableFuture.supplyAsync(
                    () -> pipeline.run(ArticlePipeline.spec("restart", "restart")), runner);

            assertThat(training.await(90, TimeUnit.SECONDS))
                    .as("training started (log: %s)", log)
                    .isTrue();
            first.kill();
            int port = first.endpoint().getPort();
            restarted = scheduler.schedule(
                    () -> EmulatorProcess.start(port, dataDir, TIME_SCALE, log), 5, TimeUnit.SECONDS);

            PipelineResult result = run.get(150, TimeUnit.SECONDS);
            assertThat(restarted.get()).isNotNull();

            assertThat(versionPolls).anySatisfy(s -> assertThat(s).startsWith("(riding out errors: "));
            String campaign = result.deployment().campaign().arn();
            String solution = result.deployment().solution().arn();
            assertThat(client.describeCampaign(r -> r.campaignArn(campaign))
                            .campaign()
                            .status())
                    .isEqualTo("ACTIVE");
            assertThat(client.listSolutionVersions(r -> r.solutionArn(solution)).solutionVersions())
                    .singleElement()
                    .satisfies(v -> assertThat(v.status()).isEqualTo("ACTIVE"));
        } finally {
            runner.shutdownNow();
            first.kill();
            if (restarted != null && !restarted.cancel(false)) {
                restarted.get(60, TimeUnit.SECONDS).kill(); // it started (or is starting): stop it
            }
            scheduler.shutdownNow();
        }
    }
}
