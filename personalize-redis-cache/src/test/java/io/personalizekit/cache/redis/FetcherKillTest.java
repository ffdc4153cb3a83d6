package io.personalizekit.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.personalizekit.cache.CacheKeyspace;
import io.personalizekit.cache.FetchSummary;
import io.personalizekit.recommend.SimilarItemsClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;

/**
 * Issue 10, part 4: a fetcher process killed with SIGKILL ({@code kill -9}) at a random point, then resumed. The
 * stubbed runtime counts what was fetched (in-flight calls included); Redis is the checkpoint.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FetcherKillTest {
    private static final Logger log = LoggerFactory.getLogger(FetcherKillTest.class);
    static final int ITEMS = 5000;

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Test
    void fetcher_killedWithSigkillMidBatchThenResumed_refetchesAtMostOnePercentLosesNoneWritesNoneTwice(
            @TempDir Path dir) throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        // Inside a batch of 500, so a checkpoint per full batch would have 150 to 450 answers unwritten.
        int killAt = (1 + random.nextInt(7)) * FetcherProcess.WRITE_BATCH_SIZE + 150 + random.nextInt(300);
        CacheKeyspace ks = FetcherProcess.keyspace();
        List<String> ids = FetcherProcess.ids(ITEMS);
        Path output = dir.resolve("fetcher.log");
        try (RedisServerProcess server = RedisServerProcess.launch();
                StubbedRuntime stub = new StubbedRuntime(20)) {
            Process child = new ProcessBuilder(
                            java(),
                            "-Xmx256m",
                            "-cp",
                            System.getProperty("java.class.path"),
                            FetcherProcess.class.getName(),
                            server.uri(),
                            stub.baseUrl(),
                            Integer.toString(ITEMS))
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            try {
                Poll.until(
                        Duration.ofSeconds(90),
                        () -> {
                            if (!child.isAlive()) {
                                throw new AssertionError("the fetcher process ended");
                            }
                            return stub.requests.get() >= killAt;
                        },
                        () -> "the fetcher process's call " + killAt + " (" + stub.requests.get() + " so far)");
            } catch (AssertionError e) {
                child.destroyForcibly().waitFor();
                throw new AssertionError(
                        e.getMessage() + " before " + killAt + " calls (" + stub.requests.get() + "):\n"
                                + Files.readString(output, StandardCharsets.UTF_8),
                        e);
            }
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no finally, no flush
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).isEqualTo(137);
            int fetchedByKilled = stub.requestsPerItem.size();

            try (RedisRecommendationStore redis = RedisRecommendationStore.builder()
                            .redisUri(server.uri())
                            .keyPrefix(FetcherProcess.KEY_PREFIX)
                            .build();
                    PersonalizeRuntimeClient runtime = StubbedRuntime.runtime(stub.baseUrl());
                    SimilarItemsClient client = StubbedRuntime.similarItems(runtime)) {
                long pending = redis.pendingGeneration(ks).orElseThrow();
                Set<String> checkpoint = redis.itemIds(ks, pending);
                CountingStore counting = new CountingStore(redis);

                FetchSummary resumed = FetcherProcess.fetcher(client, redis)
                        .store(counting)
                        .build()
                        .run(ids);

                Map<String, Integer> fetches = new HashMap<>();
                stub.requestsPerItem.forEach((id, n) -> fetches.put(id, n.get()));
                long fetchedTwice =
                        fetches.values().stream().filter(n -> n >= 2).count();
                long writtenTwice = counting.writesPerItem.entrySet().stream()
                        .filter(e -> e.getValue().get() > 1 || checkpoint.contains(e.getKey()))
                        .count();
                Set<String> active =
                        redis.itemIds(ks, redis.activeGeneration(ks).orElseThrow());
                long lost = ids.stream().filter(id -> !active.contains(id)).count();
                log.warn(
                        "kill -9 after {} calls (seed {}): the killed run fetched {} items and its checkpoint held {};"
                                + " {} items fetched twice ({} %), {} lost, {} written twice",
                        killAt,
                        seed,
                        fetchedByKilled,
                        checkpoint.size(),
                        fetchedTwice,
                        String.format(Locale.ROOT, "%.2f", 100.0 * fetchedTwice / ITEMS),
                        lost,
                        writtenTwice);

                assertThat(resumed.generation()).isEqualTo(pending);
                assertThat(resumed.activated()).isTrue();
                assertThat(resumed.resumed()).isEqualTo(checkpoint.size());
                assertThat(lost).isZero();
                assertThat(writtenTwice).isZero();
                assertThat(fetches.values()).allSatisfy(n -> assertThat(n).isBetween(1, 2));
                assertThat(fetchedTwice).isLessThanOrEqualTo(ITEMS / 100);
            }
        }
    }
}
