package io.personalizekit.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.batch.BatchResult;
import io.personalizekit.exception.CacheStoreException;
import io.personalizekit.exception.FetchStoppedException;
import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.testing.FakeClock;
import io.personalizekit.testing.FakeSimilarItemsClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading batch inference output: which lines load, which fail and under which key and message, how lists are cut
 * and stamped, how writes are batched; and the fetcher's builder limits and its stop on an interrupt.
 */
@Timeout(60)
class RecommendationFetcherBatchTest {
    final FakeClock clock = new FakeClock(Instant.parse("2026-12-03T10:00:00Z"));
    final CacheKeyspace ks = CacheKeyspace.builder()
            .campaignArn("arn:aws:personalize:us-east-1:000000000000:campaign/a")
            .solutionVersionArn("arn:aws:personalize:us-east-1:000000000000:solution/a/1")
            .numResults(3)
            .build();
    final BatchRecordingStore store = new BatchRecordingStore(
            InMemoryRecommendationStore.builder().clock(clock).build());

    @TempDir
    Path dir;

    /** Delegates to a real in-memory store and records the size of every putAll (a test double of the store port). */
    static final class BatchRecordingStore implements RecommendationStore {
        final InMemoryRecommendationStore inner;
        final List<Integer> batches = Collections.synchronizedList(new ArrayList<>());

        BatchRecordingStore(InMemoryRecommendationStore inner) {
            this.inner = inner;
        }

        @Override
        public Optional<SimilarItems> get(CacheKeyspace keyspace, String itemId) {
            return inner.get(keyspace, itemId);
        }

        @Override
        public Map<String, SimilarItems> getAll(CacheKeyspace keyspace, Collection<String> itemIds) {
            return inner.getAll(keyspace, itemIds);
        }

        @Override
        public void put(CacheKeyspace keyspace, SimilarItems items) {
            inner.put(keyspace, items);
        }

        @Override
        public void putAll(CacheKeyspace keyspace, long generation, Collection<SimilarItems> items) {
            batches.add(items.size());
            inner.putAll(keyspace, generation, items);
        }

        @Override
        public long beginGeneration(CacheKeyspace keyspace) {
            return inner.beginGeneration(keyspace);
        }

        @Override
        public OptionalLong pendingGeneration(CacheKeyspace keyspace) {
            return inner.pendingGeneration(keyspace);
        }

        @Override
        public OptionalLong activeGeneration(CacheKeyspace keyspace) {
            return inner.activeGeneration(keyspace);
        }

        @Override
        public Set<String> itemIds(CacheKeyspace keyspace, long generation) {
            return inner.itemIds(keyspace, generation);
        }

