package io.personalizekit.local.internal.recipe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Turns a model's candidates into what a request gets, the same for every recipe: the filter, the excluded item
 * (a related-items request's seed), no repeats, the count, and the campaign's {@code rankingInfluence} for models
 * that expose {@link Model#signals()}.
 *
 * <p>Ranking influence re-ranks the first {@value #INFLUENCE_POOL_MIN} (or 4 x {@code numResults}, whichever is
 * more) candidates the filter keeps: each gets {@code 1 - position / pool} for its place in the model's order, plus
 * {@code POPULARITY} x its popularity percentile, plus {@code FRESHNESS} x its freshness percentile, and the best
 * {@code numResults} are returned in that order (with the model's scores, if any).
 */
public final class Serving {
    /** The smallest pool of candidates that ranking influence re-ranks. */
    static final int INFLUENCE_POOL_MIN = 100;

    private Serving() {}

    /**
     * The item a request of this recipe type must not return: the seed of a related-items request.
     *
     * @param type the recipe type
     * @param query the request
     * @return the item to leave out, or null
     */
    public static @Nullable String excluded(RecipeType type, Query query) {
        return type == RecipeType.RELATED_ITEMS ? query.itemId() : null;
    }

    /**
     * The recommendations of GetRecommendations and batch inference.
     *
     * @param model the model
     * @param query the request's item and user
     * @param numResults the most items to return
     * @param keep which items may be returned (the filter)
     * @param exclude an item never to return, or null
     * @return up to {@code numResults} distinct items, best first
     */
    public static List<ScoredItem> recommend(
            Model model, Query query, int numResults, Predicate<String> keep, @Nullable String exclude) {
        Collector c = collect(model, query, numResults, keep, exclude);
        List<ScoredItem> out = new ArrayList<>(c.ids.size());
        for (int i = 0; i < c.ids.size(); i++) {
            out.add(new ScoredItem(c.ids.get(i), c.score(i)));
        }
        return out;
    }

    /**
     * {@link #recommend}'s items without their scores.
     *
     * @param model the model
     * @param query the request's item and user
     * @param numResults the most items to return
     * @param keep which items may be returned (the filter)
     * @param exclude an item never to return, or null
     * @return up to {@code numResults} distinct item ids, best first
     */
    public static List<String> recommendIds(
            Model model, Query query, int numResults, Predicate<String> keep, @Nullable String exclude) {
        return collect(model, query, numResults, keep, exclude).ids;
    }

    private static Collector collect(
            Model model, Query query, int numResults, Predicate<String> keep, @Nullable String exclude) {
        Objects.requireNonNull(keep, "keep");
        ItemSignals signals = query.campaign().hasRankingInfluence() ? model.signals() : null;
        int pool = signals == null ? numResults : Math.max(INFLUENCE_POOL_MIN, numResults * 4);
        Collector c = new Collector(pool, keep, exclude);
        if (numResults > 0) {
            model.candidates(query, c);
        }
        return signals == null ? c : influenced(c, signals, query.campaign(), numResults);
    }

    /** The collected candidates re-ranked by the campaign's ranking influence, cut to {@code numResults}. */
    private static Collector influenced(Collector c, ItemSignals signals, CampaignSettings campaign, int numResults) {
        int n = c.ids.size();
        Integer[] order = new Integer[n];
        double[] value = new double[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            String id = c.ids.get(i);
            value[i] = 1.0
                    - (double) i / Math.max(1, n)
                    + campaign.popularityInfluence() * signals.popularity(id)
                    + campaign.freshnessInfluence() * signals.freshness(id);
        }
        Arrays.sort(order, (a, b) -> value[a] != value[b] ? Double.compare(value[b], value[a]) : Integer.compare(a, b));
        Collector out = new Collector(numResults, id -> true, null);
        for (int k = 0; k < n && k < numResults; k++) {
            out.offer(c.ids.get(order[k]), c.score(order[k]));
        }
        return out;
    }

    /**
     * Takes candidates until it has enough: not the excluded item, not one already taken, only those the filter
     * keeps. A candidate the filter rejected may be offered again and is then tested again (filters are pure).
     */
    private static final class Collector implements CandidateSink {
        final List<String> ids;
        /** The scores by position, allocated when the first score arrives (most models do not score). */
        private double @Nullable [] scores;

        private final Set<String> taken = new HashSet<>();
        private final int limit;
        private final Predicate<String> keep;
        private final @Nullable String exclude;

        Collector(int limit, Predicate<String> keep, @Nullable String exclude) {
            this.limit = limit;
            this.keep = keep;
            this.exclude = exclude;
            this.ids = new ArrayList<>(Math.max(0, Math.min(limit, 64)));
        }

        @Override
        public boolean offer(String itemId, double score) {
            if (!itemId.equals(exclude) && !taken.contains(itemId) && keep.test(itemId)) {
                taken.add(itemId);
                int n = ids.size();
                double[] s = scores;
                if (!Double.isNaN(score) || s != null) {
                    if (s == null) {
                        s = new double[Math.max(8, n + 1)];
                        Arrays.fill(s, Double.NaN);
                    } else if (n == s.length) {
                        s = Arrays.copyOf(s, n * 2);
                        Arrays.fill(s, n, s.length, Double.NaN);
                    }
                    s[n] = score;
                    scores = s;
                }
                ids.add(itemId);
            }
            return ids.size() < limit;
        }

        double score(int i) {
            double[] s = scores;
            return s == null || i >= s.length ? Double.NaN : s[i];
        }
    }

    /**
     * GetPersonalizedRanking: the given items the filter keeps, in the order the model offers them; items the model
     * does not offer follow in their input order, without a score.
     *
     * @param model the model
     * @param query the request's user (and item, if any)
     * @param items the items to rank
     * @param keep which items may be returned (the filter)
     * @return the ranked items
     */
    public static List<ScoredItem> rank(Model model, Query query, List<String> items, Predicate<String> keep) {
        Map<String, Boolean> wanted = new LinkedHashMap<>();
        for (String id : items) {
            wanted.putIfAbsent(id, Boolean.FALSE);
        }
        List<ScoredItem> out = new ArrayList<>(wanted.size());
        int[] left = {wanted.size()};
        if (left[0] == 0) {
            return out;
        }
        model.rank(query, List.copyOf(wanted.keySet()), (id, score) -> {
            if (wanted.replace(id, Boolean.FALSE, Boolean.TRUE)) {
                left[0]--;
                if (keep.test(id)) {
                    out.add(new ScoredItem(id, score));
                }
            }
            return left[0] > 0;
        });
        for (String id : items) {
            if (wanted.replace(id, Boolean.FALSE, Boolean.TRUE) && keep.test(id)) {
                out.add(new ScoredItem(id, Double.NaN));
            }
        }
        return out;
    }
}
