package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.Tag;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code --data-dir} against real process faults on the standalone jar: {@code kill -9}, and a full disk (the
 * process's file size limit, {@code ulimit -f}, which makes writes stop part way exactly as a full disk does).
 */
@Timeout(300)
class DurabilityIT {
    private static final StaticCredentialsProvider CREDS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "skid"));

    @TempDir
    Path dir;

    /** A running standalone jar and its endpoints. */
    private record Emulator(Process process, URI personalize, URI s3) {
        PersonalizeClient personalizeClient() {
            return PersonalizeClient.builder()
                    .endpointOverride(personalize)
                    .region(Region.US_EAST_1)
                    .credentialsProvider(CREDS)
                    .httpClientBuilder(ApacheHttpClient.builder())
                    .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                    .build();
        }

        S3Client s3Client() {
            return S3Client.builder()
                    .endpointOverride(s3)
                    .region(Region.US_EAST_1)
                    .forcePathStyle(true)
                    .credentialsProvider(CREDS)
                    .httpClientBuilder(ApacheHttpClient.builder())
                    .build();
        }

        void kill9() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
            process.waitFor(30, TimeUnit.SECONDS);
        }

        void stop() throws InterruptedException {
            process.destroy(); // SIGTERM: the shutdown hook stops the emulator
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Starts the jar on {@code dir}; with {@code fileSizeLimitKib} > 0, under {@code ulimit -f} (SIGXFSZ ignored). */
    private Emulator start(int fileSizeLimitKib) throws Exception {
        Path jar = Path.of(System.getProperty("standalone.jar", "missing"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>();
        if (fileSizeLimitKib > 0) {
            command.addAll(
                    List.of("bash", "-c", "ulimit -f " + fileSizeLimitKib + "; trap '' XFSZ; exec \"$@\"", "bash"));
        }
        command.addAll(List.of(
                java,
                "-XX:-UsePerfData",
                "-Xmx256m",
                "-jar",
                jar.toString(),
                "--port",
                "0",
                "--s3-port",
                "0",
                "--time-scale",
                "0",
                "--data-dir",
                dir.toString()));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        String second = out.readLine();
        assertThat(first).as("the jar's first line").startsWith("Personalize endpoint: ");
        return new Emulator(
                process,
                URI.create(first.substring("Personalize endpoint: ".length())),
                URI.create(second.substring("S3 endpoint: ".length())));
    }

    private static TreeSet<String> groups(Emulator e) {
        try (PersonalizeClient p = e.personalizeClient()) {
            TreeSet<String> names = new TreeSet<>();
            p.listDatasetGroupsPaginator(r -> r.maxResults(100)).datasetGroups().forEach(g -> names.add(g.name()));
            return names;
        }
    }

    @Test
    void killDashNine_losesNothingAcknowledged_withoutFsync() throws Exception {
        TreeSet<String> acknowledged = new TreeSet<>();
        Emulator first = start(0);
        try (PersonalizeClient p = first.personalizeClient();
                S3Client s3 = first.s3Client()) {
            s3.createBucket(b -> b.bucket("kept"));
            s3.putObject(r -> r.bucket("kept").key("items.csv"), RequestBody.fromString("ITEM_ID\n1\n"));
            for (int i = 0; i < 60; i++) {
                String name = String.format("group-%03d", i);
                p.createDatasetGroup(r -> r.name(name));
                acknowledged.add(name);
            }
        } finally {
            first.kill9();
        }
        Emulator second = start(0);
        try (S3Client s3 = second.s3Client()) {
            assertThat(groups(second)).isEqualTo(acknowledged);
            assertThat(s3.getObjectAsBytes(g -> g.bucket("kept").key("items.csv"))
                            .asUtf8String())
                    .isEqualTo("ITEM_ID\n1\n");
        } finally {
            second.stop();
        }
    }

    @Test
    void diskFullPartWayThroughARecord_answers500_andLaterAcknowledgedWritesSurviveRestarts() throws Exception {
        TreeSet<String> acknowledged = new TreeSet<>();
        int failed = 0;
        Emulator full = start(16); // the journal can grow to 16 KiB
        try (PersonalizeClient p = full.personalizeClient()) {
            List<Tag> tags = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                tags.add(Tag.builder()
                        .tagKey("key-" + t)
                        .tagValue("v".repeat(60))
                        .build());
            }
            // Large records until the disk is full part way through one, then small ones that may still fit.
            for (int i = 0; i < 200 && failed == 0; i++) {
                String name = String.format("large-%03d", i);
                failed += tryCreate(p, name, tags, acknowledged);
            }
            for (int i = 0; i < 20; i++) {
                tryCreate(p, String.format("s%02d", i), List.of(), acknowledged);
            }
        } finally {
            full.kill9();
        }
        assertThat(failed).as("a write failed on the full disk").isEqualTo(1);
        assertThat(acknowledged).hasSizeGreaterThan(5);

        Emulator roomy = start(0);
        try (PersonalizeClient p = roomy.personalizeClient()) {
            assertThat(groups(roomy)).containsAll(acknowledged);
            p.createDatasetGroup(r -> r.name("after-restart"));
            acknowledged.add("after-restart");
        } finally {
            roomy.stop();
        }
        Emulator again = start(0);
        try {
            assertThat(groups(again)).containsAll(acknowledged);
        } finally {
            again.stop();
        }
    }

    /** @return 1 when the emulator answered 500 (its journal write failed), 0 when acknowledged */
    private static int tryCreate(PersonalizeClient p, String name, List<Tag> tags, TreeSet<String> acknowledged) {
        try {
            p.createDatasetGroup(r -> r.name(name).tags(tags));
            acknowledged.add(name);
            return 0;
        } catch (AwsServiceException e) {
            assertThat(e.statusCode()).as(e.getMessage()).isEqualTo(500);
            return 1;
        }
    }
}
