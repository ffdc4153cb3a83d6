package io.personalizekit.local.internal.recipe;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The items User-Personalization explores: cold items (fewer than {@value #COLD_INTERACTIONS} interactions,
 * including items known only from the items dataset), in the order of an upper-confidence priority
 * {@code (clicks + 1) / (seen + 2) + 1 / sqrt(seen + 1)}, where {@code seen} is the number of times the item was
 * shown in an {@code IMPRESSION} list (at least its clicks): items nobody has seen yet come first, an item often
 * shown and rarely chosen sinks; ties go to the newest item. At request time, only the items at most
 * {@code explorationItemAgeCutOff} days older than the latest interaction are explored. The order is the same for
 * every user (the service's exploration is randomised; this one is deterministic, so tests can rely on it).
 * Thread-safe.
 */
final class Exploration {
    /** Items with fewer interactions than this are cold. */
    static final int COLD_INTERACTIONS = 5;

    private final int[] order;
    private final long[] created;
    private final long latest;
    /** The candidates by cut-off (campaigns rarely change theirs); the arrays are never modified. */
    private final Map<Double, int[]> byCutOff = new java.util.concurrent.ConcurrentHashMap<>();

    private Exploration(int[] order, long[] created, long latest) {
        this.order = order;
        this.created = created;
        this.latest = latest;
    }

    /**
     * The exploration candidates of a training.
     *
     * @param data the training data
     * @param universe the items known (with the items dataset's)
     * @param signals the items' counts and creation times, indexed like {@code universe}
     */
    static Exploration of(TrainingData data, ItemUniverse universe, ItemSignals signals) {
        int n = universe.size();
        int[] shown = new int[n];
        String[] impressions = data.interactions().impressionColumn();
        if (impressions != null) {
            Map<String, int[]> parsed = new HashMap<>();
            for (int p = 0; p < Math.min(impressions.length, data.interactionCount()); p++) {
                String imp = impressions[p];
                if (imp == null) {
                    continue;
                }
                int[] items = parsed.computeIfAbsent(imp, v -> indexes(v, universe));
                for (int j : items) {
                    shown[j]++;
                }
            }
        }
        int[] cold = java.util.stream.IntStream.range(0, n)
                .filter(j -> signals.counts[j] < COLD_INTERACTIONS)
                .toArray();
        double[] suitability = new double[n];
        for (int j : cold) {
            int seen = Math.max(shown[j], signals.counts[j]);
            suitability[j] = (signals.counts[j] + 1.0) / (seen + 2.0) + 1.0 / Math.sqrt(seen + 1.0);
        }
        Integer[] boxed = Arrays.stream(cold).boxed().toArray(Integer[]::new);
        Arrays.sort(
                boxed,
                (a, b) -> suitability[a] != suitability[b]
                        ? Double.compare(suitability[b], suitability[a])
                        : signals.created[a] != signals.created[b]
                                ? Long.compare(signals.created[b], signals.created[a])
                                : Integer.compare(a, b));
        return new Exploration(
                Arrays.stream(boxed).mapToInt(Integer::intValue).toArray(), signals.created, signals.latest);
    }

    private static int[] indexes(String impression, ItemUniverse universe) {
        return Arrays.stream(impression.split("\\|"))
                .map(String::trim)
                .map(universe.index::get)
                .filter(java.util.Objects::nonNull)
                .mapToInt(Integer::intValue)
                .distinct()
                .toArray();
    }

    /**
     * The cold items exploration offers, in the order to offer them.
     *
     * @param cutOffDays the oldest item explored, in days before the latest interaction
     * @return item indexes
     */
    int[] candidates(double cutOffDays) {
        return byCutOff.computeIfAbsent(cutOffDays, this::compute);
    }

    private int[] compute(double cutOffDays) {
        long oldest = latest - (long) Math.floor(cutOffDays * 86_400);
        int[] out = new int[order.length];
        int n = 0;
        for (int j : order) {
            if (created[j] >= oldest) {
                out[n++] = j;
            }
        }
        return Arrays.copyOf(out, n);
    }
}
