package io.personalizekit.local.internal.recipe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * Serves the user-personalization and personalized-ranking recipes from {@link Neighbourhoods}: a user's recent
 * history (trained profile merged with the events streamed since, {@link UserProfiles#recent}) is scored at
 * request time, so a user's new events change their next recommendations without retraining.
 *
 * <p>Recommendations offer, in this order: the items the history's neighbourhoods reach that are not in the recent
 * history (best score first); then the recent history's own items (a user may want an item again; a filter
 * excludes them); then the rest by popularity. With {@link Exploration} (User-Personalization), slot {@code k}
 * (0-based, counting offers) is an exploration item when {@code floor((k + 1) w) > floor(k w)} for the campaign's
 * {@code explorationWeight w}: 3 of the first 10 slots at the default 0.3, none at 0, all at 1 (while cold items
 * last); explored items carry their popularity score. Ranking scores only the given items and normalises their
 * scores to sum to 1.
 *
 * <p>For speed, training also keeps the first {@value #CACHED} items of each trained user's list (the same
 * list, computed once): a request of a user without streamed events reads them and computes the rest only when it
 * needs more. Immutable and thread-safe.
 */
final class PersonalizationModel implements Model {
    /** The items kept per trained user. */
    static final int CACHED = 50;

    private static final int[] NONE = new int[0];

    private final Neighbourhoods neighbourhoods;
    private final UserProfiles profiles;
    private final ItemSignals signals;
    private final @Nullable Exploration exploration;
    private final int @Nullable [][] cachedItems;
    private final float @Nullable [][] cachedScores;

    /**
     * @param precompute whether to keep each trained user's first {@value #CACHED} items (not for evaluation)
     */
    PersonalizationModel(
            Neighbourhoods neighbourhoods,
            UserProfiles profiles,
            ItemSignals signals,
            @Nullable Exploration exploration,
            boolean precompute) {
        this.neighbourhoods = neighbourhoods;
        this.profiles = profiles;
        this.signals = signals;
        this.exploration = exploration;
        if (precompute) {
            int users = profiles.userCount();
            int[][] items = new int[users][];
            float[][] scores = new float[users][];
            IntStream.range(0, users).parallel().forEach(u -> {
                int[] top = new int[CACHED];
                float[] topScores = new float[CACHED];
                int[] n = {0};
                stream(-1, profiles.itemsOf(u), NONE, 0, (j, score) -> {
                    top[n[0]] = j;
                    topScores[n[0]++] = score;
                    return n[0] < CACHED;
                });
                items[u] = Arrays.copyOf(top, n[0]);
                scores[u] = Arrays.copyOf(topScores, n[0]);
            });
            this.cachedItems = items;
            this.cachedScores = scores;
        } else {
            this.cachedItems = null;
            this.cachedScores = null;
        }
    }

    @Override
    public void candidates(Query query, CandidateSink sink) {
        Exploration ex = exploration;
        double w = query.campaign().explorationWeight();
        int[] explore =
                ex == null || w <= 0 ? NONE : ex.candidates(query.campaign().explorationItemAgeCutOffDays());
        String[] ids = neighbourhoods.universe.ids;
        int[] history = profiles.recent(query.userId(), query.recentEvents(), neighbourhoods.universe);
        int cached = query.recentEvents().isEmpty() ? profiles.indexOf(query.userId()) : -1;
        stream(cached, history, explore, w, (j, score) -> sink.offer(ids[j], score));
    }

    /** Receives item indexes with their scores; false when no more are wanted. */
    interface IndexSink {
        boolean offer(int item, float score);
    }

    /**
     * The top {@code n} item indexes for a history, without exploration (held-out evaluation).
     *
     * @param history item indexes, newest first
     * @param n the count
     * @return up to {@code n} indexes, best first
     */
    int[] top(int[] history, int n) {
        int[] out = new int[n];
        int[] count = {0};
        if (n > 0) {
            stream(-1, history, NONE, 0, (j, score) -> {
                out[count[0]++] = j;
                return count[0] < n;
            });
        }
        return Arrays.copyOf(out, count[0]);
    }

    /**
     * Offers a history's list to the sink.
     *
     * @param cachedUser the trained user whose kept items start the list, or -1 to compute it all
     */
    private void stream(int cachedUser, int[] history, int[] explore, double w, IndexSink sink) {
        int[][] kept = cachedItems;
        float[][] keptScores = cachedScores;
        Offer offer;
        if (cachedUser >= 0 && kept != null && keptScores != null) {
            offer = new Offer(sink, explore, w, neighbourhoods.unscored(Neighbourhoods.historyPriorShare()));
            int[] items = kept[cachedUser];
            float[] scores = keptScores[cachedUser];
            for (int k = 0; k < items.length; k++) {
                if (!offer.next(items[k], scores[k])) {
                    return;
                }
            }
            if (items.length < CACHED) {
                offer.rest();
                return;
            }
            offer.rebase(neighbourhoods.score(history));
        } else {
            offer = new Offer(sink, explore, w, neighbourhoods.score(history));
        }
        Neighbourhoods.Scores s = offer.scores;
        for (int k = 0; k < s.size(); k++) {
            int j = s.item(k);
            if (!contains(history, j) && !offer.next(j)) {
                return;
            }
        }
        int[] again = history.clone();
        float[] againScore = new float[again.length];
        for (int k = 0; k < again.length; k++) {
            againScore[k] = s.scoreOf(again[k]);
        }
        // the history's own items by score (insertion sort: at most UserProfiles.HISTORY of them)
        for (int a = 1; a < again.length; a++) {
            int item = again[a];
            float v = againScore[a];
            int b = a - 1;
            while (b >= 0 && againScore[b] < v) {
                again[b + 1] = again[b];
                againScore[b + 1] = againScore[b];
                b--;
            }
            again[b + 1] = item;
            againScore[b + 1] = v;
        }
        for (int j : again) {
            if (!offer.next(j)) {
                return;
            }
        }
        for (int j : neighbourhoods.popularOrder) {
            if (!offer.next(j)) {
                return;
            }
        }
        offer.rest();
    }

    private static boolean contains(int[] items, int j) {
        for (int i : items) {
            if (i == j) {
                return true;
            }
        }
        return false;
    }

    /** Offers to the sink, putting exploration items into their slots and skipping repeats. */
    private static final class Offer {
        private final IndexSink sink;
        private final int[] explore;
        private final double weight;
        Neighbourhoods.Scores scores;
        private int[] offered = new int[32];
        private int nOffered;
        private int slot;
        private int nextExplore;

        Offer(IndexSink sink, int[] explore, double weight, Neighbourhoods.Scores scores) {
            this.sink = sink;
            this.explore = explore;
            this.weight = Math.min(1.0, weight);
            this.scores = scores;
        }

        /** Continues with another history's scores (of the same thread), keeping what was offered. */
        void rebase(Neighbourhoods.Scores next) {
            scores = next;
            for (int k = 0; k < nOffered; k++) {
                next.firstOffer(offered[k]);
            }
        }

        private boolean first(int j) {
            if (!scores.firstOffer(j)) {
                return false;
            }
            if (nOffered == offered.length) {
                offered = Arrays.copyOf(offered, nOffered * 2);
            }
            offered[nOffered++] = j;
            return true;
        }

        /** Offers {@code j} with its score (after any exploration items due first); false when no more wanted. */
        boolean next(int j) {
            return next(j, scores.scoreOf(j));
        }

        boolean next(int j, float score) {
            while (nextExplore < explore.length && Math.floor((slot + 1) * weight) > Math.floor(slot * weight)) {
                int e = explore[nextExplore++];
                if (first(e)) {
                    slot++;
                    if (!sink.offer(e, scores.priorScore(e))) {
                        return false;
                    }
                }
            }
            if (!first(j)) {
                return true;
            }
            slot++;
            return sink.offer(j, score);
        }

        /** Offers the exploration items not offered yet. */
        void rest() {
            while (nextExplore < explore.length) {
                int e = explore[nextExplore++];
                if (first(e) && !sink.offer(e, scores.priorScore(e))) {
                    return;
                }
            }
        }
    }

    @Override
    public void rank(Query query, List<String> items, CandidateSink sink) {
        int[] history = profiles.recent(query.userId(), query.recentEvents(), neighbourhoods.universe);
        List<Integer> known = new ArrayList<>();
        for (String id : items) {
            Integer i = neighbourhoods.universe.index.get(id);
            if (i != null && signals.counts[i] > 0) {
                known.add(i);
            }
        }
        int[] idx = known.stream().mapToInt(Integer::intValue).toArray();
        float[] raw = neighbourhoods.scoreOf(history, idx);
        double total = 0;
        for (float f : raw) {
            total += f;
        }
        Integer[] order = new Integer[idx.length];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> raw[a] != raw[b] ? Float.compare(raw[b], raw[a]) : Integer.compare(a, b));
        String[] ids = neighbourhoods.universe.ids;
        for (int k : order) {
            double score = total > 0 ? raw[k] / total : 1.0 / idx.length;
            if (!sink.offer(ids[idx[k]], score)) {
                return;
            }
        }
    }

    @Override
    public boolean knowsItem(String itemId) {
        return neighbourhoods.universe.index.containsKey(itemId);
    }

    @Override
    public int itemCount() {
        return neighbourhoods.universe.size();
    }

    @Override
    public boolean returnsScores() {
        return true;
    }

    @Override
    public ItemSignals signals() {
        return signals;
    }
}
