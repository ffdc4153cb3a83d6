package io.personalizekit.local.internal.recipe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * scores to sum to 1. Immutable and thread-safe.
 */
final class PersonalizationModel implements Model {
    private final Neighbourhoods neighbourhoods;
    private final UserProfiles profiles;
    private final ItemSignals signals;
    private final @Nullable Exploration exploration;

    PersonalizationModel(
            Neighbourhoods neighbourhoods,
            UserProfiles profiles,
            ItemSignals signals,
            @Nullable Exploration exploration) {
        this.neighbourhoods = neighbourhoods;
        this.profiles = profiles;
        this.signals = signals;
        this.exploration = exploration;
    }

    private int[] history(Query query) {
        return profiles.recent(query.userId(), query.recentEvents(), neighbourhoods.universe);
    }

    @Override
    public void candidates(Query query, CandidateSink sink) {
        Exploration ex = exploration;
        double w = query.campaign().explorationWeight();
        int[] explore =
                ex == null || w <= 0 ? new int[0] : ex.candidates(query.campaign().explorationItemAgeCutOffDays());
        String[] ids = neighbourhoods.universe.ids;
        stream(history(query), explore, w, (j, score) -> sink.offer(ids[j], score));
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
            stream(history, new int[0], 0, (j, score) -> {
                out[count[0]++] = j;
                return count[0] < n;
            });
        }
        return Arrays.copyOf(out, count[0]);
    }

    private void stream(int[] history, int[] explore, double w, IndexSink sink) {
        Neighbourhoods.Scores s = neighbourhoods.score(history);
        Offer offer = new Offer(sink, explore, w, neighbourhoods.prior, s.priorShare);
        Set<Integer> recent = new HashSet<>();
        for (int h : history) {
            recent.add(h);
        }
        Map<Integer, Float> historyScores = new HashMap<>();
        for (int k = 0; k < s.items.length; k++) {
            int j = s.items[k];
            if (recent.contains(j)) {
                historyScores.put(j, s.scores[k]);
            } else if (!offer.next(j, s.scores[k])) {
                return;
            }
        }
        float[] prior = neighbourhoods.prior;
        float[] againScore = new float[history.length];
        Integer[] order = new Integer[history.length];
        for (int k = 0; k < history.length; k++) {
            Float v = historyScores.get(history[k]);
            againScore[k] = v != null ? v : s.priorShare * prior[history[k]];
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> Float.compare(againScore[b], againScore[a]));
        for (int k : order) {
            if (!offer.next(history[k], againScore[k])) {
                return;
            }
        }
        for (int j : neighbourhoods.popularOrder) {
            if (!offer.next(j, s.priorShare * prior[j])) {
                return;
            }
        }
        offer.rest();
    }

    /** Offers to the sink, putting exploration items into their slots and skipping repeats. */
    private static final class Offer {
        private final IndexSink sink;
        private final int[] explore;
        private final double weight;
        private final float[] prior;
        private final float priorShare;
        private final Set<Integer> offered = new HashSet<>();
        private int slot;
        private int nextExplore;

        Offer(IndexSink sink, int[] explore, double weight, float[] prior, float priorShare) {
            this.sink = sink;
            this.explore = explore;
            this.weight = Math.min(1.0, weight);
            this.prior = prior;
            this.priorShare = priorShare;
        }

        private boolean offerExplored(int e) {
            return sink.offer(e, priorShare * prior[e]);
        }

        /** Offers {@code j} (after any exploration items due first); false when the sink wants no more. */
        boolean next(int j, float score) {
            while (nextExplore < explore.length && Math.floor((slot + 1) * weight) > Math.floor(slot * weight)) {
                int e = explore[nextExplore++];
                if (offered.add(e)) {
                    slot++;
                    if (!offerExplored(e)) {
                        return false;
                    }
                }
            }
            if (!offered.add(j)) {
                return true;
            }
            slot++;
            return sink.offer(j, score);
        }

        /** Offers the exploration items not offered yet. */
        void rest() {
            while (nextExplore < explore.length) {
                int e = explore[nextExplore++];
                if (offered.add(e) && !offerExplored(e)) {
                    return;
                }
            }
        }
    }

    @Override
    public void rank(Query query, List<String> items, CandidateSink sink) {
        int[] history = history(query);
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
