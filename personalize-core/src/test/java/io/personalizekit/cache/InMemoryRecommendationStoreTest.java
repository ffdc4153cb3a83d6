package io.personalizekit.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.testing.FakeClock;
import io.personalizekit.testing.FakeSimilarItemsClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryRecommendationStoreTest {
    final FakeClock clock = new FakeClock(Instant.parse("2026-11-28T10:00:00Z"));
    final CacheKeyspace ks = CacheKeyspace.builder()
            .campaignArn(CachingSimilarItemsClientTest.CAMPAIGN)
            .solutionVersionArn(CachingSimilarItemsClientTest.SV1)
            .build();

    SimilarItems list(String seed, String version) {
        return FakeSimilarItemsClient.answer(seed, 3, version, clock);
    }

    @Test
    void put_whenNoGenerationActive_readsBackFromLiveGeneration() {
        InMemoryRecommendationStore store = InMemoryRecommendationStore.create();
        store.put(ks, list("a", "v1"));

        assertThat(store.get(ks, "a")).contains(list("a", "v1"));
        assertThat(store.getAll(ks, List.of("a", "b"))).containsOnlyKeys("a");
        assertThat(store.activeGeneration(ks)).isEmpty();
        assertThat(store.itemIds(ks, RecommendationStore.LIVE_GENERATION)).containsExactly("a");
    }

    @Test
    void activate_switchesReadersAtOnceAndDropsOlderGenerations() {
        InMemoryRecommendationStore store = InMemoryRecommendationStore.create();
        store.put(ks, list("a", "live"));
        long g1 = store.beginGeneration(ks);
        store.putAll(ks, g1, List.of(list("a", "g1"), list("b", "g1")));

        assertThat(store.pendingGeneration(ks)).hasValue(g1);
        assertThat(store.get(ks, "a")).contains(list("a", "live"));
        assertThat(store.get(ks, "b")).isEmpty();

        store.activate(ks, g1);
        long g2 = store.beginGeneration(ks);

        assertThat(g2).isGreaterThan(g1);
        assertThat(store.activeGeneration(ks)).hasValue(g1);
        assertThat(store.getAll(ks, List.of("a", "b"))).containsValues(list("a", "g1"), list("b", "g1"));
        store.put(ks, list("c", "read-through"));
        assertThat(store.itemIds(ks, g1)).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(store.itemIds(ks, RecommendationStore.LIVE_GENERATION)).isEmpty();

        store.putAll(ks, g2, List.of(list("a", "g2")));
        store.activate(ks, g2);
        assertThat(store.pendingGeneration(ks)).isEmpty();
        assertThat(store.get(ks, "b")).isEmpty();
        assertThat(store.itemIds(ks, g1)).isEmpty();
    }

    @Test
    void get_whenTtlPassed_isAbsent() {
        InMemoryRecommendationStore store = InMemoryRecommendationStore.builder()
                .ttl(Duration.ofMinutes(5))
                .clock(clock)
                .build();
        store.put(ks, list("a", "v1"));
        clock.advance(Duration.ofMinutes(4));
        assertThat(store.get(ks, "a")).isPresent();

        clock.advance(Duration.ofMinutes(1));

        assertThat(store.get(ks, "a")).isEmpty();
        assertThatThrownBy(() -> InMemoryRecommendationStore.builder().ttl(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
