package io.personalizekit.local.internal.recipe;

import io.personalizekit.local.internal.data.DatasetData;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.SchemaField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Item metadata in index form, for metadata similarity: per item its categorical tokens (every categorical
 * field's value split on {@code |}, lower-cased) and a normalised TF-IDF vector of its first textual field (HTML
 * tags and stop words dropped), with the postings (token to items, term to items and weights) that similarity
 * walks ({@link TextTokens} reads the text). Indexed like the {@link ItemUniverse#withCatalog} universe. Immutable.
 */
final class ItemMetadata {
    private static final TrainingData.Key<ItemMetadata> KEY =
            new TrainingData.Key<>("item metadata", ItemMetadata.class);

    final int[][] tokens;
    final int[] tokenCount;
    final int[][] tokenPostings;
    final int[][] terms;
    final float[][] termWeights;
    final int[][] termPostings;
    final float[][] termPostingWeights;
    final boolean hasCategorical;
    final boolean hasText;

    private ItemMetadata(
            int[][] tokens,
            int[][] tokenPostings,
            int[][] terms,
            float[][] termWeights,
            int[][] termPostings,
            float[][] termPostingWeights,
            boolean hasCategorical,
            boolean hasText) {
        this.tokens = tokens;
        this.tokenCount = new int[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            tokenCount[i] = tokens[i].length;
        }
        this.tokenPostings = tokenPostings;
        this.terms = terms;
        this.termWeights = termWeights;
        this.termPostings = termPostings;
        this.termPostingWeights = termPostingWeights;
        this.hasCategorical = hasCategorical;
        this.hasText = hasText;
    }

    /**
     * The metadata of the training's items dataset over the {@link ItemUniverse#withCatalog} universe, computed once
     * per training; null when the training read no items or an empty items dataset.
     */
    static @Nullable ItemMetadata of(TrainingData data) {
        if (!ItemUniverse.hasCatalog(data)) {
            return null;
        }
        return data.derived(
                KEY,
                d -> build(
                        java.util.Objects.requireNonNull(d.items()), Arrays.asList(ItemUniverse.withCatalog(d).ids)));
    }

    static ItemMetadata build(DatasetData items, List<String> universe) {
        DatasetSchema schema = items.schema();
        List<String> categorical = new ArrayList<>();
        @Nullable String textual = null;
        if (schema != null) {
            for (SchemaField f : schema.fields()) {
                if (f.categorical()) {
                    categorical.add(f.name());
                } else if (f.textual() && textual == null) {
                    textual = f.name();
                }
            }
        }
        int nItems = universe.size();
        Map<String, Integer> tokenIds = new HashMap<>();
        Map<String, Integer> termIds = new HashMap<>();
        int[][] tokens = new int[nItems][];
        int[][] rawTerms = new int[nItems][];
        int[][] rawCounts = new int[nItems][];
        for (int i = 0; i < nItems; i++) {
            Map<String, String> rec = items.record(universe.get(i));
            if (rec == null) {
                tokens[i] = new int[0];
                rawTerms[i] = new int[0];
                rawCounts[i] = new int[0];
                continue;
            }
            List<String> fields = categorical;
            if (schema == null) {
                fields = new ArrayList<>(rec.keySet());
                fields.removeAll(List.of("ITEM_ID", "CREATION_TIMESTAMP"));
            }
            int[] t = new int[8];
            int nt = 0;
            for (String field : fields) {
                String v = rec.get(field);
                if (v == null) {
                    continue;
                }
                for (String part : v.split("\\|")) {
                    String p = part.trim().toLowerCase(Locale.ROOT);
                    if (p.isEmpty()) {
                        continue;
                    }
                    Integer id = tokenIds.computeIfAbsent(field + '\u0000' + p, k -> tokenIds.size());
                    if (nt == t.length) {
                        t = Arrays.copyOf(t, nt * 2);
                    }
                    t[nt++] = id;
                }
            }
            tokens[i] = Arrays.stream(t, 0, nt).distinct().sorted().toArray();
            String text = textual == null ? null : rec.get(textual);
            if (text != null) {
                Map<Integer, Integer> counts = new HashMap<>();
                for (String word : TextTokens.terms(text)) {
                    counts.merge(termIds.computeIfAbsent(word, k -> termIds.size()), 1, Integer::sum);
                }
                rawTerms[i] =
                        counts.keySet().stream().mapToInt(Integer::intValue).toArray();
                rawCounts[i] = new int[rawTerms[i].length];
                for (int k = 0; k < rawTerms[i].length; k++) {
                    rawCounts[i][k] = counts.get(rawTerms[i][k]);
                }
            } else {
                rawTerms[i] = new int[0];
                rawCounts[i] = new int[0];
            }
        }
        int[][] tokenPostings = postings(tokens, tokenIds.size());
        int[] df = new int[termIds.size()];
        for (int[] ts : rawTerms) {
            for (int t : ts) {
                df[t]++;
            }
        }
        float[][] weights = new float[nItems][];
        for (int i = 0; i < nItems; i++) {
            float[] wv = new float[rawTerms[i].length];
            double norm = 0;
            for (int k = 0; k < wv.length; k++) {
                double idf = Math.log((double) (nItems + 1) / (df[rawTerms[i][k]] + 1)) + 1;
                double tf = 1 + Math.log(rawCounts[i][k]);
                wv[k] = (float) (tf * idf);
                norm += wv[k] * wv[k];
            }
            norm = Math.sqrt(norm);
            for (int k = 0; k < wv.length && norm > 0; k++) {
                wv[k] /= (float) norm;
            }
            weights[i] = wv;
        }
        int[][] termPostings = postings(rawTerms, termIds.size());
        float[][] termPostingWeights = new float[termIds.size()][];
        int[] fill = new int[termIds.size()];
        for (int t = 0; t < termPostings.length; t++) {
            termPostingWeights[t] = new float[termPostings[t].length];
        }
        for (int i = 0; i < nItems; i++) {
            for (int k = 0; k < rawTerms[i].length; k++) {
                int t = rawTerms[i][k];
                termPostingWeights[t][fill[t]++] = weights[i][k];
            }
        }
        return new ItemMetadata(
                tokens,
                tokenPostings,
                rawTerms,
                weights,
                termPostings,
                termPostingWeights,
                !tokenIds.isEmpty(),
                !termIds.isEmpty());
    }

    /** Postings in item order (so term weights can be filled in the same order). */
    private static int[][] postings(int[][] perItem, int nKeys) {
        int[] count = new int[nKeys];
        for (int[] ks : perItem) {
            for (int k : ks) {
                count[k]++;
            }
        }
        int[][] out = new int[nKeys][];
        for (int k = 0; k < nKeys; k++) {
            out[k] = new int[count[k]];
        }
        int[] fill = new int[nKeys];
        for (int i = 0; i < perItem.length; i++) {
            for (int k : perItem[i]) {
                out[k][fill[k]++] = i;
            }
        }
        return out;
    }
}
