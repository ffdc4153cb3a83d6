package io.personalizekit.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelatedItemsTest {
    static SimilarItems of(String seed, ResultSource source, String... ids) {
        List<RecommendedItem> items = new java.util.ArrayList<>();
        for (String id : ids) {
            items.add(RecommendedItem.of(id));
        }
        return SimilarItems.builder()
                .seedItemId(seed)
                .items(items)
                .source(source)
                .fetchedAt(Instant.EPOCH)
                .build();
    }

    @Test
    void merge_interleavesByRankAndCapsAtMaxResults() {
        RelatedItems r = RelatedItems.merge(
                List.of(of("s1", ResultSource.LIVE, "a", "b", "c"), of("s2", ResultSource.CACHE, "d", "a", "e")),
                4,
                true);

        assertThat(r.itemIds()).containsExactly("a", "d", "b", "c");
    }

    @Test
    void merge_whenSeedsAreKept_includesASeedReturnedByAnotherSeed() {
        RelatedItems r = RelatedItems.merge(
                List.of(of("s1", ResultSource.LIVE, "s2"), of("s2", ResultSource.LIVE, "x")), 5, false);

        assertThat(r.itemIds()).containsExactly("s2", "x");
    }

    @Test
    void merge_whenEverySeedIsFallback_mergesThePopularItemsAndSaysSo() {
        RelatedItems r = RelatedItems.merge(
                List.of(of("s1", ResultSource.FALLBACK, "p1", "p2"), of("s2", ResultSource.FALLBACK, "p1", "p3")),
                10,
                true);

        assertThat(r.isFallback()).isTrue();
        assertThat(r.itemIds()).containsExactly("p1", "p2", "p3");
        assertThat(r.toString()).contains("FALLBACK");
    }

    @Test
    void merge_whenMaxResultsIsBelowOne_isRejected() {
        assertThatThrownBy(() -> RelatedItems.merge(List.of(), 0, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }

    @Test
    void equals_comparesAllValues() {
        List<SimilarItems> in = List.of(of("s1", ResultSource.LIVE, "a"));
        assertThat(RelatedItems.merge(in, 3, true))
                .isEqualTo(RelatedItems.merge(in, 3, true))
                .hasSameHashCodeAs(RelatedItems.merge(in, 3, true))
                .isNotEqualTo(RelatedItems.merge(List.of(of("s1", ResultSource.LIVE, "b")), 3, true));
    }
}
