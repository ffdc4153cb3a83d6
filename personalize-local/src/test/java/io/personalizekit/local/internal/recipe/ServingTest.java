package io.personalizekit.local.internal.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ServingTest {
    /** A model that offers a fixed candidate list (with repeats and the seed) and records how far it was read. */
    static final class ListModel implements Model {
        final List<String> candidates;
        int offered;

        ListModel(String... candidates) {
            this.candidates = List.of(candidates);
        }

        @Override
        public void candidates(Query query, CandidateSink sink) {
            for (int i = 0; i < candidates.size(); i++) {
                offered++;
                if (!sink.offer(candidates.get(i), i)) {
                    return;
                }
            }
        }

        @Override
        public boolean knowsItem(String itemId) {
            return candidates.contains(itemId);
        }

        @Override
        public int itemCount() {
            return candidates.size();
        }
    }

    private static List<String> ids(List<ScoredItem> items) {
        List<String> out = new ArrayList<>();
        items.forEach(i -> out.add(i.itemId()));
        return out;
    }

    @Test
    void recommend_skipsTheExcludedSeedRepeatsAndFilteredItems_andStopsWhenFull() {
        ListModel model = new ListModel("a", "seed", "b", "a", "c", "d", "e", "f");
        List<String> tested = new ArrayList<>();

        List<ScoredItem> out = Serving.recommend(
                model,
                Query.item("seed"),
                3,
                id -> {
                    tested.add(id);
                    return !id.equals("b");
                },
                "seed");

        assertThat(ids(out)).containsExactly("a", "c", "d");
        assertThat(out).extracting(ScoredItem::score).containsExactly(0.0, 4.0, 5.0);
        assertThat(tested).as("the filter sees each distinct candidate once").containsExactly("a", "b", "c", "d");
        assertThat(model.offered)
                .as("no candidates pulled once the list is full")
                .isEqualTo(6);
    }

    @Test
    void recommend_withNothingExcluded_mayReturnTheQueryItem_andZeroResultsIsEmpty() {
        ListModel model = new ListModel("seed", "a");

        assertThat(ids(Serving.recommend(model, Query.item("seed"), 5, id -> true, null)))
                .containsExactly("seed", "a");
        assertThat(Serving.recommend(model, Query.NONE, 0, id -> true, null)).isEmpty();
        assertThat(model.offered).isEqualTo(2);
    }

    @Test
    void excluded_isTheSeedForRelatedItemsOnly() {
        Query q = new Query("i1", "u1");
        assertThat(Serving.excluded(RecipeType.RELATED_ITEMS, q)).isEqualTo("i1");
        assertThat(Serving.excluded(RecipeType.POPULAR_ITEMS, q)).isNull();
        assertThat(Serving.excluded(RecipeType.USER_PERSONALIZATION, q)).isNull();
    }

    @Test
    void rank_ordersTheInputByTheModel_filtersIt_andKeepsUnrankedItemsInInputOrder() {
        ListModel model = new ListModel("x", "c", "y", "a", "z");

        List<ScoredItem> ranked = Serving.rank(
                model, new Query(null, "u1"), List.of("q", "a", "b", "c", "a", "p"), id -> !id.equals("p"));

        assertThat(ids(ranked)).containsExactly("c", "a", "q", "b");
        assertThat(ranked.get(0).hasScore()).isTrue();
        assertThat(ranked.get(2).hasScore()).isFalse();
        assertThat(Serving.rank(model, Query.NONE, List.of(), id -> true)).isEmpty();
    }
}
