package io.personalizekit.local.internal.recipe;

import io.personalizekit.local.internal.data.DatasetData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * A TF-IDF index of item texts for content similarity (Semantic-Similarity). Each item's document is its item-name
 * field followed by its textual field, each cut at {@value TextTokens#MAX_TEXT_CHARS} characters and read by
 * {@link TextTokens}. A term's weight in a document is {@code (1 + ln tf) * ln((N + 1) / (df + 1))}, where {@code tf}
 * is its count in the document, {@code df} the number of documents containing it and {@code N} the number of items;
 * each vector is scaled to unit length, so the dot product of two vectors is their cosine. Terms found in more than a
 * quarter of the items (and in more than {@value #COMMON_TERM_MIN_DF} of them) are dropped as stop words of the
 * catalog. Neighbours are found through the postings (term to items), so an item is compared only with items sharing
 * a term; to keep this fast on large catalogs, terms found in more than {@value #WALK_MIN_DF} items and more than 1 %
 * of them keep their weight in the vectors but bring no candidates and add nothing to a candidate's score, the same
 * approximation as item metadata similarity ({@link ItemSimilarity}). Immutable; {@link #neighbours} is thread-safe.
 */
final class TextIndex {
    static final int COMMON_TERM_MIN_DF = 1000;
    static final int WALK_MIN_DF = 1000;

    final ItemUniverse universe;
    /** Per item, its terms and their weights (unit length), or empty arrays for an item without text. */
    final int[][] terms;

    final float[][] weights;
    /** Per term, the items containing it and the term's weight in each. */
    final int[][] postings;

    final float[][] postingWeights;
    /** Per item, its interaction count (ties between equal scores prefer the more popular item). */
    final float[] popularity;

    private final ThreadLocal<float[]> scratch;
    private final int walkMaxDf;

    private TextIndex(
            ItemUniverse universe,
            int[][] terms,
            float[][] weights,
            int[][] postings,
            float[][] postingWeights,
            float[] popularity) {
        this.universe = universe;
        this.terms = terms;
        this.weights = weights;
        this.postings = postings;
        this.postingWeights = postingWeights;
        this.popularity = popularity;
        this.scratch = ThreadLocal.withInitial(() -> new float[universe.size()]);
        this.walkMaxDf = Math.max(WALK_MIN_DF, universe.size() / 100);
    }

    /**
     * Indexes the items of an items dataset.
     *
     * @param items the items dataset (every record is an item of the universe, in the dataset's order)
     * @param nameField the item-name field, or null
     * @param textField the textual field
     * @param popularity per item id, its interaction count (absent means 0)
     * @return the index
     */
    static TextIndex build(
            DatasetData items, @Nullable String nameField, String textField, Map<String, Integer> popularity) {
        ItemUniverse universe = ItemUniverse.of(items.recordIds());
        int n = universe.size();
        Map<String, Integer> termIds = new HashMap<>();
        int[][] rawTerms = new int[n][];
        int[][] rawCounts = new int[n][];
        List<Integer> df = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, String> rec = items.record(universe.ids[i]);
            Map<Integer, Integer> counts = new HashMap<>();
            for (String field : nameField == null ? List.of(textField) : List.of(nameField, textField)) {
                String text = rec == null ? null : rec.get(field);
                if (text == null) {
                    continue;
                }
                if (text.length() > TextTokens.MAX_TEXT_CHARS) {
                    text = text.substring(0, TextTokens.MAX_TEXT_CHARS);
                }
                for (String word : TextTokens.terms(text)) {
                    int t = termIds.computeIfAbsent(word, k -> termIds.size());
                    if (counts.merge(t, 1, Integer::sum) == 1) {
                        if (t == df.size()) {
                            df.add(0);
                        }
                        df.set(t, df.get(t) + 1);
                    }
                }
            }
            rawTerms[i] = counts.keySet().stream()
                    .mapToInt(Integer::intValue)
                    .sorted()
                    .toArray();
            rawCounts[i] = new int[rawTerms[i].length];
            for (int k = 0; k < rawTerms[i].length; k++) {
                rawCounts[i][k] = counts.get(rawTerms[i][k]);
            }
        }
        int nTerms = termIds.size();
        double commonDf = Math.max(COMMON_TERM_MIN_DF, n / 4.0);
        int[][] terms = new int[n][];
        float[][] weights = new float[n][];
        int[] postingCount = new int[nTerms];
        for (int i = 0; i < n; i++) {
            int[] kept = new int[rawTerms[i].length];
            float[] w = new float[rawTerms[i].length];
            int m = 0;
            double norm = 0;
            for (int k = 0; k < rawTerms[i].length; k++) {
                int t = rawTerms[i][k];
                int d = df.get(t);
                if (d > commonDf) {
                    continue;
                }
                double weight = (1 + Math.log(rawCounts[i][k])) * Math.log((n + 1.0) / (d + 1.0));
                if (weight <= 0) {
                    continue;
                }
                kept[m] = t;
                w[m] = (float) weight;
                norm += weight * weight;
                m++;
            }
            float scale = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
            for (int k = 0; k < m; k++) {
                w[k] *= scale;
                postingCount[kept[k]]++;
            }
            terms[i] = Arrays.copyOf(kept, m);
            weights[i] = Arrays.copyOf(w, m);
        }
        int[][] postings = new int[nTerms][];
        float[][] postingWeights = new float[nTerms][];
        for (int t = 0; t < nTerms; t++) {
            postings[t] = new int[postingCount[t]];
            postingWeights[t] = new float[postingCount[t]];
        }
        int[] fill = new int[nTerms];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < terms[i].length; k++) {
                int t = terms[i][k];
                postings[t][fill[t]] = i;
                postingWeights[t][fill[t]++] = weights[i][k];
            }
        }
        float[] pop = new float[n];
        for (int i = 0; i < n; i++) {
            pop[i] = popularity.getOrDefault(universe.ids[i], 0);
        }
        return new TextIndex(universe, terms, weights, postings, postingWeights, pop);
    }

    /**
     * The items most similar to {@code seed} by cosine of their TF-IDF vectors, best first; only items sharing a
     * term with the seed, never the seed itself.
     *
     * @param seed the item's index
     * @param k the most neighbours
     * @param top a heap to reuse (this thread's)
     * @return up to {@code k} item indexes
     */
    int[] neighbours(int seed, int k, TopK top) {
        float[] acc = scratch.get();
        int[] seedTerms = terms[seed];
        float[] seedWeights = weights[seed];
        int touchedCount = 0;
        int[] touched = new int[16];
        for (int a = 0; a < seedTerms.length; a++) {
            int[] items = postings[seedTerms[a]];
            if (items.length > walkMaxDf) {
                continue;
            }
            float[] w = postingWeights[seedTerms[a]];
            float sw = seedWeights[a];
            for (int p = 0; p < items.length; p++) {
                int j = items[p];
                if (j == seed) {
                    continue;
                }
                if (acc[j] == 0) {
                    if (touchedCount == touched.length) {
                        touched = Arrays.copyOf(touched, touchedCount * 2);
                    }
                    touched[touchedCount++] = j;
                }
                acc[j] += sw * w[p];
            }
        }
        top.reset(k);
        for (int q = 0; q < touchedCount; q++) {
            int j = touched[q];
            top.offer(acc[j], j, popularity[j]);
            acc[j] = 0;
        }
        return top.sortedItems();
    }

    /**
     * Every item's top {@code k} neighbours, computed in parallel.
     *
     * @param k the most neighbours per item
     * @return per item index, its neighbours' indexes, best first
     */
    int[][] neighboursOfAll(int k) {
        int[][] out = new int[universe.size()][];
        ThreadLocal<TopK> tops = ThreadLocal.withInitial(TopK::new);
        IntStream.range(0, universe.size()).parallel().forEach(i -> out[i] = neighbours(i, k, tops.get()));
        return out;
    }
}
