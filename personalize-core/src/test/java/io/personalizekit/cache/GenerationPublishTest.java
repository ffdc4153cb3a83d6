package io.personalizekit.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.testing.FakeClock;
import io.personalizekit.testing.FakeSimilarItemsClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The store's switch between generations, observed at fixed points instead of by a racing reader: between filling
 * the new generation and activating it, and at the first instant the new generation is published (the store's
 * package-private {@code afterPublish} hook runs a reader there, on the activating thread). The contract: a reader
 * never sees a generation as active before every list written to it is readable.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GenerationPublishTest {
    private static final int SEEDS = 2_000;

    private final FakeClock clock = new FakeClock(Instant.parse("2026-11-28T10:00:00Z"));
    private final CacheKeyspace ks = CacheKeyspace.builder()
            .campaignArn(CachingSimilarItemsClientTest.CAMPAIGN)
            .solutionVersionArn(CachingSimilarItemsClientTest.SV1)
            .build();
    private final List<String> seeds = new ArrayList<>();

    GenerationPublishTest() {
        for (int i = 0; i < SEEDS; i++) {
            seeds.add("item-" + i);
        }
    }

    private List<SimilarItems> lists(String version) {
        List<SimilarItems> out = new ArrayList<>();
        for (String seed : seeds) {
            out.add(FakeSimilarItemsClient.answer(seed, 3, version, clock));
        }
        return out;
    }

    /** What one reader saw at one point. */
    private record Seen(OptionalLong active, Map<String, SimilarItems> lists, boolean lastSeedPresent) {}

    private Seen read(InMemoryRecommendationStore store) {
        return new Seen(
                store.activeGeneration(ks),
                store.getAll(ks, seeds),
                store.get(ks, seeds.get(SEEDS - 1)).isPresent());
    }

    private static long fromVersion(Map<String, SimilarItems> lists, String version) {
        return lists.values().stream()
                .filter(s -> s.recommendationId().orElseThrow().startsWith("RID-" + version + "-"))
                .count();
    }

    /** Fills {@code generation} in batches of 100, as the fetcher does. */
    private void fill(InMemoryRecommendationStore store, long generation, String version) {
        List<SimilarItems> all = lists(version);
        for (int from = 0; from < all.size(); from += 100) {
            store.putAll(ks, generation, all.subList(from, Math.min(all.size(), from + 100)));
        }
    }

    @Test
    void activate_whenReadAtTheInstantOfPublishing_theNewGenerationIsAlreadyComplete() {
        InMemoryRecommendationStore store =
                InMemoryRecommendationStore.builder().clock(clock).build();
        long old = store.beginGeneration(ks);
        fill(store, old, "old");
        store.activate(ks, old);
        long next = store.beginGeneration(ks);
        fill(store, next, "new");
        List<Seen> atPublish = new ArrayList<>();
        store.afterPublish = () -> atPublish.add(read(store));

        Seen beforeActivate = read(store);
        store.activate(ks, next);
        Seen after = read(store);

        assertThat(beforeActivate.active()).hasValue(old);
        assertThat(fromVersion(beforeActivate.lists(), "old")).isEqualTo(SEEDS);
        assertThat(atPublish).hasSize(1);
        Seen published = atPublish.get(0);
        assertThat(published.active()).hasValue(next);
        assertThat(published.lists()).hasSize(SEEDS);
        assertThat(fromVersion(published.lists(), "new")).isEqualTo(SEEDS);
        assertThat(published.lastSeedPresent()).isTrue();
        assertThat(after.active()).hasValue(next);
        assertThat(fromVersion(after.lists(), "new")).isEqualTo(SEEDS);
        assertThat(store.pendingGeneration(ks)).isEmpty();
        assertThat(store.itemIds(ks, old)).isEmpty();
    }

    @Test
    void activate_whenTheFirstGenerationIsPublished_itsListsReplaceTheLiveOnesAtOnce() {
        InMemoryRecommendationStore store = InMemoryRecommendationStore.create();
        for (SimilarItems live : lists("live")) {
            store.put(ks, live); // read-through writes before any generation exists
        }
        long first = store.beginGeneration(ks);
        fill(store, first, "first");
        List<Seen> atPublish = new ArrayList<>();
        store.afterPublish = () -> atPublish.add(read(store));

        assertThat(fromVersion(read(store).lists(), "live")).isEqualTo(SEEDS);
        store.activate(ks, first);

        assertThat(atPublish).singleElement().satisfies(seen -> {
            assertThat(seen.active()).hasValue(first);
            assertThat(fromVersion(seen.lists(), "first")).isEqualTo(SEEDS);
        });
        assertThat(store.itemIds(ks, RecommendationStore.LIVE_GENERATION)).isEmpty();
    }

    @Test
    void activate_whenTheSameGenerationAgain_publishesNothingNew() {
        InMemoryRecommendationStore store = InMemoryRecommendationStore.create();
        long g = store.beginGeneration(ks);
        fill(store, g, "g");
        store.activate(ks, g);
        List<Seen> atPublish = new ArrayList<>();
        store.afterPublish = () -> atPublish.add(read(store));

        store.activate(ks, g);

        assertThat(atPublish).isEmpty();
        assertThat(fromVersion(read(store).lists(), "g")).isEqualTo(SEEDS);
    }
}
