package io.personalizekit.cache;

import static io.personalizekit.cache.CacheClientWire.CAMPAIGN;
import static io.personalizekit.cache.CacheClientWire.SV;
import static io.personalizekit.cache.CacheClientWire.calls;
import static io.personalizekit.cache.CacheClientWire.similar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.personalizekit.exception.LiveCallRejectedException;
import io.personalizekit.exception.LiveCallRejectedException.Reason;
import io.personalizekit.observe.LiveCallRejectedEvent;
import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.recommend.SimilarItemsRequest;
import io.personalizekit.testing.FakeClock;
import io.personalizekit.testing.RecordingListener;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;

/**
 * Single-flight of concurrent misses, the bulkhead, and the reuse of a finished live call while the store is
 * skipped; deterministic interleavings (a delegate that holds a call on a latch) over the real SDK and WireMock.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReadThroughFlightTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig()
                    .dynamicPort())
            .failOnUnmatchedRequests(true)
            .build();

    final FakeClock clock = new FakeClock(Instant.parse("2026-11-28T10:00:00Z"));
    final RecordingListener events = new RecordingListener();
    CountingStore store;
    PersonalizeRuntimeClient runtime;
    SimilarItemsClient live;

    /** The live client, holding the first call for the seed {@link #held} until {@link #release}. */
    final CountDownLatch entered = new CountDownLatch(1);

    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger delegateCalls = new AtomicInteger();
    final AtomicReference<RuntimeException> failHeldWith = new AtomicReference<>();
    volatile String held = "a-1";

    SimilarItemsClient holding;

    @BeforeEach
    void setUp() {
        store = new CountingStore(clock);
        runtime = CacheClientWire.runtime(wm);
        live = SimilarItemsClient.builder()
                .runtimeClient(runtime)
                .campaignArn(CAMPAIGN)
                .clock(clock)
                .build();
        holding = new SimilarItemsClient() {
            @Override
            public SimilarItems similarItems(SimilarItemsRequest request) {
                delegateCalls.incrementAndGet();
                if (request.itemId().equals(held) && entered.getCount() > 0) {
                    entered.countDown();
                    try {
                        assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                    RuntimeException failure = failHeldWith.get();
                    if (failure != null) {
                        throw failure;
                    }
                }
                return live.similarItems(request);
            }

            @Override
            public void close() {}
        };
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        live.close();
        runtime.close();
    }

    CachingSimilarItemsClient.Builder cached() {
        return CachingSimilarItemsClient.builder()
                .delegate(holding)
                .campaignArn(CAMPAIGN)
                .solutionVersionArn(SV)
                .store(store)
                .ttl(Duration.ofMinutes(10))
                .refreshAhead(Duration.ZERO)
                .liveCallTimeout(Duration.ofSeconds(30))
                .clock(clock)
                .listener(events);
    }

    static void awaitParked(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
            assertThat(System.nanoTime()).as("thread %s parked", t.getName()).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    /** Runs a call on its own thread, returning the thread and its outcome. */
    static Thread start(Runnable r) {
        Thread t = new Thread(r, "miss-" + System.nanoTime());
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void concurrentMissesOnOneKey_shareOneLiveCall() throws Exception {
        similar(wm, "a-1", "a-2");
        try (CachingSimilarItemsClient c = cached().build()) {
            CompletableFuture<SimilarItems> first = new CompletableFuture<>();
            CompletableFuture<SimilarItems> second = new CompletableFuture<>();
            start(() -> first.complete(c.similarTo("a-1")));
            assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
            Thread waiter = start(() -> second.complete(c.similarTo("a-1")));
            awaitParked(waiter);

            release.countDown();

            assertThat(second.get(30, TimeUnit.SECONDS)).isSameAs(first.get(30, TimeUnit.SECONDS));
            assertThat(first.get().source()).isEqualTo(ResultSource.LIVE);
            assertThat(delegateCalls.get()).isEqualTo(1);
            assertThat(calls(wm, "a-1")).isEqualTo(1);
            assertThat(c.stats().missCount()).isEqualTo(2);
            assertThat(c.stats().liveCallCount()).isEqualTo(1);
        }
    }

    @Test
    void concurrentMissesOnOneKey_shareTheLiveCallsFailure() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        failHeldWith.set(boom);
        try (CachingSimilarItemsClient c = cached().build()) {
            CompletableFuture<Throwable> first = new CompletableFuture<>();
            CompletableFuture<Throwable> second = new CompletableFuture<>();
            start(() -> first.complete(catching(() -> c.similarTo("a-1"))));
            assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
            Thread waiter = start(() -> second.complete(catching(() -> c.similarTo("a-1"))));
            awaitParked(waiter);

            release.countDown();

            assertThat(first.get(30, TimeUnit.SECONDS)).isSameAs(boom);
            assertThat(second.get(30, TimeUnit.SECONDS)).isSameAs(boom);
            assertThat(delegateCalls.get()).isEqualTo(1);
            assertThat(c.stats().liveFailureCount()).isEqualTo(1);
        }
    }

    @Test
    void concurrentMissesOnOneKey_shareAnError() throws Exception {
        failHeldWith.set(null);
        try (CachingSimilarItemsClient c = cached().delegate(new SimilarItemsClient() {
                    @Override
                    public SimilarItems similarItems(SimilarItemsRequest request) {
                        delegateCalls.incrementAndGet();
                        entered.countDown();
                        try {
                            release.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        throw new AssertionError("an error, not an exception");
                    }

                    @Override
                    public void close() {}
                })
                .build()) {
            CompletableFuture<Throwable> first = new CompletableFuture<>();
            CompletableFuture<Throwable> second = new CompletableFuture<>();
            start(() -> first.complete(catching(() -> c.similarTo("a-1"))));
            assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
            Thread waiter = start(() -> second.complete(catching(() -> c.similarTo("a-1"))));
            awaitParked(waiter);

            release.countDown();

            assertThat(first.get(30, TimeUnit.SECONDS)).isInstanceOf(AssertionError.class);
            assertThat(second.get(30, TimeUnit.SECONDS)).isSameAs(first.get());
            assertThat(delegateCalls.get()).isEqualTo(1);
        }
    }

    static Throwable catching(Runnable r) {
        try {
            r.run();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    @Test
    void bulkhead_whenFull_rejectsAMissWithNothingCached_andServesAnExpiredListStale() throws Exception {
        similar(wm, "a-1", "a-2");
        similar(wm, "a-5", "a-6");
        held = "a-1";
        try (CachingSimilarItemsClient c = cached().maxConcurrentLiveCalls(1).build()) {
            SimilarItems old = c.similarTo("a-5");
            clock.advance(Duration.ofMinutes(10));
            CompletableFuture<SimilarItems> holder = CompletableFuture.supplyAsync(() -> c.similarTo("a-1"));
            assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(() -> c.similarTo("a-9")).isInstanceOfSatisfying(LiveCallRejectedException.class, e -> {
                assertThat(e.reason()).isEqualTo(Reason.BULKHEAD_FULL);
                assertThat(e.itemId()).isEqualTo("a-9");
            });
            SimilarItems stale = c.similarTo("a-5");
            release.countDown();
            holder.get(30, TimeUnit.SECONDS);

            assertThat(stale.source()).isEqualTo(ResultSource.STALE);
            assertThat(stale.fetchedAt()).isEqualTo(old.fetchedAt());
            assertThat(c.stats())
                    .isEqualTo(new CacheStats(0, 4, 1, 0, 0, 2, 0, 0, 2, 0, CircuitState.CLOSED, CircuitState.CLOSED));
            assertThat(calls(wm, "a-5")).isEqualTo(1);
            assertThat(c.similarTo("a-5").source()).isEqualTo(ResultSource.LIVE);
        }
        assertThat(events.rejections)
                .containsExactly(
                        new LiveCallRejectedEvent(CAMPAIGN, Reason.BULKHEAD_FULL, false),
                        new LiveCallRejectedEvent(CAMPAIGN, Reason.BULKHEAD_FULL, true));
    }

    @Test
    void whileTheStoreIsSkipped_aMissReusesTheLastLiveAnswerUntilItsTtl() {
        similar(wm, "a-1", "a-2");
        held = "none";
        store.down = true;
        try (CachingSimilarItemsClient c =
                cached().circuitBreaker(1, Duration.ofHours(1)).build()) {
            SimilarItems first = c.similarTo("a-1");
            SimilarItems second = c.similarTo("a-1");

            assertThat(second).isSameAs(first);
            assertThat(calls(wm, "a-1")).isEqualTo(1);

            clock.advance(Duration.ofMinutes(10));
            SimilarItems third = c.similarTo("a-1");
            assertThat(third).isNotSameAs(first);
            assertThat(third.fetchedAt()).isEqualTo(clock.instant());
            assertThat(calls(wm, "a-1")).isEqualTo(2);
            assertThat(c.stats().missCount()).isEqualTo(3);
        }
    }

    @Test
    void whenTheStoreIsNotSkipped_aFinishedCallIsNotReused() {
        similar(wm, "a-1", "a-2");
        held = "none";
        store.writesDown = true; // each write fails, so each read misses, but the breaker stays closed
        try (CachingSimilarItemsClient c =
                cached().circuitBreaker(100, Duration.ofHours(1)).build()) {
            c.similarTo("a-1");
            c.similarTo("a-1");
            assertThat(calls(wm, "a-1")).isEqualTo(2);
        }
    }

    @Test
    void whileTheStoreIsSkipped_aStaleAnswerIsNotReused() {
        similar(wm, "a-1", "a-2");
        held = "none";
        try (CachingSimilarItemsClient c = cached().circuitBreaker(1, Duration.ofHours(1))
                .storeSlowCallThreshold(Duration.ofMillis(100))
                .build()) {
            c.similarTo("a-1");
            clock.advance(Duration.ofMinutes(10));
            CacheClientWire.error(wm, "a-1", 500, "InternalFailure");
            store.readTakes = Duration.ofMillis(100); // answered, but slowly: the store breaker opens

            assertThat(c.similarTo("a-1").source()).isEqualTo(ResultSource.STALE);
            assertThat(c.stats().storeCircuit()).isEqualTo(CircuitState.OPEN);
            assertThatThrownBy(() -> c.similarTo("a-1"))
                    .isInstanceOf(
                            software.amazon.awssdk.services.personalizeruntime.model.PersonalizeRuntimeException.class);
            assertThat(calls(wm, "a-1")).isEqualTo(3);
        }
    }

    @Test
    void aMissWhoseStoreReadRacedALiveCallThatFinished_takesThatCallsAnswer() throws Exception {
        similar(wm, "a-1", "a-2");
        held = "none";
        CountDownLatch readDone = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        try (CachingSimilarItemsClient c = cached().build()) {
            CompletableFuture<SimilarItems> late = new CompletableFuture<>();
            store.afterRead = () -> {
                if (Thread.currentThread().getName().equals("slow-reader")) {
                    readDone.countDown();
                    try {
                        go.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
            Thread slowReader = new Thread(() -> late.complete(c.similarTo("a-1")), "slow-reader");
            slowReader.setDaemon(true);
            slowReader.start();
            assertThat(readDone.await(30, TimeUnit.SECONDS)).isTrue(); // it read nothing, and waits

            SimilarItems meanwhile = c.similarTo("a-1"); // a whole miss: live call and write
            go.countDown();

            assertThat(late.get(30, TimeUnit.SECONDS)).isSameAs(meanwhile);
            assertThat(calls(wm, "a-1")).isEqualTo(1);
            assertThat(c.stats().missCount()).isEqualTo(2);
        }
    }

    @Test
    void refreshAhead_whenTheBulkheadIsFull_skipsTheRefresh() throws Exception {
        similar(wm, "a-1", "a-2");
        similar(wm, "a-5", "a-6");
        held = "a-1";
        java.util.List<Runnable> queued = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (CachingSimilarItemsClient c = cached().maxConcurrentLiveCalls(1)
                .refreshAhead(Duration.ofMinutes(2))
                .refreshExecutor(queued::add)
                .build()) {
            c.similarTo("a-5");
            clock.advance(Duration.ofMinutes(9));
            c.similarTo("a-5");
            assertThat(queued).hasSize(1);
            CompletableFuture<SimilarItems> holder = CompletableFuture.supplyAsync(() -> c.similarTo("a-1"));
            assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();

            queued.get(0).run();

            release.countDown();
            holder.get(30, TimeUnit.SECONDS);
            assertThat(calls(wm, "a-5")).isEqualTo(1);
            assertThat(c.stats().refreshCount()).isZero();
            assertThat(c.stats().bulkheadRejectedCount()).isZero();
        }
    }

    @Test
    void refreshAhead_byDefault_runsOnTheClientsOwnDaemonThread() throws Exception {
        similar(wm, "a-1", "a-2");
        held = "none";
        CountDownLatch refreshed = new CountDownLatch(1);
        AtomicReference<Thread> on = new AtomicReference<>();
        try (CachingSimilarItemsClient c = cached().delegate(new SimilarItemsClient() {
                    @Override
                    public SimilarItems similarItems(SimilarItemsRequest request) {
                        SimilarItems s = holding.similarItems(request);
                        if (delegateCalls.get() == 2) {
                            on.set(Thread.currentThread());
                            refreshed.countDown();
                        }
                        return s;
                    }

                    @Override
                    public void close() {}
                })
                .refreshAhead(Duration.ofMinutes(2))
                .build()) {
            c.similarTo("a-1");
            clock.advance(Duration.ofMinutes(9));
            c.similarTo("a-1");

            assertThat(refreshed.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(on.get().getName()).isEqualTo("personalize-cache-refresh-1");
            assertThat(on.get().isDaemon()).isTrue();
        }
    }
}
