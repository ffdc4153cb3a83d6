package io.personalizekit.cache;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.personalizekit.exception.LiveCallRejectedException;
import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.recommend.SimilarItemsRequest;
import io.personalizekit.testing.FakeClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;
import software.amazon.awssdk.services.personalizeruntime.model.PersonalizeRuntimeException;

/**
 * The caching client while Personalize throttles, fails or hangs: the real SDK runtime client with its default
 * retries, the real default similar-items client, WireMock answering in the runtime's wire format, and an injected
 * clock for TTL and the breakers. Live calls are counted at WireMock (what Personalize would receive, SDK retries
 * included) and by a gate around the real client.
 */
@Timeout(60)
class CachingSimilarItemsClientOutageTest {
    static final String CAMPAIGN = "arn:aws:personalize:us-east-1:000000000000:campaign/articles";
    static final String SV = "arn:aws:personalize:us-east-1:000000000000:solution/articles/1a2b3c4d";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().containerThreads(120))
            .failOnUnmatchedRequests(true)
            .build();

    final FakeClock clock = new FakeClock(Instant.parse("2026-11-28T10:00:00Z"));
    PersonalizeRuntimeClient runtime;
    SimilarItemsClient real;
    GatedClient live;

    @BeforeEach
    void setUp() {
        // The SDK's default retry strategy, as an application would have it.
        runtime = PersonalizeRuntimeClient.builder()
                .endpointOverride(URI.create(wm.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "skid")))
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(128))
                .build();
        real = SimilarItemsClient.builder()
                .runtimeClient(runtime)
                .campaignArn(CAMPAIGN)
                .clock(clock)
                .build();
        live = new GatedClient(real);
    }

    @AfterEach
    void tearDown() {
        real.close();
        runtime.close();
    }

    CachingSimilarItemsClient.Builder client() {
        return CachingSimilarItemsClient.builder()
                .delegate(live)
                .campaignArn(CAMPAIGN)
                .solutionVersionArn(SV)
                .ttl(Duration.ofMinutes(10))
                .refreshAhead(Duration.ZERO)
                .liveCallTimeout(Duration.ofSeconds(30)) // the first SDK call of a loaded test JVM can be slow
                .clock(clock);
    }

    static void answer(ResponseDefinitionBuilder response) {
        wm.stubFor(post(urlEqualTo("/recommendations")).willReturn(response));
    }

    static ResponseDefinitionBuilder ok() {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"itemList\":[{\"itemId\":\"x-2\"},{\"itemId\":\"x-3\"}],"
                        + "\"recommendationId\":\"RID-0241e16a-374f-4f90-866a-24e4e3f02f96\"}");
    }

    static ResponseDefinitionBuilder error(int status, String type) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withHeader("x-amzn-ErrorType", type)
                .withHeader("x-amzn-RequestId", "req-1")
                .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + type + "\"}");
    }

    static int requests() {
        return wm.findAll(postRequestedFor(urlEqualTo("/recommendations"))).size();
    }

    /** Fills lists for seeds a0..a(n-1), then lets them expire. */
    static void fillThenExpire(CachingSimilarItemsClient c, FakeClock clock, int n) {
        answer(ok());
        for (int i = 0; i < n; i++) {
            assertThat(c.similarTo("a" + i).source()).isEqualTo(ResultSource.LIVE);
        }
        clock.advance(Duration.ofMinutes(11));
        wm.resetRequests();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"400, ThrottlingException", "500, InternalFailure", "503, ServiceUnavailable"})
    void similarTo_whenPersonalizeFailsWithStaleLists_sendsOneRequestPerCallThenStopsCallingAndServesStale(
            int status, String type) {
        try (CachingSimilarItemsClient c = client().build()) {
            fillThenExpire(c, clock, 10);
            answer(error(status, type));

            List<SimilarItems> served = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                served.add(c.similarTo("a" + (i % 10)));
            }

            assertThat(served).allSatisfy(s -> assertThat(s.source()).isEqualTo(ResultSource.STALE));
            // 5 failed calls (each one request: no SDK retries while a stale list is at hand) opened the breaker;
            // the 35 answers after it never reached Personalize.
            assertThat(requests()).isEqualTo(5);
            CacheStats stats = c.stats();
            assertThat(stats.liveFailureCount()).isEqualTo(5);
            assertThat(stats.circuitRejectedCount()).isEqualTo(35);
            assertThat(stats.staleCount()).isEqualTo(40);
            assertThat(stats.liveCircuit()).isEqualTo(CircuitState.OPEN);
            assertThat(stats.toString()).contains("liveCircuit=OPEN");
        }
    }

    @Test
    void similarTo_whenBreakerOpenAndNoList_throwsLiveCallRejectedWithoutCalling() {
        try (CachingSimilarItemsClient c =
                client().liveCircuitBreaker(2, Duration.ofSeconds(1)).build()) {
            fillThenExpire(c, clock, 2);
            answer(error(400, "ThrottlingException"));
            c.similarTo("a0");
            c.similarTo("a1");

            assertThatThrownBy(() -> c.similarTo("never-cached"))
                    .isInstanceOfSatisfying(LiveCallRejectedException.class, e -> {
                        assertThat(e.reason()).isEqualTo(LiveCallRejectedException.Reason.CIRCUIT_OPEN);
                        assertThat(e.itemId()).isEqualTo("never-cached");
                        assertThat(e.campaignArn()).isEqualTo(CAMPAIGN);
                    })
                    .hasMessageContaining("never-cached")
                    .hasMessageContaining("circuit breaker is open");
            assertThat(requests()).isEqualTo(2);
        }
    }

    @Test
    void similarTo_afterTheOpenPeriod_letsExactlyOneTrialThroughThenResumesLiveCalls() throws Exception {
        try (CachingSimilarItemsClient c = client().build()) {
            fillThenExpire(c, clock, 30);
            answer(error(500, "InternalFailure"));
            for (int i = 0; i < 5; i++) {
                c.similarTo("a" + i);
            }
            assertThat(c.stats().liveCircuit()).isEqualTo(CircuitState.OPEN);

            // Still failing after the open period: one trial, which fails and re-opens the breaker.
            clock.advance(Duration.ofSeconds(1));
            for (int i = 5; i < 15; i++) {
                assertThat(c.similarTo("a" + i).source()).isEqualTo(ResultSource.STALE);
            }
            assertThat(requests()).isEqualTo(6);

            // Healthy again: the next trial holds the breaker half-open while it runs; everyone else is served
            // stale without a call, then live calls resume.
            answer(ok());
            clock.advance(Duration.ofSeconds(1));
            live.gate = new CountDownLatch(1);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<SimilarItems> trial = pool.submit(() -> c.similarTo("a15"));
                live.awaitBlocked(1);
                for (int i = 16; i < 26; i++) {
                    assertThat(c.similarTo("a" + i).source()).isEqualTo(ResultSource.STALE);
                }
                assertThat(c.stats().liveCircuit()).isEqualTo(CircuitState.HALF_OPEN);
                live.gate.countDown();

                assertThat(trial.get(10, TimeUnit.SECONDS).source()).isEqualTo(ResultSource.LIVE);
            } finally {
                pool.shutdownNow();
            }
            assertThat(c.similarTo("a26").source()).isEqualTo(ResultSource.LIVE);
            assertThat(c.stats().liveCircuit()).isEqualTo(CircuitState.CLOSED);
            assertThat(requests()).isEqualTo(6 + 2);
        }
    }

    @Test
    void similarTo_whenPersonalizeRejectsTheInput_doesNotOpenTheBreaker() {
        try (CachingSimilarItemsClient c =
                client().liveCircuitBreaker(2, Duration.ofSeconds(1)).build()) {
            fillThenExpire(c, clock, 5);
            answer(error(400, "InvalidInputException"));
            for (int i = 0; i < 5; i++) {
                String seed = "a" + i;
                assertThatThrownBy(() -> c.similarTo(seed)).isInstanceOf(PersonalizeRuntimeException.class);
            }

            assertThat(requests()).isEqualTo(5);
            assertThat(c.stats().liveCircuit()).isEqualTo(CircuitState.CLOSED);
            assertThat(c.stats().liveFailureCount()).isEqualTo(5);
        }
    }

    @Test
    void similarTo_whenPersonalizeAnswersAfterTheDeadline_servesStaleAtTheDeadline() {
        InMemoryRecommendationStore store = InMemoryRecommendationStore.create();
        try (CachingSimilarItemsClient filler = client().store(store).build()) {
            fillThenExpire(filler, clock, 2);
        }
        try (CachingSimilarItemsClient c =
                client().store(store).liveCallTimeout(Duration.ofMillis(200)).build()) {
            answer(ok().withFixedDelay(5_000));

            assertThat(c.similarTo("a0").source()).isEqualTo(ResultSource.STALE);
            assertThatThrownBy(() -> c.similarTo("never-cached")).isInstanceOf(ApiCallTimeoutException.class);
            assertThat(c.stats().liveFailureCount()).isEqualTo(2);
        }
    }

    @Test
    void similarTo_whenAsManyLiveCallsAsAllowedAreInFlight_servesStaleOrRejectsWithoutCalling() throws Exception {
        try (CachingSimilarItemsClient c = client().maxConcurrentLiveCalls(1).build()) {
            fillThenExpire(c, clock, 2);
            answer(ok());
            live.gate = new CountDownLatch(1);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<SimilarItems> inFlight = pool.submit(() -> c.similarTo("b0"));
                live.awaitBlocked(1);

                assertThat(c.similarTo("a0").source()).isEqualTo(ResultSource.STALE);
                assertThatThrownBy(() -> c.similarTo("b1"))
                        .isInstanceOfSatisfying(
                                LiveCallRejectedException.class,
                                e -> assertThat(e.reason()).isEqualTo(LiveCallRejectedException.Reason.BULKHEAD_FULL));
                live.gate.countDown();
                assertThat(inFlight.get(10, TimeUnit.SECONDS).source()).isEqualTo(ResultSource.LIVE);
            } finally {
                pool.shutdownNow();
            }
            assertThat(c.similarTo("a1").source()).isEqualTo(ResultSource.LIVE);
            assertThat(c.stats().bulkheadRejectedCount()).isEqualTo(2);
            assertThat(live.calls).hasValue(2 + 2); // the two lists filled first, then b0 and a1
            assertThat(requests()).isEqualTo(2);
        }
    }

    @Test
    void similarTo_when100ConcurrentMissesOnOneKeyWhileStoreBreakerOpen_makesExactlyOneLiveCallEachRound()
            throws Exception {
        FlakyStore store = new FlakyStore(InMemoryRecommendationStore.create());
        answer(ok());
        try (CachingSimilarItemsClient c =
                client().store(store).circuitBreaker(1, Duration.ofHours(1)).build()) {
            store.down = true;
            c.similarTo("warm-up"); // the store read fails: its breaker opens and stays open
            assertThat(c.stats().storeCircuit()).isEqualTo(CircuitState.OPEN);
            ExecutorService pool = Executors.newFixedThreadPool(100);
            try {
                List<Integer> callsPerRound = new ArrayList<>();
                for (int round = 0; round < 20; round++) {
                    String seed = "hot-" + round;
                    callsPerRound.add(concurrentMisses(pool, () -> c.similarTo(seed), seed));
                }
                assertThat(callsPerRound).containsOnly(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void similarTo_whenAMissReadTheStoreBeforeTheLeaderFinished_takesTheLeadersResult() throws Exception {
        SnapshotStore store = new SnapshotStore(InMemoryRecommendationStore.create());
        answer(ok());
        try (CachingSimilarItemsClient c = client().store(store).build()) {
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                // The late reader's store read sees no list, and its answer arrives after the leader finished.
                store.hold = new CountDownLatch(1);
                Future<SimilarItems> late = pool.submit(() -> c.similarTo("k"));
                store.awaitHeld();

                SimilarItems leader = c.similarTo("k");
                store.hold.countDown();
                SimilarItems follower = late.get(10, TimeUnit.SECONDS);

                assertThat(leader.source()).isEqualTo(ResultSource.LIVE);
                assertThat(follower.itemIds()).isEqualTo(leader.itemIds());
                assertThat(live.calls).hasValue(1);
                assertThat(requests()).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** Runs 100 calls released at once; returns the live calls they made for {@code seed}. */
    int concurrentMisses(ExecutorService pool, Runnable call, String seed) throws Exception {
        CountDownLatch ready = new CountDownLatch(100);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            futures.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                call.run();
                return null;
            }));
        }
        ready.await();
        go.countDown();
        for (Future<?> f : futures) {
            f.get(20, TimeUnit.SECONDS);
        }
        return live.callsPerItem.getOrDefault(seed, new AtomicInteger()).get();
    }

    /**
     * A gate around the real similar-items client (not the class under test): counts calls per seed and, while
     * {@link #gate} is set, holds each call until it is opened.
     */
    static final class GatedClient implements SimilarItemsClient {
        final SimilarItemsClient inner;
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger blocked = new AtomicInteger();
        final Map<String, AtomicInteger> callsPerItem = new ConcurrentHashMap<>();
        volatile CountDownLatch gate;

        GatedClient(SimilarItemsClient inner) {
            this.inner = inner;
        }

        @Override
        public SimilarItems similarItems(SimilarItemsRequest request) {
            calls.incrementAndGet();
            callsPerItem
                    .computeIfAbsent(request.itemId(), k -> new AtomicInteger())
                    .incrementAndGet();
            CountDownLatch g = gate;
            if (g != null) {
                blocked.incrementAndGet();
                try {
                    g.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return inner.similarItems(request);
        }

        void awaitBlocked(int n) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (blocked.get() < n) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no call reached the gate within 10 s");
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // bounded polling for the gate
            }
        }

        @Override
        public void close() {}
    }

    /**
     * A store double around the real in-memory store whose reads, on the thread that starts while {@link #hold}
     * is set, read the store at once but deliver the answer only when {@link #hold} opens: a reply that left the
     * store before a concurrent write landed.
     */
    static final class SnapshotStore extends DelegatingStore {
        volatile CountDownLatch hold;
        final CountDownLatch held = new CountDownLatch(1);
        final AtomicReference<Thread> first = new AtomicReference<>();

        SnapshotStore(InMemoryRecommendationStore inner) {
            super(inner);
        }

        @Override
        public java.util.Optional<SimilarItems> get(CacheKeyspace keyspace, String itemId) {
            java.util.Optional<SimilarItems> found = inner.get(keyspace, itemId);
            CountDownLatch h = hold;
            if (h != null && first.compareAndSet(null, Thread.currentThread())) {
                held.countDown();
                try {
                    h.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return found;
        }

        void awaitHeld() throws InterruptedException {
            assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Passes every call to a real store. */
    static class DelegatingStore implements RecommendationStore {
        final RecommendationStore inner;

        DelegatingStore(RecommendationStore inner) {
            this.inner = inner;
        }

        @Override
        public java.util.Optional<SimilarItems> get(CacheKeyspace keyspace, String itemId) {
            return inner.get(keyspace, itemId);
        }

        @Override
        public Map<String, SimilarItems> getAll(CacheKeyspace keyspace, java.util.Collection<String> itemIds) {
            return inner.getAll(keyspace, itemIds);
        }

        @Override
        public void put(CacheKeyspace keyspace, SimilarItems items) {
            inner.put(keyspace, items);
        }

        @Override
        public void putAll(CacheKeyspace keyspace, long generation, java.util.Collection<SimilarItems> items) {
            inner.putAll(keyspace, generation, items);
        }

        @Override
        public long beginGeneration(CacheKeyspace keyspace) {
            return inner.beginGeneration(keyspace);
        }

        @Override
        public java.util.OptionalLong pendingGeneration(CacheKeyspace keyspace) {
            return inner.pendingGeneration(keyspace);
        }

        @Override
        public java.util.OptionalLong activeGeneration(CacheKeyspace keyspace) {
            return inner.activeGeneration(keyspace);
        }

        @Override
        public java.util.Set<String> itemIds(CacheKeyspace keyspace, long generation) {
            return inner.itemIds(keyspace, generation);
        }

        @Override
        public void activate(CacheKeyspace keyspace, long generation) {
            inner.activate(keyspace, generation);
        }

        @Override
        public void close() {}
    }
}