        @Override
        public void activate(CacheKeyspace keyspace, long generation) {
            inner.activate(keyspace, generation);
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    RecommendationFetcher.Builder fetcher() {
        return RecommendationFetcher.builder()
                .client(new FakeSimilarItemsClient(clock))
                .store(store)
                .keyspace(ks)
                .clock(clock)
                .timing(clock.ticker(), clock.sleeper());
    }

    @Test
    void loadBatchOutput_ofAFolder_readsEveryOutFileInNameOrderAndReportsEachBadLineExactly() throws IOException {
        Files.writeString(
                dir.resolve("b.json.out"),
                "{\"input\":{\"itemId\":\"s1\"},\"output\":{\"recommendedItems\":[\"x1\",\"s1\",\"x2\",\"x3\",\"x4\"]}}\n"
                        + "\n"
                        + "   \n"
                        + "{\"input\":{\"itemId\":\"s2\"},\"output\":{\"recommendedItems\":[\"y1\"]},\"error\":null}\n"
                        + "{\"input\":{\"itemId\":\"s3\"},\"error\":\"Item not found\"}\n"
                        + "{\"input\":{\"itemId\":\"s4\"},\"error\":{\"code\":\"X\"}}\n"
                        + "{\"input\":{}}\n"
                        + "{\"input\":{\"itemId\":5}}\n");
        Files.writeString(
                dir.resolve("a.json.out"),
                "{\"input\":{\"itemId\":\"s0\"},\"output\":{\"recommendedItems\":[]}}\n" + "{oops\n");
        Files.writeString(dir.resolve("c.json.out.manifest"), "{\"input\":{\"itemId\":\"never\"}}\n");

        FetchSummary summary = fetcher().maxFailureRatio(1).build().loadBatchOutput(dir);

        assertThat(summary.total()).isEqualTo(8);
        assertThat(summary.fetched()).isEqualTo(3);
        assertThat(summary.failed()).isEqualTo(5);
        assertThat(summary.resumed()).isZero();
        assertThat(summary.activated()).isTrue();
        assertThat(summary.failures().keySet())
                .containsExactly("a.json.out:2", "s3", "s4", "b.json.out:7", "b.json.out:8");
        assertThat(summary.failures().get("a.json.out:2")).startsWith("malformed line a.json.out:2: ");
        assertThat(summary.failures().get("s3")).isEqualTo("Item not found");
        assertThat(summary.failures().get("s4")).isEqualTo("{\"code\":\"X\"}");
        assertThat(summary.failures().get("b.json.out:7")).isEqualTo("no input.itemId");
        assertThat(summary.failures().get("b.json.out:8")).isEqualTo("no input.itemId");
        SimilarItems s1 = store.get(ks, "s1").orElseThrow();
        assertThat(s1.itemIds()).containsExactly("x1", "x2", "x3");
        assertThat(s1.source()).isEqualTo(ResultSource.BATCH);
        assertThat(s1.fetchedAt()).isEqualTo(clock.instant());
        assertThat(store.get(ks, "s0").orElseThrow().itemIds()).isEmpty();
        assertThat(store.get(ks, "s2").orElseThrow().itemIds()).containsExactly("y1");
        assertThat(store.get(ks, "never")).isEmpty();
        assertThat(store.batches).containsExactly(3);
    }

    @Test
    void loadBatchOutput_whenTheSeedIsIncludedInTheKeyspace_keepsItAndCutsAtNumResults() throws IOException {
        CacheKeyspace withSeed = ks.copy(b -> b.excludeSeed(false).numResults(2));
        Path out = dir.resolve("one.out");
        Files.writeString(
                out, "{\"input\":{\"itemId\":\"s1\"},\"output\":{\"recommendedItems\":[\"s1\",\"x1\",\"x2\"]}}\n");

        FetchSummary summary = fetcher().keyspace(withSeed).build().loadBatchOutput(out);

        assertThat(store.get(withSeed, "s1").orElseThrow().itemIds()).containsExactly("s1", "x1");
        assertThat(summary.total()).isEqualTo(1);
        assertThat(summary.activated()).isTrue();
    }

    @Test
    void loadBatchResults_writesFullBatchesThenTheRest_andCountsEachFailure() {
        List<BatchResult> results = IntStream.range(0, 25)
                .mapToObj(i -> i % 12 == 11
                        ? BatchResult.of("s" + i, List.of(), i == 11 ? "Item not found" : "Invalid item")
                        : BatchResult.of("s" + i, List.of("a", "s" + i, "b", "c", "d"), null))
                .collect(Collectors.toList());

        FetchSummary summary =
                fetcher().writeBatchSize(10).maxFailureRatio(0.1).build().loadBatchResults(results);

        assertThat(summary.total()).isEqualTo(25);
        assertThat(summary.failed()).isEqualTo(2);
        assertThat(summary.fetched()).isEqualTo(23);
        assertThat(summary.failures())
                .containsExactly(Map.entry("s11", "Item not found"), Map.entry("s23", "Invalid item"));
        assertThat(summary.activated()).isTrue(); // 2 <= floor(25 x 0.1)
        assertThat(store.batches).containsExactly(10, 10, 3);
        assertThat(store.get(ks, "s0").orElseThrow().itemIds()).containsExactly("a", "b", "c");
        assertThat(summary.elapsed()).isEqualTo(Duration.ZERO);
    }

    @Test
    void loadBatchResults_whenTheFailuresAreOneOverTheRatio_leavesThemPending() {
        List<BatchResult> results = IntStream.range(0, 20)
                .mapToObj(i -> BatchResult.of("s" + i, List.of("a"), i < 3 ? "boom" : null))
                .collect(Collectors.toList());

        FetchSummary summary =
                fetcher().writeBatchSize(1).maxFailureRatio(0.1).build().loadBatchResults(results);

        assertThat(summary.failed()).isEqualTo(3);
        assertThat(summary.activated()).isFalse(); // 3 > floor(20 x 0.1) = 2
        assertThat(store.batches).hasSize(17).containsOnly(1);
        assertThat(store.pendingGeneration(ks)).hasValue(summary.generation());
    }

    @Test
    void loadBatchResults_whenMoreThanAHundredFail_keepsTheFirstHundredMessages() {
        List<BatchResult> results = IntStream.range(0, 150)
                .mapToObj(i -> BatchResult.of("s" + i, List.of(), "error " + i))
                .collect(Collectors.toList());

        FetchSummary summary = fetcher().build().loadBatchResults(results);

        assertThat(summary.failed()).isEqualTo(150);
        assertThat(summary.failures()).hasSize(FetchSummary.MAX_REPORTED_FAILURES);
        assertThat(summary.failures().keySet()).startsWith("s0").endsWith("s99");
        assertThat(store.batches).isEmpty();
    }

    @Test
    void run_whenTheStoreCannotBeginAGeneration_namesTheCallTheAttemptsAndTheLastError() {
        FlakyStore flaky = new FlakyStore(InMemoryRecommendationStore.create());
        flaky.down = true;

        assertThatThrownBy(() -> fetcher()
                        .store(flaky)
                        .resume(false)
                        .storeRetryPolicy(p -> p.maxAttempts(2).jitter(0))
                        .build()
                        .run(List.of("a")))
                .isInstanceOfSatisfying(
                        CacheStoreException.class, e -> assertThat(e.getCause()).hasMessage("store is down"))
                .hasMessage("Could not begin a generation for keyspace " + ks.id()
                        + " after 2 attempts: java.lang.IllegalStateException: store is down; fix the store and run"
                        + " again to resume");
        assertThat(flaky.calls).hasValue(2);
        assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(100));
    }

