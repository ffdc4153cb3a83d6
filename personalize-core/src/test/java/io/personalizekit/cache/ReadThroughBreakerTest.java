package io.personalizekit.cache;

import static io.personalizekit.cache.CacheClientWire.CAMPAIGN;
import static io.personalizekit.cache.CacheClientWire.SV;
import static io.personalizekit.cache.CacheClientWire.calls;
import static io.personalizekit.cache.CacheClientWire.error;
import static io.personalizekit.cache.CacheClientWire.similar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.personalizekit.exception.CacheStoreException;
import io.personalizekit.exception.LiveCallRejectedException;
import io.personalizekit.exception.LiveCallRejectedException.Reason;
import io.personalizekit.observe.CacheRequestEvent;
import io.personalizekit.observe.CacheResult;
import io.personalizekit.observe.CircuitStateEvent;
import io.personalizekit.observe.CircuitStateEvent.Circuit;
import io.personalizekit.observe.LiveCallRejectedEvent;
import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.testing.FakeClock;
import io.personalizekit.testing.RecordingListener;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;
import software.amazon.awssdk.services.personalizeruntime.model.PersonalizeRuntimeException;

/**
 * The live-call breaker, the store breaker (failures and slow calls), the stale rule and the counters, over the real
 * SDK against WireMock answering GetRecommendations as the runtime does, with an injected clock.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReadThroughBreakerTest {
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

    @BeforeEach
    void setUp() {
        store = new CountingStore(clock);
        runtime = CacheClientWire.runtime(wm);
        live = SimilarItemsClient.builder()
                .runtimeClient(runtime)
                .campaignArn(CAMPAIGN)
                .clock(clock)
                .build();
    }

    @AfterEach
    void tearDown() {
        live.close();
        runtime.close();
    }

    CachingSimilarItemsClient.Builder cached() {
        return CachingSimilarItemsClient.builder()
                .delegate(live)
                .campaignArn(CAMPAIGN)
                .solutionVersionArn(SV)
                .store(store)
                .ttl(Duration.ofMinutes(10))
                .refreshAhead(Duration.ZERO)
                .liveCallTimeout(Duration.ofSeconds(30))
                .storeSlowCallThreshold(Duration.ofHours(1))
                .clock(clock)
                .listener(events);
    }

    static CacheStats stats(
            long hits,
            long misses,
            long stale,
            long liveCalls,
            long liveFailures,
            long circuitRejected,
            long storeErrors,
            long slow,
            CircuitState live,
            CircuitState store) {
        return new CacheStats(
                hits, misses, stale, 0, storeErrors, liveCalls, liveFailures, circuitRejected, 0, slow, live, store);
    }

    @Test
    void liveBreaker_opensAtTheSecondFailure_rejectsUntilOpenForHasPassed_thenOneTrialClosesIt() {
        error(wm, "a-1", 500, "InternalFailure");
        error(wm, "a-2", 503, "ServiceUnavailable");
        similar(wm, "a-3", "a-7");
        try (CachingSimilarItemsClient c =
                cached().liveCircuitBreaker(2, Duration.ofMinutes(1)).build()) {
            assertThatThrownBy(() -> c.similarTo("a-1")).isInstanceOf(PersonalizeRuntimeException.class);
            assertThat(c.stats().liveCircuit()).isEqualTo(CircuitState.CLOSED);
            assertThatThrownBy(() -> c.similarTo("a-2")).isInstanceOf(PersonalizeRuntimeException.class);
            assertThat(c.stats().liveCircuit()).isEqualTo(CircuitState.OPEN);

            assertThatThrownBy(() -> c.similarTo("a-3")).isInstanceOfSatisfying(LiveCallRejectedException.class, e -> {
                assertThat(e.reason()).isEqualTo(Reason.CIRCUIT_OPEN);
                assertThat(e.itemId()).isEqualTo("a-3");
                assertThat(e.campaignArn()).isEqualTo(CAMPAIGN);
            });
            clock.advance(Duration.ofMinutes(1).minusMillis(1));
            assertThatThrownBy(() -> c.similarTo("a-3")).isInstanceOf(LiveCallRejectedException.class);
            assertThat(calls(wm, "a-3")).isZero();

            clock.advance(Duration.ofMillis(1));
            SimilarItems trial = c.similarTo("a-3");

            assertThat(trial.source()).isEqualTo(ResultSource.LIVE);
            assertThat(trial.itemIds()).containsExactly("a-7");
            assertThat(calls(wm, "a-3")).isEqualTo(1);
            assertThat(c.stats()).isEqualTo(stats(0, 5, 0, 3, 2, 2, 0, 0, CircuitState.CLOSED, CircuitState.CLOSED));
        }
        assertThat(events.circuits)
                .containsExactly(
                        new CircuitStateEvent(CAMPAIGN, Circuit.LIVE_CALL, CircuitState.CLOSED, CircuitState.OPEN),
                        new CircuitStateEvent(CAMPAIGN, Circuit.LIVE_CALL, CircuitState.OPEN, CircuitState.HALF_OPEN),
                        new CircuitStateEvent(
                                CAMPAIGN, Circuit.LIVE_CALL, CircuitState.HALF_OPEN, CircuitState.CLOSED));
        assertThat(events.rejections)
                .containsExactly(
                        new LiveCallRejectedEvent(CAMPAIGN, Reason.CIRCUIT_OPEN, false),
                        new LiveCallRejectedEvent(CAMPAIGN, Reason.CIRCUIT_OPEN, false));
        assertThat(events.cacheRequests)
                .extracting(CacheRequestEvent::result)
                .containsExactly(
                        CacheResult.MISS, CacheResult.MISS, CacheResult.MISS, CacheResult.MISS, CacheResult.MISS);
    }

    @Test
    void liveBreaker_whenTheTrialFails_opensAgainForAnotherOpenFor() {
        error(wm, "a-1", 500, "InternalFailure");
        try (CachingSimilarItemsClient c =
                cached().liveCircuitBreaker(1, Duration.ofSeconds(30)).build()) {
            assertThatThrownBy(() -> c.similarTo("a-1")).isInstanceOf(PersonalizeRuntimeException.class);
            clock.advance(Duration.ofSeconds(30));
            assertThatThrownBy(() -> c.similarTo("a-1")).isInstanceOf(PersonalizeRuntimeException.class);
            assertThat(c.stats().liveCircuit()).isEqualTo(CircuitState.OPEN);
            clock.advance(Duration.ofSeconds(29));
            assertThatThrownBy(() -> c.similarTo("a-1")).isInstanceOf(LiveCallRejectedException.class);
            assertThat(calls(wm, "a-1")).isEqualTo(2);
        }
        assertThat(events.circuits)
                .extracting(CircuitStateEvent::from, CircuitStateEvent::to)
                .containsExactly(
                        tuple(CircuitState.CLOSED, CircuitState.OPEN),
                        tuple(CircuitState.OPEN, CircuitState.HALF_OPEN),
                        tuple(CircuitState.HALF_OPEN, CircuitState.OPEN));
    }

    @Test
    void liveBreaker_whenOpenWithAnExpiredList_servesItStaleWithoutCalling() {
        similar(wm, "a-1", "a-2");
        error(wm, "a-9", 500, "InternalFailure");
        try (CachingSimilarItemsClient c =
                cached().liveCircuitBreaker(1, Duration.ofHours(1)).build()) {
            SimilarItems first = c.similarTo("a-1");
            clock.advance(Duration.ofMinutes(10));
            assertThatThrownBy(() -> c.similarTo("a-9")).isInstanceOf(PersonalizeRuntimeException.class);

            SimilarItems served = c.similarTo("a-1");

            assertThat(served.source()).isEqualTo(ResultSource.STALE);
            assertThat(served.itemIds()).containsExactly("a-2");
            assertThat(served.fetchedAt()).isEqualTo(first.fetchedAt());
            assertThat(calls(wm, "a-1")).isEqualTo(1);
            assertThat(c.stats()).isEqualTo(stats(0, 3, 1, 2, 1, 1, 0, 0, CircuitState.OPEN, CircuitState.CLOSED));
        }
        assertThat(events.rejections).containsExactly(new LiveCallRejectedEvent(CAMPAIGN, Reason.CIRCUIT_OPEN, true));
        assertThat(events.cacheRequests)
                .extracting(CacheRequestEvent::result)
                .containsExactly(CacheResult.MISS, CacheResult.MISS, CacheResult.STALE);
    }

    @Test
    void liveBreaker_doesNotCountClientErrors_butCountsThrottlingAnd429() {
        error(wm, "a-1", 400, "InvalidInputException");
        error(wm, "a-2", 404, "ResourceNotFoundException");
        error(wm, "a-3", 400, "ThrottlingException");
        error(wm, "a-4", 429, "TooManyRequestsException");
        try (CachingSimilarItemsClient c =
                cached().liveCircuitBreaker(1, Duration.ofMinutes(1)).build()) {
            assertThatThrownBy(() -> c.similarTo("a-1")).isInstanceOf(PersonalizeRuntimeException.class);
            assertThatThrownBy(() -> c.similarTo("a-2")).isInstanceOf(PersonalizeRuntimeException.class);
            assertThat(c.stats().liveCircuit()).isEqualTo(CircuitState.CLOSED);
            assertThat(c.stats().liveFailureCount()).isEqualTo(2);

            assertThatThrownBy(() -> c.similarTo("a-3")).isInstanceOf(PersonalizeRuntimeException.class);
            assertThat(c.stats().liveCircuit()).isEqualTo(CircuitState.OPEN);
        }
        try (CachingSimilarItemsClient c =
                cached().liveCircuitBreaker(1, Duration.ofMinutes(1)).build()) {
            assertThatThrownBy(() -> c.similarTo("a-4")).isInstanceOf(PersonalizeRuntimeException.class);
            assertThat(c.stats().liveCircuit()).isEqualTo(CircuitState.OPEN);
        }
    }

    @Test
    void liveBreaker_aClientErrorAfterAFailure_resetsTheFailureCount() {
        error(wm, "a-1", 500, "InternalFailure");
        error(wm, "a-2", 400, "InvalidInputException");
        try (CachingSimilarItemsClient c =
                cached().liveCircuitBreaker(2, Duration.ofMinutes(1)).build()) {
            assertThatThrownBy(() -> c.similarTo("a-1")).isInstanceOf(PersonalizeRuntimeException.class);
            assertThatThrownBy(() -> c.similarTo("a-2")).isInstanceOf(PersonalizeRuntimeException.class);
            assertThatThrownBy(() -> c.similarTo("a-1")).isInstanceOf(PersonalizeRuntimeException.class);
            assertThat(c.stats().liveCircuit()).isEqualTo(CircuitState.CLOSED);
            assertThatThrownBy(() -> c.similarTo("a-1")).isInstanceOf(PersonalizeRuntimeException.class);
            assertThat(c.stats().liveCircuit()).isEqualTo(CircuitState.OPEN);
        }
    }

    @Test
    void expiredList_isServedStaleOn500_503_429_throttlingAndAConnectionReset_butNotOnInvalidInput() {
        String[][] cases = {
            {"500", "InternalFailure", "STALE"},
            {"503", "ServiceUnavailable", "STALE"},
            {"429", "TooManyRequestsException", "STALE"},
            {"400", "ThrottlingException", "STALE"},
            {"400", "InvalidInputException", "throw"},
            {"404", "ResourceNotFoundException", "throw"},
            {"499", "ClientClosedRequest", "throw"},
        };
        try (CachingSimilarItemsClient c = cached().build()) {
            for (String[] k : cases) {
                String seed = "s-" + k[0] + "-" + k[1];
                similar(wm, seed, "x-1");
                c.similarTo(seed);
            }
            clock.advance(Duration.ofMinutes(10));
            for (String[] k : cases) {
                String seed = "s-" + k[0] + "-" + k[1];
                error(wm, seed, Integer.parseInt(k[0]), k[1]);
                if (k[2].equals("STALE")) {
                    assertThat(c.similarTo(seed).source()).as(seed).isEqualTo(ResultSource.STALE);
                } else {
                    assertThatThrownBy(() -> c.similarTo(seed))
                            .as(seed)
                            .isInstanceOf(PersonalizeRuntimeException.class);
                }
            }
            CacheClientWire.reset(wm, "s-500-InternalFailure");
            assertThat(c.similarTo("s-500-InternalFailure").source()).isEqualTo(ResultSource.STALE);
            assertThat(c.stats().staleCount()).isEqualTo(5);
            assertThat(c.stats().liveFailureCount()).isEqualTo(8);
        }
    }

    @Test
    void serveStaleOn_whenItRefuses_theFailureReachesTheCaller() {
        similar(wm, "a-1", "a-2");
        try (CachingSimilarItemsClient c = cached().serveStaleOn(e -> false).build()) {
            c.similarTo("a-1");
            clock.advance(Duration.ofMinutes(10));
            error(wm, "a-1", 500, "InternalFailure");

            assertThatThrownBy(() -> c.similarTo("a-1")).isInstanceOf(PersonalizeRuntimeException.class);
            assertThat(c.stats().staleCount()).isZero();
        }
        assertThat(events.cacheRequests)
                .extracting(CacheRequestEvent::result)
                .containsExactly(CacheResult.MISS, CacheResult.MISS);
    }

    @Test
    void defaultServeStaleOn_takesToolkitErrorsButNotOtherRuntimeExceptions() {
        assertThat(ReadThrough.defaultServeStaleOn(new LiveCallRejectedException(Reason.BULKHEAD_FULL, "a", "c")))
                .isTrue();
        assertThat(ReadThrough.defaultServeStaleOn(new IllegalStateException("x")))
                .isFalse();
        assertThat(CachingSimilarItemsClient.defaultServeStaleOn(new IllegalStateException("x")))
                .isFalse();
        assertThat(CachingSimilarItemsClient.defaultServeStaleOn(
                        software.amazon.awssdk.core.exception.SdkClientException.create("reset")))
                .isTrue();
    }

    @Test
    void storeBreaker_opensAfterTheConfiguredFailures_skipsTheStore_thenATrialReadClosesIt() {
        similar(wm, "a-1", "a-2");
        similar(wm, "a-3", "a-4");
        store.down = true;
        try (CachingSimilarItemsClient c =
                cached().circuitBreaker(2, Duration.ofSeconds(30)).build()) {
            SimilarItems first = c.similarTo("a-1"); // read fails (1), live call, write fails (2): open

            assertThat(first.source()).isEqualTo(ResultSource.LIVE);
            assertThat(store.gets.get()).isEqualTo(1);
            assertThat(store.puts.get()).isEqualTo(1);
            assertThat(c.stats().storeCircuit()).isEqualTo(CircuitState.OPEN);
            assertThat(c.stats().storeErrorCount()).isEqualTo(2);

            clock.advance(Duration.ofSeconds(29));
            c.similarTo("a-3"); // skipped: neither a read nor a write
            assertThat(store.gets.get()).isEqualTo(1);
            assertThat(store.puts.get()).isEqualTo(1);

            store.down = false;
            clock.advance(Duration.ofSeconds(1));
            c.similarTo("a-1"); // trial read (miss) closes it, live call, write
            assertThat(store.gets.get()).isEqualTo(2);
            assertThat(store.puts.get()).isEqualTo(2);
            SimilarItems hit = c.similarTo("a-1");

            assertThat(hit.source()).isEqualTo(ResultSource.CACHE);
            assertThat(c.stats()).isEqualTo(stats(1, 3, 0, 3, 0, 0, 2, 0, CircuitState.CLOSED, CircuitState.CLOSED));
        }
        assertThat(events.circuits)
                .containsExactly(
                        new CircuitStateEvent(CAMPAIGN, Circuit.STORE, CircuitState.CLOSED, CircuitState.OPEN),
                        new CircuitStateEvent(CAMPAIGN, Circuit.STORE, CircuitState.OPEN, CircuitState.HALF_OPEN),
                        new CircuitStateEvent(CAMPAIGN, Circuit.STORE, CircuitState.HALF_OPEN, CircuitState.CLOSED));
    }

    @Test
    void storeBreaker_aSuccessfulCallResetsTheFailureCount() {
        similar(wm, "a-1", "a-2");
        try (CachingSimilarItemsClient c =
                cached().circuitBreaker(3, Duration.ofSeconds(30)).build()) {
            store.down = true;
            c.similarTo("a-1"); // read and write fail: 2 failures
            store.down = false;
            c.similarTo("a-1"); // read and write succeed: back to 0
            clock.advance(Duration.ofMinutes(10));
            store.down = true;
            c.similarTo("a-1"); // 2 failures again
            assertThat(c.stats().storeCircuit()).isEqualTo(CircuitState.CLOSED);
            c.similarTo("a-1"); // the third in a row
            assertThat(c.stats().storeCircuit()).isEqualTo(CircuitState.OPEN);
            assertThat(c.stats().storeErrorCount()).isEqualTo(5);
        }
    }

    @Test
    void slowStoreCalls_atTheThresholdCountAsFailures_justBelowItDoNot() {
        similar(wm, "a-1", "a-2");
        try (CachingSimilarItemsClient c = cached().storeSlowCallThreshold(Duration.ofMillis(100))
                .circuitBreaker(2, Duration.ofSeconds(30))
                .build()) {
            store.readTakes = Duration.ofMillis(99);
            store.writeTakes = Duration.ofMillis(99);
            c.similarTo("a-1");
            c.similarTo("a-1");
            assertThat(c.stats().slowStoreCallCount()).isZero();
            assertThat(c.stats().storeCircuit()).isEqualTo(CircuitState.CLOSED);

            store.readTakes = Duration.ofMillis(100);
            SimilarItems slow = c.similarTo("a-1");
            assertThat(slow.source()).isEqualTo(ResultSource.CACHE); // a slow answer is still used
            assertThat(c.stats().slowStoreCallCount()).isEqualTo(1);
            assertThat(c.stats().storeCircuit()).isEqualTo(CircuitState.CLOSED);
            c.similarTo("a-1");
            assertThat(c.stats().slowStoreCallCount()).isEqualTo(2);
            assertThat(c.stats().storeCircuit()).isEqualTo(CircuitState.OPEN);
            assertThat(c.stats().storeErrorCount()).isZero();
        }
    }

    @Test
    void slowStoreWrite_countsToo() {
        similar(wm, "a-1", "a-2");
        try (CachingSimilarItemsClient c = cached().storeSlowCallThreshold(Duration.ofMillis(100))
                .circuitBreaker(1, Duration.ofSeconds(30))
                .build()) {
            store.writeTakes = Duration.ofMillis(100);
            c.similarTo("a-1");
            assertThat(c.stats().slowStoreCallCount()).isEqualTo(1);
            assertThat(c.stats().storeCircuit()).isEqualTo(CircuitState.OPEN);
        }
    }

    @Test
    void failOnCacheError_throwsACacheStoreExceptionNamingTheCallTheKeyspaceAndTheItem() {
        store.down = true;
        try (CachingSimilarItemsClient c = cached().failOnCacheError(true).build()) {
            String keyspace = c.keyspace().id();

            assertThatThrownBy(() -> c.similarTo("a-1"))
                    .isInstanceOfSatisfying(CacheStoreException.class, e -> {
                        assertThat(e.keyspaceId()).contains(keyspace);
                        assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
                    })
                    .hasMessage("Recommendation store read failed for keyspace " + keyspace
                            + ", item a-1 (failOnCacheError is set): java.lang.IllegalStateException: store is down");
            assertThat(calls(wm, "a-1")).isZero();
            assertThat(c.stats().storeErrorCount()).isEqualTo(1);
        }
    }

    @Test
    void failOnCacheError_onAFailedWrite_throwsAfterTheLiveCallNamingTheWrite() {
        similar(wm, "a-1", "a-2");
        store.writesDown = true;
        try (CachingSimilarItemsClient c = cached().failOnCacheError(true).build()) {
            String keyspace = c.keyspace().id();

            assertThatThrownBy(() -> c.similarTo("a-1"))
                    .isInstanceOf(CacheStoreException.class)
                    .hasMessage("Recommendation store write failed for keyspace " + keyspace
                            + ", item a-1 (failOnCacheError is set): java.lang.IllegalStateException: store is down");
            assertThat(calls(wm, "a-1")).isEqualTo(1);
            assertThat(c.stats().storeErrorCount()).isEqualTo(1);
            assertThat(c.stats().liveCallCount()).isEqualTo(1);
        }
    }

    @Test
    void withoutFailOnCacheError_aFailingStoreIsReadAroundAndCounted() {
        similar(wm, "a-1", "a-2");
        store.down = true;
        try (CachingSimilarItemsClient c =
                cached().circuitBreaker(10, Duration.ofSeconds(30)).build()) {
            assertThat(c.similarTo("a-1").source()).isEqualTo(ResultSource.LIVE);
            assertThat(c.similarTo("a-1").source()).isEqualTo(ResultSource.LIVE);

            assertThat(calls(wm, "a-1")).isEqualTo(2);
            assertThat(c.stats()).isEqualTo(stats(0, 2, 0, 2, 0, 0, 4, 0, CircuitState.CLOSED, CircuitState.CLOSED));
        }
    }
}
