package io.personalizekit.cache;

import static io.personalizekit.cache.CacheClientWire.CAMPAIGN;
import static io.personalizekit.cache.CacheClientWire.SV;
import static io.personalizekit.cache.CacheClientWire.calls;
import static io.personalizekit.cache.CacheClientWire.error;
import static io.personalizekit.cache.CacheClientWire.similar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.personalizekit.observe.CacheRequestEvent;
import io.personalizekit.observe.CacheResult;
import io.personalizekit.observe.LiveCallEvent;
import io.personalizekit.observe.LiveCallOrigin;
import io.personalizekit.observe.LiveCallOutcome;
import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.testing.FakeClock;
import io.personalizekit.testing.RecordingListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;
import software.amazon.awssdk.services.personalizeruntime.model.PersonalizeRuntimeException;

/**
 * The TTL and refresh-ahead boundaries, the refresh task's deduplication, and which live calls the SDK may retry,
 * over the real SDK against WireMock, with an injected clock and a refresh executor the test runs by hand.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReadThroughRefreshTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig()
                    .dynamicPort())
            .failOnUnmatchedRequests(true)
            .build();

    final FakeClock clock = new FakeClock(Instant.parse("2026-11-28T10:00:00Z"));
    final RecordingListener events = new RecordingListener();
    /** Refresh tasks handed to the executor, run when the test says. */
    final List<Runnable> queued = new ArrayList<>();

    final Executor byHand = queued::add;
    PersonalizeRuntimeClient runtime;
    SimilarItemsClient live;

    @BeforeEach
    void setUp() {
        runtime = CacheClientWire.runtime(wm);
        live = client(runtime);
    }

    SimilarItemsClient client(PersonalizeRuntimeClient r) {
        return SimilarItemsClient.builder()
                .runtimeClient(r)
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
                .ttl(Duration.ofMinutes(10))
                .refreshAhead(Duration.ofMinutes(2))
                .refreshExecutor(byHand)
                .liveCallTimeout(Duration.ofSeconds(30))
                .clock(clock)
                .listener(events);
    }

    void runQueued() {
        List<Runnable> tasks = new ArrayList<>(queued);
        queued.clear();
        tasks.forEach(Runnable::run);
    }

    @Test
    void aListIsFreshUpToJustBeforeTheTtl_andAtTheTtlTheReadCallsAgain() {
        similar(wm, "a-1", "a-2");
        try (CachingSimilarItemsClient c = cached().refreshAhead(Duration.ZERO).build()) {
            SimilarItems first = c.similarTo("a-1");
            clock.advance(Duration.ofMinutes(10).minusMillis(1));
            SimilarItems hit = c.similarTo("a-1");
            assertThat(calls(wm, "a-1")).isEqualTo(1);
            clock.advance(Duration.ofMillis(1));
            SimilarItems again = c.similarTo("a-1");

            assertThat(first.source()).isEqualTo(ResultSource.LIVE);
            assertThat(hit.source()).isEqualTo(ResultSource.CACHE);
            assertThat(hit.fetchedAt()).isEqualTo(first.fetchedAt());
            assertThat(again.source()).isEqualTo(ResultSource.LIVE);
            assertThat(again.fetchedAt()).isEqualTo(clock.instant());
            assertThat(calls(wm, "a-1")).isEqualTo(2);
            assertThat(queued).isEmpty();
            assertThat(c.stats().hitCount()).isEqualTo(1);
            assertThat(c.stats().missCount()).isEqualTo(2);
            assertThat(c.stats().hitRate()).isEqualTo(1.0 / 3);
        }
        assertThat(events.cacheRequests)
                .extracting(CacheRequestEvent::result)
                .containsExactly(CacheResult.MISS, CacheResult.HIT, CacheResult.MISS);
    }

    @Test
    void refreshAhead_startsAtTtlMinusRefreshAhead_notBefore_andReplacesTheStoredList() {
        similar(wm, "a-1", "a-2");
        try (CachingSimilarItemsClient c = cached().build()) {
            c.similarTo("a-1");
            clock.advance(Duration.ofMinutes(8).minusMillis(1));
            c.similarTo("a-1");
            assertThat(queued).isEmpty();

            clock.advance(Duration.ofMillis(1));
            SimilarItems served = c.similarTo("a-1");
            assertThat(served.source()).isEqualTo(ResultSource.CACHE);
            assertThat(queued).hasSize(1);
            assertThat(calls(wm, "a-1")).isEqualTo(1);
            runQueued();
            assertThat(calls(wm, "a-1")).isEqualTo(2);

            clock.advance(Duration.ofMinutes(7));
            SimilarItems refreshed = c.similarTo("a-1"); // 7 min after the refresh: fresh, no refresh due

            assertThat(refreshed.source()).isEqualTo(ResultSource.CACHE);
            assertThat(refreshed.fetchedAt()).isEqualTo(clock.instant().minus(Duration.ofMinutes(7)));
            assertThat(queued).isEmpty();
            assertThat(c.stats().refreshCount()).isEqualTo(1);
            assertThat(c.stats().liveCallCount()).isEqualTo(2);
            assertThat(c.stats().hitCount()).isEqualTo(3);
        }
        assertThat(events.liveCalls)
                .extracting(LiveCallEvent::origin, LiveCallEvent::outcome)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(LiveCallOrigin.READ_THROUGH, LiveCallOutcome.SUCCESS),
                        org.assertj.core.groups.Tuple.tuple(LiveCallOrigin.REFRESH_AHEAD, LiveCallOutcome.SUCCESS));
    }

    @Test
    void refreshAhead_queuesOneTaskPerKeyUntilItHasRun() {
        similar(wm, "a-1", "a-2");
        similar(wm, "a-5", "a-6");
        try (CachingSimilarItemsClient c = cached().build()) {
            c.similarTo("a-1");
            c.similarTo("a-5");
            clock.advance(Duration.ofMinutes(9));
            c.similarTo("a-1");
            c.similarTo("a-1");
            c.similarTo("a-5");
            assertThat(queued).hasSize(2);

            runQueued();
            clock.advance(Duration.ofMinutes(9));
            c.similarTo("a-1");

            assertThat(queued).hasSize(1);
            assertThat(calls(wm, "a-1")).isEqualTo(2);
            assertThat(calls(wm, "a-5")).isEqualTo(2);
        }
    }

    @Test
    void refreshAhead_whenTheExecutorRefuses_theNextHitTriesAgain() {
        similar(wm, "a-1", "a-2");
        AtomicInteger offered = new AtomicInteger();
        try (CachingSimilarItemsClient c = cached().refreshExecutor(r -> {
                    offered.incrementAndGet();
                    throw new RejectedExecutionException("full");
                })
                .build()) {
            c.similarTo("a-1");
            clock.advance(Duration.ofMinutes(9));

            assertThat(c.similarTo("a-1").source()).isEqualTo(ResultSource.CACHE);
            assertThat(c.similarTo("a-1").source()).isEqualTo(ResultSource.CACHE);

            assertThat(offered.get()).isEqualTo(2);
            assertThat(c.stats().refreshCount()).isZero();
        }
    }

    @Test
    void refreshAhead_whenTheCallFails_keepsTheCachedListAndCountsTheFailure() {
        similar(wm, "a-1", "a-2");
        try (CachingSimilarItemsClient c = cached().build()) {
            SimilarItems first = c.similarTo("a-1");
            clock.advance(Duration.ofMinutes(9));
            error(wm, "a-1", 500, "InternalFailure");
            c.similarTo("a-1");
            runQueued();

            SimilarItems after = c.similarTo("a-1");

            assertThat(after.source()).isEqualTo(ResultSource.CACHE);
            assertThat(after.fetchedAt()).isEqualTo(first.fetchedAt());
            assertThat(c.stats().refreshCount()).isEqualTo(1);
            assertThat(c.stats().liveFailureCount()).isEqualTo(1);
            assertThat(calls(wm, "a-1")).isEqualTo(2);
            queued.clear(); // the hit above queued the next try
        }
        assertThat(events.liveCalls)
                .extracting(LiveCallEvent::origin, LiveCallEvent::outcome)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(LiveCallOrigin.READ_THROUGH, LiveCallOutcome.SUCCESS),
                        org.assertj.core.groups.Tuple.tuple(
                                LiveCallOrigin.REFRESH_AHEAD, LiveCallOutcome.SERVER_ERROR));
    }

    @Test
    void refreshAhead_whileTheLiveBreakerIsOpen_isNotQueued_andAQueuedOneDoesNotCall() {
        similar(wm, "a-1", "a-2");
        similar(wm, "a-3", "a-4");
        error(wm, "a-9", 500, "InternalFailure");
        try (CachingSimilarItemsClient c =
                cached().liveCircuitBreaker(1, Duration.ofHours(1)).build()) {
            c.similarTo("a-1");
            c.similarTo("a-3");
            clock.advance(Duration.ofMinutes(9));
            c.similarTo("a-3"); // queued while closed
            assertThat(queued).hasSize(1);
            assertThatThrownBy(() -> c.similarTo("a-9")).isInstanceOf(PersonalizeRuntimeException.class);

            c.similarTo("a-1"); // open: not queued
            assertThat(queued).hasSize(1);
            runQueued(); // open: the queued task does not call

            assertThat(calls(wm, "a-1")).isEqualTo(1);
            assertThat(calls(wm, "a-3")).isEqualTo(1);
            assertThat(c.stats().refreshCount()).isZero();
        }
    }

    @Test
    void aListFetchedAsFallback_staysFallbackOnAHit() {
        SimilarItemsClient withCatalog = SimilarItemsClient.builder()
                .runtimeClient(runtime)
                .campaignArn(CAMPAIGN)
                .catalog(id -> !id.equals("unknown-1"))
                .clock(clock)
                .build();
        similar(wm, "unknown-1", "p-1");
        try (withCatalog;
                CachingSimilarItemsClient c = cached().delegate(withCatalog).build()) {
            assertThat(c.similarTo("unknown-1").source()).isEqualTo(ResultSource.FALLBACK);
            assertThat(c.similarTo("unknown-1").source()).isEqualTo(ResultSource.FALLBACK);
            assertThat(calls(wm, "unknown-1")).isEqualTo(1);
        }
    }

    @Test
    void sdkRetries_areTurnedOffWhenAStaleListCanBeServed_andOnOtherwise() {
        PersonalizeRuntimeClient retrying = CacheClientWire.retryingRuntime(wm);
        SimilarItemsClient retryingLive = client(retrying);
        similar(wm, "a-1", "a-2");
        try (retrying;
                retryingLive;
                CachingSimilarItemsClient c = cached().delegate(retryingLive)
                        .refreshAhead(Duration.ZERO)
                        .build()) {
            c.similarTo("a-1");
            clock.advance(Duration.ofMinutes(10));
            error(wm, "a-1", 500, "InternalFailure");
            error(wm, "a-2", 500, "InternalFailure");

            assertThat(c.similarTo("a-1").source()).isEqualTo(ResultSource.STALE);
            assertThat(calls(wm, "a-1")).isEqualTo(2); // the first answer, then one attempt

            assertThatThrownBy(() -> c.similarTo("a-2")).isInstanceOf(PersonalizeRuntimeException.class);
            assertThat(calls(wm, "a-2")).isEqualTo(3); // nothing to fall back on: the SDK's 3 attempts
        }
    }

    @Test
    void sdkRetries_whenRetryLiveCallsWhenStaleIsSet_stayOnWithAStaleList() {
        PersonalizeRuntimeClient retrying = CacheClientWire.retryingRuntime(wm);
        SimilarItemsClient retryingLive = client(retrying);
        similar(wm, "a-1", "a-2");
        try (retrying;
                retryingLive;
                CachingSimilarItemsClient c = cached().delegate(retryingLive)
                        .refreshAhead(Duration.ZERO)
                        .retryLiveCallsWhenStale(true)
                        .build()) {
            c.similarTo("a-1");
            clock.advance(Duration.ofMinutes(10));
            error(wm, "a-1", 500, "InternalFailure");

            assertThat(c.similarTo("a-1").source()).isEqualTo(ResultSource.STALE);
            assertThat(calls(wm, "a-1")).isEqualTo(4);
        }
    }

    @Test
    void refreshAhead_makesOneAttemptOnly() {
        PersonalizeRuntimeClient retrying = CacheClientWire.retryingRuntime(wm);
        SimilarItemsClient retryingLive = client(retrying);
        similar(wm, "a-1", "a-2");
        try (retrying;
                retryingLive;
                CachingSimilarItemsClient c = cached().delegate(retryingLive).build()) {
            c.similarTo("a-1");
            clock.advance(Duration.ofMinutes(9));
            error(wm, "a-1", 500, "InternalFailure");
            c.similarTo("a-1");
            runQueued();

            assertThat(calls(wm, "a-1")).isEqualTo(2);
            queued.clear();
        }
    }

    @Test
    void refreshAhead_givesItsBulkheadPermitBack_whetherItSucceedsOrFails() {
        similar(wm, "a-1", "a-2");
        similar(wm, "a-5", "a-6");
        similar(wm, "a-7", "a-8");
        try (CachingSimilarItemsClient c = cached().maxConcurrentLiveCalls(1).build()) {
            c.similarTo("a-1");
            c.similarTo("a-5");
            clock.advance(Duration.ofMinutes(9));
            error(wm, "a-5", 500, "InternalFailure");
            c.similarTo("a-1");
            c.similarTo("a-5");
            runQueued(); // one refresh succeeds, one fails

            assertThat(c.similarTo("a-7").source()).isEqualTo(ResultSource.LIVE);
            assertThat(c.stats().refreshCount()).isEqualTo(2);
            assertThat(c.stats().bulkheadRejectedCount()).isZero();
            queued.clear();
        }
    }
}