    @Test
    void run_whenTheCallingThreadIsInterrupted_stopsWithFetchStoppedExceptionAndKeepsTheFlag() {
        RecommendationFetcher fetcher = fetcher().build();

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> fetcher.run(List.of("a", "b")))
                    .isInstanceOfSatisfying(
                            FetchStoppedException.class,
                            e -> assertThat(e.getCause()).isInstanceOf(InterruptedException.class))
                    .hasMessage(
                            "Fetch of generation 1 of keyspace " + ks.id() + " was interrupted; run again to resume");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void run_whenAWorkerIsInterruptedWhilePaced_stopsNamingTheInterruptAndKeepsWhatWasWrittenPending() {
        FakeSimilarItemsClient live = new FakeSimilarItemsClient(clock);
        RecommendationFetcher fetcher = fetcher()
                .client(live)
                .maxConcurrency(1)
                .maxTps(500)
                .timing(clock.ticker(), d -> {
                    throw new InterruptedException("stop");
                })
                .build();

        try {
            assertThatThrownBy(() -> fetcher.run(List.of("a", "b", "c")))
                    .isInstanceOfSatisfying(
                            FetchStoppedException.class,
                            e -> assertThat(e.getCause())
                                    .isInstanceOf(InterruptedException.class)
                                    .hasMessage("stop"))
                    .hasMessage("Fetch of generation 1 of keyspace " + ks.id()
                            + " stopped: java.lang.InterruptedException: stop; run again to resume");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(live.calls).hasValue(1); // "a" answered at once; "b" waited for its permit and was interrupted
        assertThat(store.pendingGeneration(ks)).hasValue(1);
        assertThat(store.activeGeneration(ks)).isEmpty();
        assertThat(store.itemIds(ks, 1)).containsExactly("a");
    }

    @Test
    void run_whenTheProgressIntervalIsUnderAMillisecond_runsAndActivates() {
        FakeSimilarItemsClient live = new FakeSimilarItemsClient(clock);

        FetchSummary summary = fetcher()
                .client(live)
                .progressInterval(Duration.ofNanos(500_000))
                .build()
                .run(List.of("a", "b"));

        assertThat(summary.fetched()).isEqualTo(2);
        assertThat(summary.activated()).isTrue();
        assertThat(live.calls).hasValue(2);
    }

    @Test
    void activeKeyspaces_ofAStoreThatDoesNotListThem_isAnEmptySet() {
        store.inner.activate(ks, store.inner.beginGeneration(ks));

        assertThat(store.inner.activeKeyspaces(ks.campaignArn())).containsExactly(ks);
        assertThat(store.activeKeyspaces(ks.campaignArn())).isNotNull().isEmpty();
    }

    @Test
    void builder_rejectsEachValueJustOutsideItsRangeNamingItAndAcceptsTheEdges() {
        RecommendationFetcher.Builder b = fetcher();
        assertThatThrownBy(() -> b.maxTps(0))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxTps must be more than 0 and at most 500.0 (a campaign's GetRecommendations quota), but"
                        + " it is 0.0");
        assertThatThrownBy(() -> b.maxTps(500.01)).hasMessageEndingWith("but it is 500.01");
        assertThatThrownBy(() -> b.maxTps(Double.NaN)).hasMessageEndingWith("but it is NaN");
        assertThatThrownBy(() -> b.maxConcurrency(0)).hasMessage("maxConcurrency must be 1 to 256, but it is 0");
        assertThatThrownBy(() -> b.maxConcurrency(257)).hasMessage("maxConcurrency must be 1 to 256, but it is 257");
        assertThatThrownBy(() -> b.writeBatchSize(0)).hasMessage("writeBatchSize must be 1 to 100000, but it is 0");
        assertThatThrownBy(() -> b.writeBatchSize(100_001))
                .hasMessage("writeBatchSize must be 1 to 100000, but it is 100001");
        assertThatThrownBy(() -> b.maxAttempts(0)).hasMessage("maxAttempts must be 1 to 10, but it is 0");
        assertThatThrownBy(() -> b.maxAttempts(11)).hasMessage("maxAttempts must be 1 to 10, but it is 11");
        assertThatThrownBy(() -> b.retryBackoff(Duration.ofMillis(-1)))
                .hasMessage("retryBackoff must not be negative, but it is PT-0.001S");
        assertThatThrownBy(() -> b.progressInterval(Duration.ZERO)).hasMessage("progressInterval must be positive");
        assertThatThrownBy(() -> b.progressInterval(Duration.ofSeconds(-1)))
                .hasMessage("progressInterval must not be negative, but it is PT-1S");
        assertThatThrownBy(() -> b.maxFailureRatio(-0.01))
                .hasMessage("maxFailureRatio must be between 0 and 1, but it is -0.01");
        assertThatThrownBy(() -> b.maxFailureRatio(1.01))
                .hasMessage("maxFailureRatio must be between 0 and 1, but it is 1.01");
        assertThatThrownBy(() -> b.maxFailureRatio(Double.NaN))
                .hasMessage("maxFailureRatio must be between 0 and 1, but it is NaN");
        b.maxTps(500)
                .maxConcurrency(256)
                .maxConcurrency(1)
                .writeBatchSize(100_000)
                .writeBatchSize(1)
                .maxAttempts(10)
                .maxAttempts(1)
                .retryBackoff(Duration.ZERO)
                .progressInterval(Duration.ofNanos(1))
                .maxFailureRatio(0)
                .maxFailureRatio(1);
        assertThat(b.build().keyspace()).isEqualTo(ks);
        assertThat(RecommendationFetcher.builder()
                        .keyspace(
                                k -> k.campaignArn("c").solutionVersionArn("s").numResults(7))
                        .client(new FakeSimilarItemsClient(clock))
                        .store(store)
                        .build()
                        .keyspace())
                .isEqualTo(CacheKeyspace.builder()
                        .campaignArn("c")
                        .solutionVersionArn("s")
                        .numResults(7)
                        .build());
        assertThatThrownBy(() -> RecommendationFetcher.builder()
                        .store(store)
                        .keyspace(ks)
                        .build())
                .isExactlyInstanceOf(NullPointerException.class)
                .hasMessage("client");
        assertThatThrownBy(() -> RecommendationFetcher.builder()
                        .client(new FakeSimilarItemsClient(clock))
                        .keyspace(ks)
                        .build())
                .hasMessage("store");
    }
}
