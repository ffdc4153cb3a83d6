package io.personalizekit.cache;

import static io.personalizekit.cache.CacheClientWire.CAMPAIGN;
import static io.personalizekit.cache.CacheClientWire.SV;
import static io.personalizekit.cache.CacheClientWire.calls;
import static io.personalizekit.cache.CacheClientWire.similar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.personalizekit.recommend.RelatedItems;
import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.recommend.SimilarItemsRequest;
import io.personalizekit.resource.CampaignRef;
import io.personalizekit.resource.SolutionVersionRef;
import io.personalizekit.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
 * Which keyspace the caching client reads for a request shape and a solution version, when it asks the store for its
 * active keyspaces, what it excludes, what it closes and how it describes itself; over the real SDK against
 * WireMock with an injected clock.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CachingSimilarItemsClientShapeTest {
    static final String SV2 = "arn:aws:personalize:us-east-1:000000000000:solution/articles/5e6f7a8b";

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

    @Test
    void build_refusesAMissingDelegateCampaignOrSolutionVersion_andAKeyspaceOfAnotherCampaign() {
        assertThatThrownBy(() -> CachingSimilarItemsClient.builder()
                        .campaignArn(CAMPAIGN)
                        .solutionVersionArn(SV)
                        .build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("delegate");
        assertThatThrownBy(() -> CachingSimilarItemsClient.builder()
                        .delegate(live)
                        .solutionVersionArn(SV)
                        .build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("campaignArn");
        assertThatThrownBy(() -> CachingSimilarItemsClient.builder()
                        .delegate(live)
                        .campaignArn(CAMPAIGN)
                        .build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("solutionVersionArn (or a solutionVersion supplier)");
        CacheKeyspace other = CacheKeyspace.builder()
                .campaignArn("arn:aws:personalize:us-east-1:000000000000:campaign/other")
                .solutionVersionArn(SV)
                .build();
        assertThatThrownBy(() -> CachingSimilarItemsClient.builder()
                        .delegate(live)
                        .keyspace(other)
                        .campaignArn(CAMPAIGN)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("keyspace is of campaign arn:aws:personalize:us-east-1:000000000000:campaign/other,"
                        + " but campaignArn is " + CAMPAIGN + "; set one of them");
    }

    @Test
    void campaignAndSolutionVersionRefs_setTheKeyspacesArns() {
        try (CachingSimilarItemsClient c = CachingSimilarItemsClient.builder()
                .delegate(live)
                .campaign(CampaignRef.of(CAMPAIGN))
                .solutionVersion(SolutionVersionRef.of(SV))
                .build()) {
            assertThat(c.keyspace()).isEqualTo(CacheKeyspace.of(CAMPAIGN, SV, SimilarItemsRequest.of("-")));
            assertThat(c.keyspace().campaignArn()).isEqualTo(CAMPAIGN);
            assertThat(c.keyspace().solutionVersionArn()).isEqualTo(SV);
        }
    }

    @Test
    void keyspaceFor_givesEachRequestShapeItsOwnKeyspace_andTheSameShapeTheSameOne() {
        try (CachingSimilarItemsClient c = cached().build()) {
            SimilarItemsRequest base = SimilarItemsRequest.of("a-1");
            CacheKeyspace ks = c.keyspaceFor(base);
            assertThat(c.keyspaceFor(SimilarItemsRequest.of("a-2"))).isSameAs(ks);
            assertThat(c.keyspaceFor(base.toBuilder().addExcludedItemIds("x").build()))
                    .isSameAs(ks);
            List<SimilarItemsRequest> others = List.of(
                    base.toBuilder().numResults(10).build(),
                    base.toBuilder().excludeSeed(false).build(),
                    base.toBuilder()
                            .filterArn("arn:aws:personalize:us-east-1:000000000000:filter/f")
                            .build(),
                    base.toBuilder()
                            .filterArn("arn:aws:personalize:us-east-1:000000000000:filter/f")
                            .filterValues(Map.of("GENRE", "\"drama\""))
                            .build(),
                    base.toBuilder().context(Map.of("DEVICE", "phone")).build(),
                    base.toBuilder().metadataColumns(List.of("TITLE")).build());
            for (SimilarItemsRequest r : others) {
                CacheKeyspace k = c.keyspaceFor(r);
                assertThat(k).as(r.toString()).isNotEqualTo(ks);
                assertThat(k).isEqualTo(CacheKeyspace.of(CAMPAIGN, SV, r));
                assertThat(c.keyspaceFor(r)).isSameAs(k);
            }
            assertThat(c.keyspaceFor(others.get(2))).isNotEqualTo(c.keyspaceFor(others.get(3)));
        }
    }

    @Test
    void aShapedClient_asksEveryCallInItsShape() {
        CacheKeyspace ten = CacheKeyspace.builder()
                .campaignArn(CAMPAIGN)
                .solutionVersionArn(SV)
                .numResults(10)
                .build();
        similar(wm, "a-1", 11, "b-1");
        similar(wm, "a-2", 11, "b-2");
        similar(wm, "a-3", 11, "b-3");
        similar(wm, "a-4", 11, "b-4");
        try (CachingSimilarItemsClient c = cached().keyspace(ten).build()) {
            assertThat(c.keyspace()).isEqualTo(ten);
            assertThat(c.similarTo("a-1").itemIds()).containsExactly("b-1");
            assertThat(c.similarItems(b -> b.itemId("a-2")).itemIds()).containsExactly("b-2");
            RelatedItems many = c.similarToMany(List.of("a-3", "a-4"), b -> b.addExcludedItemIds("b-4"));
            assertThat(many.itemIds()).containsExactly("b-3"); // the shape, then the caller's options
            assertThat(c.similarTo("a-3").source()).isEqualTo(ResultSource.CACHE);
        }
        assertThat(calls(wm, "a-3")).isEqualTo(1);
    }

    @Test
    void anUnshapedClient_takesTheRequestsOwnShape() {
        similar(wm, "a-1", 6, "b-1");
        similar(wm, "a-2", 26, "b-2");
        try (CachingSimilarItemsClient c = cached().build()) {
            assertThat(c.similarItems(b -> b.itemId("a-1").numResults(5)).itemIds())
                    .containsExactly("b-1");
            assertThat(c.similarToMany(List.of("a-2"), b -> {}).itemIds()).containsExactly("b-2");
        }
    }

    @Test
    void excludedItems_areRemovedFromLiveAndCachedListsWithoutChangingTheCall() {
        similar(wm, "a-1", "a-2", "a-3", "a-4");
        try (CachingSimilarItemsClient c = cached().build()) {
            SimilarItems first = c.similarItems(b -> b.itemId("a-1").addExcludedItemIds("a-3"));
            SimilarItems second = c.similarItems(b -> b.itemId("a-1").addExcludedItemIds("a-2", "a-4"));
            SimilarItems none = c.similarItems(b -> b.itemId("a-1").addExcludedItemIds("zz"));

            assertThat(first.itemIds()).containsExactly("a-2", "a-4");
            assertThat(first.source()).isEqualTo(ResultSource.LIVE);
            assertThat(second.itemIds()).containsExactly("a-3");
            assertThat(second.source()).isEqualTo(ResultSource.CACHE);
            assertThat(none.itemIds()).containsExactly("a-2", "a-3", "a-4");
            assertThat(calls(wm, "a-1")).isEqualTo(1);
        }
    }

    @Test
    void solutionVersionSupplier_isReadOncePerRefreshInterval_andANewVersionIsANewKeyspace() {
        AtomicInteger reads = new AtomicInteger();
        AtomicReference<String> current = new AtomicReference<>(SV);
        similar(wm, "a-1", "a-2");
        try (CachingSimilarItemsClient c = cached().solutionVersion(() -> {
                    reads.incrementAndGet();
                    return current.get();
                })
                .solutionVersionRefresh(Duration.ofMinutes(1))
                .build()) {
            c.similarTo("a-1");
            clock.advance(Duration.ofMinutes(1).minusMillis(1));
            current.set(SV2);
            assertThat(c.similarTo("a-1").source()).isEqualTo(ResultSource.CACHE);
            assertThat(reads.get()).isEqualTo(1);

            clock.advance(Duration.ofMillis(1));
            SimilarItems afterSwitch = c.similarTo("a-1");

            assertThat(reads.get()).isEqualTo(2);
            assertThat(afterSwitch.source()).isEqualTo(ResultSource.LIVE);
            assertThat(c.keyspace().solutionVersionArn()).isEqualTo(SV2);
            assertThat(calls(wm, "a-1")).isEqualTo(2);
        }
    }

    @Test
    void solutionVersionSupplier_whenItFailsLater_keepsTheLastVersionAndAsksAgainAfterTheInterval() {
        AtomicInteger reads = new AtomicInteger();
        similar(wm, "a-1", "a-2");
        try (CachingSimilarItemsClient c = cached().solutionVersion(() -> {
                    if (reads.incrementAndGet() > 1) {
                        throw new IllegalStateException("control plane down");
                    }
                    return SV;
                })
                .solutionVersionRefresh(Duration.ofMinutes(1))
                .build()) {
            c.similarTo("a-1");
            clock.advance(Duration.ofMinutes(1));
            assertThat(c.similarTo("a-1").source()).isEqualTo(ResultSource.CACHE);
            assertThat(reads.get()).isEqualTo(2);
            clock.advance(Duration.ofSeconds(59));
            c.similarTo("a-1");
            assertThat(reads.get()).isEqualTo(2);
            clock.advance(Duration.ofSeconds(1));
            c.similarTo("a-1");
            assertThat(reads.get()).isEqualTo(3);
            assertThat(c.keyspace().solutionVersionArn()).isEqualTo(SV);
        }
    }

    @Test
    void solutionVersionSupplier_whenItFailsOrAnswersNullFirst_theCallFails() {
        try (CachingSimilarItemsClient c = cached().solutionVersion(() -> null).build()) {
            assertThatThrownBy(() -> c.similarTo("a-1"))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("solutionVersion supplier returned null");
        }
        try (CachingSimilarItemsClient c = cached().solutionVersion(() -> {
                    throw new IllegalStateException("control plane down");
                })
                .build()) {
            assertThatThrownBy(() -> c.similarTo("a-1"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("control plane down");
        }
        assertThat(calls(wm, "a-1")).isZero();
    }

    @Test
    void keyspaceCheck_withNoBulkFetchYet_asksTheStoreAgainOnlyAfterOneMinute() {
        for (int i = 1; i <= 4; i++) {
            similar(wm, "a-" + i, "b");
        }
        try (CachingSimilarItemsClient c = cached().build()) {
            c.similarTo("a-1");
            c.similarTo("a-2");
            assertThat(store.activeKeyspaceCalls.get()).isEqualTo(1);
            clock.advance(Duration.ofMinutes(1).minusMillis(1));
            c.similarTo("a-3");
            assertThat(store.activeKeyspaceCalls.get()).isEqualTo(1);
            clock.advance(Duration.ofMillis(1));
            c.similarTo("a-4");
            assertThat(store.activeKeyspaceCalls.get()).isEqualTo(2);
        }
    }

    @Test
    void keyspaceCheck_isNotMadeOnAnExpiredList() {
        similar(wm, "a-1", "b");
        try (CachingSimilarItemsClient c = cached().build()) {
            c.similarTo("a-1");
            clock.advance(Duration.ofMinutes(10));
            c.similarTo("a-1");
            assertThat(store.activeKeyspaceCalls.get()).isEqualTo(1);
            assertThat(calls(wm, "a-1")).isEqualTo(2);
        }
    }

    @Test
    void keyspaceCheck_whenTheStoreHoldsThisKeyspace_isSettledForGood() {
        similar(wm, "a-1", "b");
        similar(wm, "a-2", "b");
        try (CachingSimilarItemsClient c = cached().build()) {
            CacheKeyspace ks = c.keyspace();
            long g = store.inner.beginGeneration(ks);
            store.inner.activate(ks, g);
            c.similarTo("a-1");
            clock.advance(Duration.ofHours(1));
            c.similarTo("a-2");
            assertThat(store.activeKeyspaceCalls.get()).isEqualTo(1);
        }
    }

    @Test
    void keyspaceCheck_whenTheStoreHoldsAnotherShapeOfThisVersion_warnsOnceAndSettles() {
        similar(wm, "a-1", "b");
        similar(wm, "a-2", "b");
        try (CachingSimilarItemsClient c = cached().build()) {
            CacheKeyspace ten = c.keyspace().copy(b -> b.numResults(10));
            long g = store.inner.beginGeneration(ten);
            store.inner.activate(ten, g);
            c.similarTo("a-1");
            clock.advance(Duration.ofHours(1));
            c.similarTo("a-2");
            assertThat(store.activeKeyspaceCalls.get()).isEqualTo(1);
        }
    }

    @Test
    void keyspaceCheck_whenTheStoreHoldsOnlyAnotherVersion_looksAgainLater() {
        similar(wm, "a-1", "b");
        similar(wm, "a-2", "b");
        try (CachingSimilarItemsClient c = cached().build()) {
            CacheKeyspace old = c.keyspace().copy(b -> b.solutionVersionArn(SV2));
            long g = store.inner.beginGeneration(old);
            store.inner.activate(old, g);
            c.similarTo("a-1");
            clock.advance(Duration.ofMinutes(1));
            c.similarTo("a-2");
            assertThat(store.activeKeyspaceCalls.get()).isEqualTo(2);
        }
    }

    @Test
    void keyspaceCheck_whenListingFails_looksAgainLater() {
        similar(wm, "a-1", "b");
        similar(wm, "a-2", "b");
        store.activeKeyspacesDown = true;
        try (CachingSimilarItemsClient c = cached().build()) {
            assertThat(c.similarTo("a-1").source()).isEqualTo(ResultSource.LIVE);
            clock.advance(Duration.ofMinutes(1));
            c.similarTo("a-2");
            assertThat(store.activeKeyspaceCalls.get()).isEqualTo(2);
        }
    }

    @Test
    void keyspaceCheck_isSkippedWhileTheStoreBreakerIsOpen() {
        similar(wm, "a-1", "b");
        similar(wm, "a-2", "b");
        store.down = true;
        try (CachingSimilarItemsClient c =
                cached().circuitBreaker(1, Duration.ofMinutes(5)).build()) {
            c.similarTo("a-1");
            assertThat(store.activeKeyspaceCalls.get()).isZero();
            clock.advance(Duration.ofMinutes(5));
            store.down = false;
            c.similarTo("a-2");
            assertThat(store.activeKeyspaceCalls.get()).isEqualTo(1);
        }
    }

    @Test
    void close_closesTheStoreItCreated_butNotAGivenOne() {
        similar(wm, "a-1", "b");
        try (CachingSimilarItemsClient c = cached().build()) {
            c.similarTo("a-1");
        }
        assertThat(store.closed).isFalse();
        CachingSimilarItemsClient owning = CachingSimilarItemsClient.builder()
                .delegate(live)
                .campaignArn(CAMPAIGN)
                .solutionVersionArn(SV)
                .clock(clock)
                .build();
        owning.similarTo("a-1");
        assertThat(owning.similarTo("a-1").source()).isEqualTo(ResultSource.CACHE);
        owning.close();
        assertThat(owning.similarTo("a-1").source()).isEqualTo(ResultSource.LIVE); // its store was emptied
        assertThat(calls(wm, "a-1")).isEqualTo(3);
    }

    @Test
    void toString_namesTheCampaignTheTimesTheStoreAndTheCounters() {
        try (CachingSimilarItemsClient c = cached().build()) {
            assertThat(c.toString())
                    .isEqualTo("CachingSimilarItemsClient{campaign=" + CAMPAIGN
                            + ", ttl=PT10M, refreshAhead=PT0S, store=CountingStore, " + c.stats() + "}");
            assertThat(c.stats())
                    .isEqualTo(new CacheStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, CircuitState.CLOSED, CircuitState.CLOSED));
        }
    }
}
