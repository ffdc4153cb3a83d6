package io.personalizekit.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.batch.BatchResult;
import io.personalizekit.exception.BatchDataException;
import io.personalizekit.exception.CacheStoreException;
import io.personalizekit.exception.CsvReadException;
import io.personalizekit.exception.CsvValidationException;
import io.personalizekit.exception.FetchStoppedException;
import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.testing.FakeClock;
import io.personalizekit.testing.FakeSimilarItemsClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecommendationFetcherTest {
    final FakeClock clock = new FakeClock(Instant.parse("2026-11-28T10:00:00Z"));
    final FakeSimilarItemsClient live = new FakeSimilarItemsClient(clock);
    final FlakyStore store = new FlakyStore(InMemoryRecommendationStore.create());
    final CacheKeyspace ks = CacheKeyspace.builder()
            .campaignArn(CachingSimilarItemsClientTest.CAMPAIGN)
            .solutionVersionArn(CachingSimilarItemsClientTest.SV1)
            .numResults(5)
            .build();

    /** Simulates a process crash: an Error the fetcher does not treat as an item failure. */
    static final class Crash extends Error {
        private static final long serialVersionUID = 1L;

        Crash() {
            super("simulated crash");
        }
    }

    /** Fake monotonic time for the pacer, the retries and elapsed times: waiting advances it, nothing sleeps. */
    final AtomicLong fakeNanos = new AtomicLong();
    /** Every pause the fetcher took (pacer, item and store retries), in order. */
    final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());

    void fakeSleep(Duration d) {
        sleeps.add(d);
        fakeNanos.addAndGet(d.toNanos());
    }

    RecommendationFetcher.Builder fetcher() {
        return RecommendationFetcher.builder()
                .client(live)
                .store(store)
                .keyspace(ks)
                .maxTps(500)
                .maxConcurrency(4)
                .writeBatchSize(10)
                .retryBackoff(Duration.ZERO)
                .clock(clock)
                .timing(fakeNanos::get, this::fakeSleep);
    }

    static List<String> ids(int n) {
        return IntStream.range(0, n).mapToObj(i -> "item-" + i).collect(Collectors.toList());
    }

    void activateOldGeneration(List<String> ids) {
        long g = store.inner.beginGeneration(ks);
        store.inner.putAll(
                ks,
                g,
                ids.stream()
                        .map(id -> FakeSimilarItemsClient.answer(id, 5, "old", clock))
                        .collect(Collectors.toList()));
        store.inner.activate(ks, g);
    }

    @Test
    void run_whenAllSucceed_writesEveryItemOnceAndActivates() {
        List<String> ids = ids(95);
        FetchSummary summary = fetcher().build().run(ids);

        assertThat(summary.total()).isEqualTo(95);
        assertThat(summary.fetched()).isEqualTo(95);
        assertThat(summary.failed()).isZero();
        assertThat(summary.activated()).isTrue();
        assertThat(summary.complete()).isTrue();
        assertThat(store.inner.activeGeneration(ks)).hasValue(summary.generation());
        assertThat(store.inner.getAll(ks, ids)).hasSize(95);
        assertThat(store.writesPerItem)
                .hasSize(95)
                .allSatisfy((id, n) -> assertThat(n).hasValue(1));
        assertThat(store.inner.get(ks, "item-7").orElseThrow().itemIds()).hasSize(5);
        assertThat(summary.toString())
                .contains("Fetched 95/95", "generation " + summary.generation(), "0 failed", "readers switched");
    }

    @Test
    void run_whenDuplicatesInSource_fetchesEachOnce() {
        FetchSummary summary = fetcher().build().runFrom(() -> Stream.of("a", "b", "a", "c", "b"));

        assertThat(summary.total()).isEqualTo(3);
        assertThat(live.calls).hasValue(3);
    }

    @Test
    void run_whenItemFailsSometimes_retriesAndReportsOnlyPermanentFailures() {
        Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        live.failure = r -> {
            int n = attempts.computeIfAbsent(r.itemId(), k -> new AtomicInteger())
                    .incrementAndGet();
            if (r.itemId().equals("item-3") && n < 3) {
                return CachingSimilarItemsClientTest.serviceError(400, "ThrottlingException");
            }
            if (r.itemId().equals("item-5")) {
                return CachingSimilarItemsClientTest.serviceError(500, "InternalFailure");
            }
            return null;
        };

        FetchSummary summary = fetcher().maxAttempts(3).build().run(ids(20));

        assertThat(summary.fetched()).isEqualTo(19);
        assertThat(summary.failed()).isEqualTo(1);
        assertThat(summary.failures()).containsOnlyKeys("item-5");
        assertThat(summary.activated()).isTrue();
        assertThat(attempts.get("item-3")).hasValue(3);
        assertThat(attempts.get("item-5")).hasValue(3);
        assertThat(store.inner.get(ks, "item-3")).isPresent();
    }

    @Test
    void run_whenKilledHalfwayThenResumed_everyItemWrittenOnceAndReadersSawOnlyWholeGenerations() throws Exception {
        List<String> ids = ids(200);
        activateOldGeneration(ids);
        live.version = "new";
        AtomicInteger answered = new AtomicInteger();
        live.failure = r -> {
            if (answered.incrementAndGet() == 97) {
                throw new Crash();
            }
            return null;
        };
        AtomicBoolean stop = new AtomicBoolean();
        List<String> mixed = new ArrayList<>();
        Thread reader = new Thread(() -> {
            while (!stop.get()) {
                Map<String, SimilarItems> seen = store.inner.getAll(ks, ids);
                long olds = seen.values().stream()
                        .filter(s -> s.recommendationId().orElseThrow().contains("old"))
                        .count();
                if (seen.size() != ids.size() || (olds != 0 && olds != ids.size())) {
                    mixed.add(seen.size() + " lists, " + olds + " old");
                }
            }
        });
        reader.start();
        try {
            assertThatThrownBy(() -> fetcher().build().run(ids)).isInstanceOf(Crash.class);
            long pending = store.inner.pendingGeneration(ks).orElseThrow();
            // 96 answers came before the crash; calls already in flight on the other workers may still finish and
            // be flushed before the crash stops them, so only "some, but not all" is certain about the upper end.
            int writtenBeforeCrash = store.inner.itemIds(ks, pending).size();
            assertThat(writtenBeforeCrash).isBetween(80, ids.size() - 1);
            assertThat(store.inner.get(ks, "item-0").orElseThrow().recommendationId())
                    .contains("RID-old-item-0");

            FetchSummary resumed = fetcher().build().run(ids);

            assertThat(resumed.generation()).isEqualTo(pending);
            assertThat(resumed.resumed()).isEqualTo(writtenBeforeCrash);
            assertThat(resumed.fetched() + resumed.resumed()).isEqualTo(200);
            assertThat(resumed.activated()).isTrue();
        } finally {
            stop.set(true);
            reader.join();
        }
        assertThat(mixed).isEmpty();
        assertThat(store.writesPerItem)
                .hasSize(200)
                .allSatisfy((id, n) -> assertThat(n).hasValue(1));
        assertThat(store.inner.getAll(ks, ids).values())
                .hasSize(200)
                .allSatisfy(s -> assertThat(s.recommendationId().orElseThrow()).startsWith("RID-new"));
        assertThat(store.inner.pendingGeneration(ks)).isEmpty();
    }

    @Test
    void run_whenCrashedMidBatch_lostOnlyTheCallsInFlightAndResumeWritesEachItemOnce() {
        List<String> ids = ids(1000);
        AtomicInteger answered = new AtomicInteger();
        live.failure = r -> {
            if (answered.incrementAndGet() == 701) {
                throw new Crash();
            }
            return null;
        };

        assertThatThrownBy(() -> fetcher().writeBatchSize(500).build().run(ids)).isInstanceOf(Crash.class);

        long pending = store.inner.pendingGeneration(ks).orElseThrow();
        int writtenBeforeCrash = store.inner.itemIds(ks, pending).size();
        // 700 answers came before the crash, each written as soon as the write before it was done; a checkpoint per
        // full batch of 500 would have kept only 500 of them.
        assertThat(writtenBeforeCrash).isBetween(700, ids.size() - 1);
        live.failure = r -> null;
        live.calls.set(0);

        FetchSummary resumed = fetcher().writeBatchSize(500).build().run(ids);

        assertThat(resumed.resumed()).isEqualTo(writtenBeforeCrash);
        assertThat(live.calls).hasValue(ids.size() - writtenBeforeCrash);
        assertThat(resumed.activated()).isTrue();
        assertThat(store.inner.getAll(ks, ids)).hasSize(1000);
        assertThat(store.writesPerItem)
                .hasSize(1000)
                .allSatisfy((id, n) -> assertThat(n).hasValue(1));
    }

    @Test
    void run_whenStoreStaysDown_stopsWithCacheStoreExceptionAndResumesLater() {
        List<String> ids = ids(60);
        AtomicInteger answered = new AtomicInteger();
        live.beforeAnswer = () -> {
            if (answered.incrementAndGet() == 35) {
                store.down = true;
            }
        };

        assertThatThrownBy(() -> fetcher()
                        .storeRetryPolicy(p -> p.maxAttempts(2))
                        .build()
                        .run(ids))
                .isInstanceOf(CacheStoreException.class)
                .hasMessageContaining("run again to resume");

        store.down = false;
        live.beforeAnswer = () -> {};
        long pending = store.inner.pendingGeneration(ks).orElseThrow();
        int writtenBeforeOutage = store.inner.itemIds(ks, pending).size();
        FetchSummary summary = fetcher().build().run(ids);

        // Calls in flight when the store went down may still land a batch, so the upper end is only "not all".
        assertThat(writtenBeforeOutage).isBetween(20, ids.size() - 1);
        assertThat(summary.resumed()).isEqualTo(writtenBeforeOutage);
        assertThat(summary.fetched() + summary.resumed()).isEqualTo(60);
        assertThat(store.inner.getAll(ks, ids)).hasSize(60);
    }

    @Test
    void run_whenTooManyItemsFail_leavesGenerationPendingThenResumesOnlyTheFailedOnes() {
        List<String> ids = ids(40);
        activateOldGeneration(ids);
        live.failure = r -> r.itemId().endsWith("7")
                ? CachingSimilarItemsClientTest.serviceError(400, "ThrottlingException")
                : null;

        FetchSummary first = fetcher().maxAttempts(1).build().run(ids);

        assertThat(first.failed()).isEqualTo(4);
        assertThat(first.activated()).isFalse();
        assertThat(first.toString()).contains("readers NOT switched");
        assertThat(store.inner.get(ks, "item-0").orElseThrow().recommendationId())
                .contains("RID-old-item-0");

        live.failure = r -> null;
        live.calls.set(0);
        FetchSummary second = fetcher().build().run(ids);

        assertThat(second.generation()).isEqualTo(first.generation());
        assertThat(second.resumed()).isEqualTo(36);
        assertThat(live.calls).hasValue(4);
        assertThat(second.activated()).isTrue();
        assertThat(store.inner.getAll(ks, ids)).hasSize(40);
    }

    @Test
    void run_whenSourceEmpty_neverActivatesAnEmptyGeneration() {
        List<String> ids = ids(3);
        activateOldGeneration(ids);

        FetchSummary summary = fetcher().build().run(List.of());

        assertThat(summary.activated()).isFalse();
        assertThat(store.inner.getAll(ks, ids)).hasSize(3);
    }

    @Test
    void run_whenResumeDisabled_startsAFreshGeneration() {
        long abandoned = store.inner.beginGeneration(ks);

        FetchSummary summary = fetcher().resume(false).build().run(ids(3));

        assertThat(summary.generation()).isGreaterThan(abandoned);
        assertThat(summary.resumed()).isZero();
    }

    @Test
    void run_whenUnknownSeeds_countsPopularFallbacks() {
        FetchSummary summary = fetcher().build().run(List.of("unknown-1", "unknown-2", "a"));

        assertThat(summary.fallbacks()).isEqualTo(2);
        assertThat(store.inner.get(ks, "unknown-1").orElseThrow().source()).isEqualTo(ResultSource.FALLBACK);
    }

    @Test
    void runCatalogCsv_readsTheItemIdColumnWithQuoting(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("items.csv");
        Files.writeString(
                csv,
                "\uFEFFCATEGORY,ITEM_ID,CREATION_TIMESTAMP\r\n"
                        + "sports,a1,1700000000\r\n"
                        + "\"politics, world\",\"a \"\"2\"\"\",1700000001\r\n"
                        + "\"multi\nline\",a3,1700000002\n"
                        + "\n",
                StandardCharsets.UTF_8);

        FetchSummary summary = fetcher().build().runCatalogCsv(csv);

        assertThat(summary.total()).isEqualTo(3);
        assertThat(store.inner.getAll(ks, List.of("a1", "a \"2\"", "a3"))).hasSize(3);
    }

    @Test
    void runCatalogCsv_whenColumnMissing_throwsCsvValidationException(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("items.csv");
        Files.writeString(csv, "ID,NAME\n1,x\n");

        assertThatThrownBy(() -> fetcher().build().runCatalogCsv(csv))
                .isInstanceOf(CsvValidationException.class)
                .hasMessageContaining("ITEM_ID");
    }

    @Test
    void loadBatchOutput_loadsListsAsBatchAndReportsErrorLines(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("input.json.out");
        Files.writeString(
                out,
                "{\"input\": {\"itemId\": \"105\"}, \"output\": {\"recommendedItems\": [\"105\", \"106\", \"107\","
                        + " \"49\", \"1\", \"2\", \"3\", \"4\"]}}\n"
                        + "{\"input\": {\"itemId\": \"106\"}, \"output\": {\"recommendedItems\": [\"105\"]}, \"error\":"
                        + " null}\n"
                        + "{\"input\": {\"itemId\": \"999\"}, \"error\": \"Item not found\"}\n"
                        + "not json\n");

        FetchSummary summary = fetcher().maxFailureRatio(0.5).build().loadBatchOutput(dir);

        assertThat(summary.total()).isEqualTo(4);
        assertThat(summary.fetched()).isEqualTo(2);
        assertThat(summary.failed()).isEqualTo(2);
        assertThat(summary.failures()).containsEntry("999", "Item not found");
        SimilarItems s105 = store.inner.get(ks, "105").orElseThrow();
        assertThat(s105.source()).isEqualTo(ResultSource.BATCH);
        assertThat(s105.itemIds()).containsExactly("106", "107", "49", "1", "2");
        assertThat(summary.activated()).isTrue();
    }

    @Test
    void loadBatchResults_loadsParsedResultsIntoANewGeneration() {
        activateOldGeneration(ids(2));

        FetchSummary summary = fetcher()
                .build()
                .loadBatchResults(List.of(
                        BatchResult.of("item-0", List.of("item-0", "x", "y"), null),
                        BatchResult.of("item-1", List.of(), "Item not found")));

        assertThat(summary.fetched()).isEqualTo(1);
        assertThat(summary.failures()).containsEntry("item-1", "Item not found");
        assertThat(summary.activated()).isFalse(); // 1 of 2 failed: above the 5 % default, readers keep the old lists
        assertThat(store.inner.get(ks, "item-0").orElseThrow().recommendationId())
                .contains("RID-old-item-0");
        assertThat(store.inner.itemIds(ks, summary.generation())).containsExactly("item-0");
    }

    @Test
    void builder_whenOutOfRange_rejectsNamingTheLimit() {
        assertThatThrownBy(() -> fetcher().maxTps(501))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("500");
        assertThatThrownBy(() -> fetcher().maxTps(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> fetcher().maxConcurrency(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> fetcher().writeBatchSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> fetcher().maxAttempts(11)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> fetcher().maxFailureRatio(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecommendationFetcher.builder()
                        .client(live)
                        .store(store)
                        .build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("keyspace");
    }

    @Test
    void run_whenTheStoreKeepsFailing_retriesOnTheDefaultPolicysDoublingBackoffOnFakeTime() {
        store.down = true;

        assertThatThrownBy(() -> fetcher().build().run(ids(3)))
                .isInstanceOfSatisfying(CacheStoreException.class, e -> {
                    assertThat(e.keyspaceId()).hasValue(ks.id());
                    assertThat(e.getCause()).hasMessage("store is down");
                })
                .hasMessageContaining("read the pending generation")
                .hasMessageContaining("after 5 attempts");

        // 100 ms doubling, each varied by at most the default jitter of 10 %, taken on the injected sleeper.
        assertThat(store.calls).hasValue(5);
        assertThat(sleeps).hasSize(4);
        long[] nominalMillis = {100, 200, 400, 800};
        for (int i = 0; i < 4; i++) {
            assertThat(sleeps.get(i).toNanos())
                    .as("pause %d", i + 1)
                    .isBetween(nominalMillis[i] * 900_000L, nominalMillis[i] * 1_100_000L);
        }
    }

    @Test
    void run_whenTheStoreKeepsFailing_capsEachPauseAtTheMaxDelay() {
        store.down = true;
        RecommendationFetcher fetcher = fetcher()
                .storeRetryPolicy(p -> p.initialDelay(Duration.ofSeconds(1))
                        .multiplier(3)
                        .maxDelay(Duration.ofSeconds(5))
                        .jitter(0)
                        .maxAttempts(5))
                .build();

        assertThatThrownBy(() -> fetcher.run(ids(3))).isInstanceOf(CacheStoreException.class);

        assertThat(sleeps)
                .containsExactly(
                        Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    @Test
    void run_whenTheStoreKeepsFailing_makesNoCallAfterThePolicysTimeout() {
        store.down = true;
        RecommendationFetcher fetcher = fetcher()
                .storeRetryPolicy(p -> p.initialDelay(Duration.ofSeconds(1))
                        .multiplier(1)
                        .jitter(0)
                        .maxAttempts(100)
                        .timeout(Duration.ofMillis(2500)))
                .build();

        assertThatThrownBy(() -> fetcher.run(ids(3)))
                .isInstanceOf(CacheStoreException.class)
                .hasMessageContaining("after 4 attempts");

        // Calls at 0, 1 s, 2 s and, after a pause cut to the time left, a last one at the deadline.
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(500));
        assertThat(store.calls).hasValue(4);
    }

    @Test
    void run_whenInterruptedDuringAStoreRetryPause_stopsWithFetchStoppedExceptionAndKeepsTheFlag() {
        store.down = true;
        RecommendationFetcher fetcher = fetcher()
                .timing(fakeNanos::get, d -> {
                    throw new InterruptedException("stop");
                })
                .build();

        try {
            assertThatThrownBy(() -> fetcher.run(ids(3)))
                    .isInstanceOfSatisfying(FetchStoppedException.class, e -> {
                        assertThat(e.interrupted()).isTrue();
                        assertThat(e.keyspaceId()).hasValue(ks.id());
                        assertThat(e.getSuppressed())
                                .singleElement()
                                .satisfies(s -> assertThat(s).hasMessage("store is down"));
                    })
                    .hasMessageContaining("run again to resume");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(store.calls).hasValue(1);
    }

    @Test
    void runCatalogCsv_whenTheFileCannotBeRead_throwsCsvReadExceptionNamingTheFile(@TempDir Path dir) {
        Path missing = dir.resolve("missing.csv");

        assertThatThrownBy(() -> fetcher().build().runCatalogCsv(missing))
                .isInstanceOfSatisfying(CsvReadException.class, e -> {
                    // The dataset reader names a file by its name (D21); the cause's message holds the path.
                    assertThat(e.source()).hasValue("missing.csv");
                    assertThat(e.getCause()).isInstanceOf(IOException.class);
                })
                .hasMessageContaining(missing.toString());
    }

    @Test
    void loadBatchOutput_whenTheFileCannotBeRead_throwsBatchDataExceptionNamingTheFile(@TempDir Path dir) {
        Path missing = dir.resolve("missing.out");

        assertThatThrownBy(() -> fetcher().build().loadBatchOutput(missing))
                .isInstanceOfSatisfying(BatchDataException.class, e -> {
                    assertThat(e.source()).hasValue(missing.toString());
                    assertThat(e.getCause()).isInstanceOf(IOException.class);
                })
                .hasMessageContaining(missing.toString());
    }
}
