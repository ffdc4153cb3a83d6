package io.personalizekit.cache;

import static io.personalizekit.cache.CacheClientWire.CAMPAIGN;
import static io.personalizekit.cache.CacheClientWire.SV;
import static io.personalizekit.cache.CacheClientWire.error;
import static io.personalizekit.cache.CacheClientWire.similar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.testing.FakeClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
 * What the read-through machinery tells the operator's log (slf4j-simple prints INFO and above to the current
 * {@code System.err}): one WARN per kind of store failure until the store answers again, one WARN when a breaker
 * opens and one INFO when it closes, the slow-store and keyspace-mismatch warnings; over the real SDK and WireMock.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReadThroughLogTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig()
                    .dynamicPort())
            .failOnUnmatchedRequests(true)
            .build();

    final FakeClock clock = new FakeClock(Instant.parse("2026-11-28T10:00:00Z"));
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
                .clock(clock);
    }

    /** What slf4j-simple logs while {@code body} runs. */
    static String stderrOf(Runnable body) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    static int count(String log, String line) {
        int n = 0;
        for (int i = log.indexOf(line); i >= 0; i = log.indexOf(line, i + 1)) {
            n++;
        }
        return n;
    }

    static final String READ_FAILED = "WARN io.personalizekit.cache.ReadThrough - Recommendation cache store read"
            + " failed, serving live instead (further failures of this kind are logged at DEBUG):"
            + " java.lang.IllegalStateException: store is down";
    static final String WRITE_FAILED = "WARN io.personalizekit.cache.ReadThrough - Recommendation cache store write"
            + " failed, serving live instead (further failures of this kind are logged at DEBUG):"
            + " java.lang.IllegalStateException: store is down";
    static final String STORE_OPENED = "WARN io.personalizekit.cache.ReadThrough - Recommendation store CountingStore"
            + " failing; skipping it and serving live for the next attempts";
    static final String STORE_CLOSED = "INFO io.personalizekit.cache.ReadThrough - Recommendation store CountingStore"
            + " answers again; cache reads resumed";

    @Test
    void storeFailures_areWarnedOncePerKindUntilTheStoreAnswersAgain() {
        similar(wm, "a-1", "a-2");
        try (CachingSimilarItemsClient c =
                cached().circuitBreaker(3, Duration.ofSeconds(30)).build()) {
            store.down = true;
            String failing = stderrOf(() -> {
                c.similarTo("a-1"); // read and write fail
                c.similarTo("a-1"); // read fails: the third failure opens the breaker
            });
            assertThat(count(failing, READ_FAILED)).isEqualTo(1);
            assertThat(count(failing, WRITE_FAILED)).isEqualTo(1);
            assertThat(count(failing, STORE_OPENED)).isEqualTo(1);

            store.down = false;
            clock.advance(Duration.ofSeconds(30));
            String recovering = stderrOf(() -> c.similarTo("a-1"));
            assertThat(recovering).doesNotContain(READ_FAILED); // INFO lines are not asserted: surefire logs WARN+

            store.down = true;
            clock.advance(Duration.ofMinutes(10));
            String failingAgain = stderrOf(() -> c.similarTo("a-1"));
            assertThat(count(failingAgain, READ_FAILED)).isEqualTo(1);
            assertThat(count(failingAgain, STORE_OPENED)).isZero();
        }
    }

    @Test
    void aSlowStore_isWarnedWithItsTimeAndTheThreshold() {
        similar(wm, "a-1", "a-2");
        try (CachingSimilarItemsClient c = cached().storeSlowCallThreshold(Duration.ofMillis(100))
                .circuitBreaker(1, Duration.ofSeconds(30))
                .build()) {
            store.readTakes = Duration.ofMillis(250);
            String log = stderrOf(() -> c.similarTo("a-1")); // a slow read opens the breaker
            assertThat(count(
                            log,
                            "WARN io.personalizekit.cache.ReadThrough - Recommendation store CountingStore answers"
                                    + " slowly (250 ms for a read, threshold 100 ms); skipping it and serving live for"
                                    + " the next attempts"))
                    .isEqualTo(1);
        }
    }

    @Test
    void theLiveBreaker_warnsWhenItOpensAndInformsWhenItCloses() {
        error(wm, "a-1", 500, "InternalFailure");
        similar(wm, "a-2", "a-3");
        try (CachingSimilarItemsClient c =
                cached().liveCircuitBreaker(2, Duration.ofMinutes(1)).build()) {
            String opening = stderrOf(() -> {
                assertThatThrownBy(() -> c.similarTo("a-1")).isInstanceOf(PersonalizeRuntimeException.class);
                assertThatThrownBy(() -> c.similarTo("a-1")).isInstanceOf(PersonalizeRuntimeException.class);
            });
            assertThat(count(
                            opening,
                            "WARN io.personalizekit.cache.ReadThrough - Live calls to campaign " + CAMPAIGN
                                    + " failing (software.amazon.awssdk.services.personalizeruntime.model"
                                    + ".PersonalizeRuntimeException: InternalFailure"))
                    .isEqualTo(1);
            assertThat(opening)
                    .contains("serving stale lists without calling Personalize for PT1M, then one trial call");
        }
    }

    @Test
    void aClientReadingAnotherShapeThanTheBulkFetch_isWarnedOnceNamingBothKeyspaces() {
        similar(wm, "a-1", "b");
        similar(wm, "a-2", "b");
        try (CachingSimilarItemsClient c = cached().build()) {
            CacheKeyspace mine = c.keyspace();
            CacheKeyspace ten = mine.copy(b -> b.numResults(10));
            CacheKeyspace other = mine.copy(
                    b -> b.solutionVersionArn("arn:aws:personalize:us-east-1:000000000000:solution/articles/5e6f7a8b"));
            for (CacheKeyspace k : new CacheKeyspace[] {ten, other}) {
                store.inner.activate(k, store.inner.beginGeneration(k));
            }
            String log = stderrOf(() -> {
                c.similarTo("a-1");
                clock.advance(Duration.ofMinutes(1));
                c.similarTo("a-2");
            });
            assertThat(count(
                            log,
                            "WARN io.personalizekit.cache.CachingSimilarItemsClient - Cache reads of campaign "
                                    + CAMPAIGN + " miss every list a bulk fetch stored: this client reads keyspace "
                                    + mine.id() + ", but the store's active keyspace for solution version " + SV
                                    + " is " + ten.id() + " (numResults 25 vs 10), so each read of this request"
                                    + " shape calls Personalize."))
                    .isEqualTo(1);
        }
    }

    @Test
    void aFailingSolutionVersionSupplier_isWarnedOnce() {
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        try (CachingSimilarItemsClient c = cached().solutionVersion(() -> {
                    if (reads.incrementAndGet() > 1) {
                        throw new IllegalStateException("control plane down");
                    }
                    return SV;
                })
                .solutionVersionRefresh(Duration.ofMinutes(1))
                .build()) {
            c.keyspace();
            String log = stderrOf(() -> {
                clock.advance(Duration.ofMinutes(1));
                c.keyspace();
                clock.advance(Duration.ofMinutes(1));
                c.keyspace();
            });
            assertThat(reads.get()).isEqualTo(3);
            assertThat(count(
                            log,
                            "WARN io.personalizekit.cache.ReadThrough - Recommendation cache solution version supplier"
                                    + " failed, serving live instead (further failures of this kind are logged at"
                                    + " DEBUG): java.lang.IllegalStateException: control plane down"))
                    .isEqualTo(1);
        }
    }
}
