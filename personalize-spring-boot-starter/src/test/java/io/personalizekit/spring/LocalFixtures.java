package io.personalizekit.spring;

import io.personalizekit.cache.redis.RedisServerProcess;
import io.personalizekit.local.PersonalizeLocal;
import io.personalizekit.pipeline.PipelineOrchestrator;
import io.personalizekit.pipeline.PipelineResult;
import io.personalizekit.pipeline.PipelineSpec;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.IntStream;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * What every test of this module talks to, started once per test JVM (a campaign takes a moment to provision, and a
 * Boot context per test is cost enough): personalize-local with a trained, ACTIVE Similar-Items campaign over 60 items
 * ({@code item-0} to {@code item-59}), and a real redis-server (the PATH's, else embedded-redis's; D16). Stopped by a
 * shutdown hook; tests keep their Redis data apart with their own key prefixes.
 */
final class LocalFixtures {
    static final DatasetSchema INTERACTIONS = SchemaBuilder.forType(DatasetType.INTERACTIONS)
            .stringField("USER_ID")
            .stringField("ITEM_ID")
            .longField("TIMESTAMP")
            .build();

    static final List<String> ITEM_IDS =
            IntStream.range(0, 60).mapToObj(i -> "item-" + i).toList();

    private static LocalFixtures shared;

    final PersonalizeLocal local;
    final RedisServerProcess redis;
    final String campaignArn;
    final String solutionVersionArn;

    private LocalFixtures(
            PersonalizeLocal local, RedisServerProcess redis, String campaignArn, String solutionVersionArn) {
        this.local = local;
        this.redis = redis;
        this.campaignArn = campaignArn;
        this.solutionVersionArn = solutionVersionArn;
    }

    static synchronized LocalFixtures get() {
        if (shared == null) {
            shared = start();
            LocalFixtures f = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(f::close, "local-fixtures-stop"));
        }
        return shared;
    }

    private static LocalFixtures start() {
        PersonalizeLocal local = PersonalizeLocal.builder().timeScale(0).build().start();
        try {
            local.s3Client().createBucket(b -> b.bucket("spring"));
            local.s3Client()
                    .putObject(b -> b.bucket("spring").key("interactions.csv"), RequestBody.fromString(interactions()));
            PipelineSpec spec = PipelineSpec.builder()
                    .datasetGroup(g -> g.name("spring")
                            .addDataset(d -> d.schema(INTERACTIONS)
                                    .addImport(i -> i.dataLocation("s3://spring/interactions.csv")
                                            .roleArn("arn:aws:iam::000000000000:role/Personalize"))))
                    .solution(s -> s.name("spring-similar").performAutoTraining(false))
                    .campaign(c -> c.name("spring-similar"))
                    .build();
            PipelineResult result;
            try (PipelineOrchestrator orchestrator = PipelineOrchestrator.builder()
                    .personalizeClient(local.personalizeClient())
                    .waiter(local.resourceWaiter())
                    .build()) {
                result = orchestrator.run(spec);
            }
            RedisServerProcess redis = RedisServerProcess.launch();
            return new LocalFixtures(
                    local,
                    redis,
                    result.deployment().campaign().arn(),
                    result.deployment().solutionVersion().arn());
        } catch (IOException e) {
            local.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            local.close();
            throw e;
        }
    }

    long recommendationRequests() {
        return local.requestCount("GetRecommendations");
    }

    /** 60 items in 3 clusters of 20; 90 users who each read 12 items of one cluster. */
    private static String interactions() {
        StringBuilder csv = new StringBuilder("USER_ID,ITEM_ID,TIMESTAMP\n");
        long t = 1_700_000_000L;
        for (int u = 0; u < 90; u++) {
            int cluster = u % 3;
            for (int k = 0; k < 12; k++) {
                int item = cluster * 20 + (u * 7 + k * 3) % 20;
                csv.append("user-")
                        .append(u)
                        .append(",item-")
                        .append(item)
                        .append(',')
                        .append(t + u * 100 + k)
                        .append('\n');
            }
        }
        return csv.toString();
    }

    private void close() {
        try {
            redis.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        local.close();
    }
}
