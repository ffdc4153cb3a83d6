package io.personalizekit.local.internal.data;

import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.SchemaField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * Trains emulated solution versions for the recipes {@code aws-similar-items}, {@code aws-sims} and
 * {@code aws-popularity-count}.
 *
 * <p><b>Minimums</b> (as the service checks them): at least {@value #MIN_INTERACTIONS} interactions and at least
 * {@value #MIN_USERS} users with at least 2 interactions each; otherwise {@link TrainingFailedException} with the
 * service's wording.
 *
 * <p><b>Related items.</b> For every item the trainer keeps its top {@value #NEIGHBOURS} neighbours; requests for
 * more, or after filtering, are filled with popular items. The neighbour score of {@code j} for seed {@code i}
 * blends:
 *
 * <ul>
 *   <li>co-occurrence: the number of users who interacted with both, divided by {@code n_j^beta}, where
 *       {@code n_j} is the number of users of {@code j} and {@code beta = 0.5 + 0.5 * popularity_discount_factor}
 *       (0.5 is cosine over user sets; higher discounts popular items more), normalised so the seed's best
 *       co-occurring item scores 1; pairs with fewer than {@code min_cointeraction_count} shared users are
 *       ignored;
 *   <li>metadata (similar-items only, from the items dataset): Jaccard similarity of the categorical tokens
 *       (every categorical field's value split on {@code |}, lower-cased) and TF-IDF cosine of the textual field,
 *       averaged when both exist.
 * </ul>
 *
 * The blend weight of co-occurrence is {@code n_i / (n_i + 10)}, so cold items (few interactions) lean on
 * metadata and items with no interactions use metadata only. {@code aws-sims} uses co-occurrence only (defaults
 * {@code popularity_discount_factor=0.5}, {@code min_cointeraction_count=3}); {@code aws-similar-items} defaults
 * to 0.0 and 1. User histories are capped at the {@value #MAX_HISTORY} most recent distinct items; categorical
 * tokens shared by more than {@value #MAX_POSTINGS} items, and text terms found in more than 1 % of the items
 * (at least {@value #MIN_TEXT_POSTINGS_CAP}), are skipped as uninformative.
 *
 * <p><b>Metrics</b> come from a second, partial training on a held-out split: the most recent interaction of each
 * user (with at least 2 interactions; up to {@value #MAX_EVAL_USERS} users) is held out, the model recommends 25
 * items for the user's previous item (related items) or overall (popularity), and hits on the held-out item are
 * scored.
 *
 * <p>Training runs in parallel on the common fork-join pool. Stateless and thread-safe.
 */
public final class ModelTrainer {
    /** The minimum number of interactions for training. */
    public static final int MIN_INTERACTIONS = 1000;
    /** The minimum number of users with at least 2 interactions. */
    public static final int MIN_USERS = 25;
    /** The number of neighbours kept per item. */
    public static final int NEIGHBOURS = 100;

    static final int MAX_HISTORY = 200;
    static final int MAX_POSTINGS = 5000;
    static final int MIN_TEXT_POSTINGS_CAP = 50;
    static final int MAX_EVAL_USERS = 2000;
    static final double COLD_START_K = 10.0;

    private static final Pattern TAGS = Pattern.compile("<[^>]*>");
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{Nd}]+");
    private static final Set<String> STOP_WORDS = Set.of(
            "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is", "it", "its",
            "of", "on", "or", "that", "the", "this", "to", "was", "were", "will", "with", "le", "la", "les", "de",
            "der", "die", "das", "und", "el", "los", "y");

    /** Creates a trainer; prefer {@link #create()}. */
    public ModelTrainer() {}

    /**
     * Creates a trainer.
     *
     * @return the trainer
     */
    public static ModelTrainer create() {
        return new ModelTrainer();
    }

    /**
     * Whether a recipe is supported.
     *
     * @param recipe the recipe name or ARN ({@code arn:aws:personalize:::recipe/aws-sims})
     * @return true for aws-similar-items, aws-sims and aws-popularity-count
     */
    public static boolean supports(String recipe) {
        String r = recipeName(recipe);
        return r.equals("aws-similar-items") || r.equals("aws-sims") || r.equals("aws-popularity-count");
    }

    private static String recipeName(String recipe) {
        int slash = recipe.lastIndexOf('/');
        return slash >= 0 ? recipe.substring(slash + 1) : recipe;
    }

    /**
     * Trains a model.
     *
     * @param recipeName the recipe name or ARN
     * @param interactions the interactions dataset
     * @param items the items dataset, or null (used by aws-similar-items only)
     * @param hyperParameters algorithm hyperparameters as strings ({@code popularity_discount_factor},
     *     {@code min_cointeraction_count}); unknown ones are ignored
     * @return the model
     * @throws TrainingFailedException when the data does not meet the minimums or a hyperparameter is invalid
     * @throws IllegalArgumentException when the recipe is not supported
     */
    public TrainedModel train(
            String recipeName,
            DatasetData interactions,
            @Nullable DatasetData items,
            Map<String, String> hyperParameters) {
        Objects.requireNonNull(interactions, "interactions");
        Objects.requireNonNull(hyperParameters, "hyperParameters");
        String recipe = recipeName(Objects.requireNonNull(recipeName, "recipeName"));
        if (!supports(recipe)) {
            throw new IllegalArgumentException("Recipe " + recipeName + " is not supported by personalize-local;"
                    + " supported: aws-similar-items, aws-sims, aws-popularity-count");
        }
        boolean sims = recipe.equals("aws-sims");
        boolean similarItems = recipe.equals("aws-similar-items");
        double discount = doubleParam(hyperParameters, "popularity_discount_factor", sims ? 0.5 : 0.0, 0.0, 1.0);
        int minCo = intParam(hyperParameters, "min_cointeraction_count", sims ? 3 : 1, 0, 10);

        // Snapshot the interactions.
        int[] users;
        int[] itemsCol;
        long[] ts;
        String[] interactionItemIds;
        int nUsers;
        synchronized (interactions) {
            users = interactions.userColumn();
            itemsCol = interactions.itemColumn();
            ts = interactions.timestampColumn();
            interactionItemIds = interactions.itemIdArray();
            nUsers = interactions.userCount();
        }
        int n = users.length;
        if (n < MIN_INTERACTIONS) {
            throw new TrainingFailedException(
                    "Create failed. Dataset has fewer than " + MIN_INTERACTIONS + " interactions.");
        }
        int[] perUser = new int[nUsers];
        for (int u : users) {
            perUser[u]++;
        }
        int active = 0;
        for (int c : perUser) {
            if (c >= 2) {
                active++;
            }
        }
        if (active < MIN_USERS) {
            throw new TrainingFailedException(
                    "Create failed. Dataset has fewer than " + MIN_USERS + " users with at least 2 interactions each.");
        }

        // The item universe: items with interactions first, then (similar-items) items known only from metadata.
        List<String> universe = new ArrayList<>(Arrays.asList(interactionItemIds));
        Map<String, Integer> universeIndex = new HashMap<>(universe.size() * 2);
        for (int i = 0; i < universe.size(); i++) {
            universeIndex.put(universe.get(i), i);
        }
        @Nullable Metadata metadata = null;
        if (similarItems && items != null && items.size() > 0) {
            for (String id : items.recordIds()) {
                if (!universeIndex.containsKey(id)) {
                    universeIndex.put(id, universe.size());
                    universe.add(id);
                }
            }
            metadata = Metadata.build(items, universe);
        }
        String[] itemIds = universe.toArray(new String[0]);
        int nItems = itemIds.length;

        int[] popularity = new int[nItems];
        for (int i : itemsCol) {
            popularity[i]++;
        }
        int[] popularOrder = popularOrder(popularity);

        UserOrder order = UserOrder.build(users, ts, nUsers);
        Map<String, Double> metrics;
        int[][] neighbours;
        if (recipe.equals("aws-popularity-count")) {
            metrics = evaluatePopularity(order, itemsCol, nItems);
            neighbours = new int[nItems][];
        } else {
            Graph full = Graph.build(order, itemsCol, nItems, false);
            Similarity sim = new Similarity(full, metadata, discount, minCo);
            neighbours = sim.neighboursOfAll();
            Graph split = Graph.build(order, itemsCol, nItems, true);
            metrics = evaluateRelated(split, new Similarity(split, metadata, discount, minCo), itemsCol, order);
        }
        return new TrainedModel(recipe, itemIds, neighbours, popularOrder, metrics);
    }

    private static int[] popularOrder(int[] popularity) {
        Integer[] idx = new Integer[popularity.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(
                idx,
                (a, b) -> popularity[a] != popularity[b]
                        ? Integer.compare(popularity[b], popularity[a])
                        : Integer.compare(a, b));
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = idx[i];
        }
        return out;
    }

    private static double doubleParam(Map<String, String> hp, String name, double dflt, double min, double max) {
        String v = hp.get(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (d >= min && d <= max) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new TrainingFailedException("Invalid value '" + v + "' for hyperparameter " + name
                + ". The value must be a number between " + min + " and " + max + ".");
    }

    private static int intParam(Map<String, String> hp, String name, int dflt, int min, int max) {
        String v = hp.get(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            int d = Integer.parseInt(v.trim());
            if (d >= min && d <= max) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new TrainingFailedException("Invalid value '" + v + "' for hyperparameter " + name
                + ". The value must be an integer between " + min + " and " + max + ".");
    }

    // -------------------------------------------------------------------------------------------- metrics

    private static final int[] CUTOFFS = {5, 10, 25};

    private static Map<String, Double> evaluateRelated(Graph split, Similarity sim, int[] itemsCol, UserOrder order) {
        int[] evalUsers = sampleEvalUsers(split);
        int[] seeds = new int[evalUsers.length];
        for (int k = 0; k < evalUsers.length; k++) {
            int u = evalUsers[k];
            seeds[k] = itemsCol[order.positions[split.lastTrainPosition[u]]];
        }
        int[][] recs = new int[evalUsers.length][];
        IntStream.range(0, evalUsers.length).parallel().forEach(k -> recs[k] = sim.recommend(seeds[k], 25));
        int[] held = new int[evalUsers.length];
        for (int k = 0; k < evalUsers.length; k++) {
            held[k] = split.heldOut[evalUsers[k]];
        }
        return score(recs, held, split.nItems);
    }

    private static Map<String, Double> evaluatePopularity(UserOrder order, int[] itemsCol, int nItems) {
        Graph split = Graph.build(order, itemsCol, nItems, true);
        int[] pop = new int[nItems];
        for (int u = 0; u < split.nUsers; u++) {
            for (int p = split.userStart[u]; p < split.userStart[u + 1]; p++) {
                pop[split.userItems[p]]++;
            }
        }
        int[] top = Arrays.copyOf(popularOrder(pop), Math.min(25, nItems));
        int[] evalUsers = sampleEvalUsers(split);
        int[][] recs = new int[evalUsers.length][];
        int[] held = new int[evalUsers.length];
        for (int k = 0; k < evalUsers.length; k++) {
            recs[k] = top;
            held[k] = split.heldOut[evalUsers[k]];
        }
        return score(recs, held, nItems);
    }

    private static int[] sampleEvalUsers(Graph split) {
        int eligible = 0;
        for (int u = 0; u < split.nUsers; u++) {
            if (split.heldOut[u] >= 0 && split.lastTrainPosition[u] >= 0) {
                eligible++;
            }
        }
        int step = Math.max(1, (eligible + MAX_EVAL_USERS - 1) / MAX_EVAL_USERS);
        int[] out = new int[Math.min(eligible, MAX_EVAL_USERS)];
        int k = 0;
        int seen = 0;
        for (int u = 0; u < split.nUsers && k < out.length; u++) {
            if (split.heldOut[u] >= 0 && split.lastTrainPosition[u] >= 0) {
                if (seen++ % step == 0) {
                    out[k++] = u;
                }
            }
        }
        return Arrays.copyOf(out, k);
    }

    private static Map<String, Double> score(int[][] recs, int[] held, int nItems) {
        Map<String, Double> m = new TreeMap<>();
        double[] precision = new double[CUTOFFS.length];
        double[] ndcg = new double[CUTOFFS.length];
        double mrr = 0;
        boolean[] covered = new boolean[nItems];
        int coveredCount = 0;
        for (int k = 0; k < recs.length; k++) {
            int[] r = recs[k];
            int rank = 0;
            for (int p = 0; p < r.length; p++) {
                if (!covered[r[p]]) {
                    covered[r[p]] = true;
                    coveredCount++;
                }
                if (rank == 0 && r[p] == held[k]) {
                    rank = p + 1;
                }
            }
            if (rank > 0) {
                mrr += 1.0 / rank;
                for (int c = 0; c < CUTOFFS.length; c++) {
                    if (rank <= CUTOFFS[c]) {
                        precision[c] += 1.0 / CUTOFFS[c];
                        ndcg[c] += 1.0 / (Math.log(rank + 1) / Math.log(2));
                    }
                }
            }
        }
        int users = Math.max(1, recs.length);
        for (int c = 0; c < CUTOFFS.length; c++) {
            m.put("precision_at_" + CUTOFFS[c], round(precision[c] / users));
            m.put("normalized_discounted_cumulative_gain_at_" + CUTOFFS[c], round(ndcg[c] / users));
        }
        m.put("mean_reciprocal_rank_at_25", round(mrr / users));
        m.put("coverage", round(nItems == 0 ? 0 : (double) coveredCount / nItems));
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 10_000.0) / 10_000.0;
    }

    // ------------------------------------------------------------------------------------------ structures

    /** Interaction positions grouped by user, each group ordered by time (oldest first). */
    static final class UserOrder {
        final int nUsers;
        final int[] start;
        final int[] positions;

        private UserOrder(int nUsers, int[] start, int[] positions) {
            this.nUsers = nUsers;
            this.start = start;
            this.positions = positions;
        }

        static UserOrder build(int[] users, long[] ts, int nUsers) {
            int n = users.length;
            int[] start = new int[nUsers + 1];
            for (int u : users) {
                start[u + 1]++;
            }
            for (int u = 0; u < nUsers; u++) {
                start[u + 1] += start[u];
            }
            int[] fill = Arrays.copyOf(start, nUsers);
            int[] positions = new int[n];
            for (int i = 0; i < n; i++) {
                positions[fill[users[i]]++] = i;
            }
            long minTs = Long.MAX_VALUE;
            long maxTs = Long.MIN_VALUE;
            int maxLen = 0;
            for (long t : ts) {
                minTs = Math.min(minTs, t);
                maxTs = Math.max(maxTs, t);
            }
            for (int u = 0; u < nUsers; u++) {
                maxLen = Math.max(maxLen, start[u + 1] - start[u]);
            }
            int idxBits = 64 - Long.numberOfLeadingZeros(Math.max(1, maxLen));
            long range = n == 0 ? 0 : maxTs - minTs;
            boolean packed = range >= 0 && (64 - Long.numberOfLeadingZeros(Math.max(1, range))) + idxBits <= 62;
            long[] keys = new long[maxLen];
            int[] tmp = new int[maxLen];
            for (int u = 0; u < nUsers; u++) {
                int s = start[u];
                int len = start[u + 1] - s;
                boolean sorted = true;
                for (int k = s + 1; k < s + len && sorted; k++) {
                    sorted = ts[positions[k - 1]] <= ts[positions[k]];
                }
                if (sorted) {
                    continue;
                }
                if (packed) {
                    for (int k = 0; k < len; k++) {
                        keys[k] = ((ts[positions[s + k]] - minTs) << idxBits) | k;
                    }
                    Arrays.sort(keys, 0, len);
                    long mask = (1L << idxBits) - 1;
                    for (int k = 0; k < len; k++) {
                        tmp[k] = positions[s + (int) (keys[k] & mask)];
                    }
                    System.arraycopy(tmp, 0, positions, s, len);
                } else {
                    Integer[] boxed = new Integer[len];
                    for (int k = 0; k < len; k++) {
                        boxed[k] = positions[s + k];
                    }
                    Arrays.sort(
                            boxed,
                            (a, b) -> a.equals(b)
                                    ? 0
                                    : ts[a] != ts[b] ? Long.compare(ts[a], ts[b]) : Integer.compare(a, b));
                    for (int k = 0; k < len; k++) {
                        positions[s + k] = boxed[k];
                    }
                }
            }
            return new UserOrder(nUsers, start, positions);
        }
    }

    /**
     * The bipartite user-item graph used for co-occurrence: per user the distinct items of the (capped) recent
     * history, and the transpose.
     */
    static final class Graph {
        final int nUsers;
        final int nItems;
        final int[] userStart;
        final int[] userItems;
        final int[] itemStart;
        final int[] itemUsers;
        /** Per user, the held-out item (split graphs only), or -1. */
        final int[] heldOut;
        /** Per user, the index in {@link UserOrder#positions} of the last training interaction, or -1. */
        final int[] lastTrainPosition;

        private Graph(
                int nUsers,
                int nItems,
                int[] userStart,
                int[] userItems,
                int[] itemStart,
                int[] itemUsers,
                int[] heldOut,
                int[] lastTrainPosition) {
            this.nUsers = nUsers;
            this.nItems = nItems;
            this.userStart = userStart;
            this.userItems = userItems;
            this.itemStart = itemStart;
            this.itemUsers = itemUsers;
            this.heldOut = heldOut;
            this.lastTrainPosition = lastTrainPosition;
        }

        static Graph build(UserOrder order, int[] itemsCol, int nItems, boolean holdOutLast) {
            int nUsers = order.nUsers;
            int[] userStart = new int[nUsers + 1];
            int[] userItems = new int[(int) Math.min(order.positions.length, (long) nUsers * MAX_HISTORY)];
            int[] heldOut = new int[nUsers];
            int[] lastTrain = new int[nUsers];
            Arrays.fill(heldOut, -1);
            Arrays.fill(lastTrain, -1);
            int[] mark = new int[nItems];
            Arrays.fill(mark, -1);
            int w = 0;
            for (int u = 0; u < nUsers; u++) {
                int s = order.start[u];
                int e = order.start[u + 1];
                int held = -1;
                if (holdOutLast && e - s >= 2) {
                    held = itemsCol[order.positions[e - 1]];
                    heldOut[u] = held;
                }
                int taken = 0;
                int first = w;
                for (int k = e - 1; k >= s && taken < MAX_HISTORY; k--) {
                    int item = itemsCol[order.positions[k]];
                    if (item == held) {
                        continue; // drop every occurrence of the held-out item
                    }
                    if (lastTrain[u] < 0) {
                        lastTrain[u] = k;
                    }
                    if (mark[item] != u) {
                        mark[item] = u;
                        if (w == userItems.length) {
                            userItems = Arrays.copyOf(userItems, userItems.length * 2 + 16);
                        }
                        userItems[w++] = item;
                        taken++;
                    }
                }
                // most recent first is fine for co-occurrence; sort for cache-friendly access
                Arrays.sort(userItems, first, w);
                userStart[u + 1] = w;
            }
            int[] itemStart = new int[nItems + 1];
            for (int p = 0; p < w; p++) {
                itemStart[userItems[p] + 1]++;
            }
            for (int i = 0; i < nItems; i++) {
                itemStart[i + 1] += itemStart[i];
            }
            int[] fill = Arrays.copyOf(itemStart, nItems);
            int[] itemUsers = new int[w];
            for (int u = 0; u < nUsers; u++) {
                for (int p = userStart[u]; p < userStart[u + 1]; p++) {
                    itemUsers[fill[userItems[p]]++] = u;
                }
            }
            return new Graph(nUsers, nItems, userStart, userItems, itemStart, itemUsers, heldOut, lastTrain);
        }

        int usersOf(int item) {
            return itemStart[item + 1] - itemStart[item];
        }
    }

    /** Item metadata in index form: categorical tokens and a normalised TF-IDF vector per item, with postings. */
    static final class Metadata {
        final int[][] tokens;
        final int[] tokenCount;
        final int[][] tokenPostings;
        final int[][] terms;
        final float[][] termWeights;
        final int[][] termPostings;
        final float[][] termPostingWeights;
        final boolean hasCategorical;
        final boolean hasText;

        private Metadata(
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

        static Metadata build(DatasetData items, List<String> universe) {
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
                    for (String word :
                            NON_WORD.split(TAGS.matcher(text).replaceAll(" ").toLowerCase(Locale.ROOT))) {
                        if (word.length() < 2 || STOP_WORDS.contains(word)) {
                            continue;
                        }
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
            return new Metadata(
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

    /** Computes the neighbours of seed items over a graph and optional metadata. */
    static final class Similarity {
        private final Graph graph;
        private final @Nullable Metadata meta;
        private final int minCo;
        private final float[] discount;
        private final ThreadLocal<Workspace> workspaces;
        private final int textPostingsCap;

        Similarity(Graph graph, @Nullable Metadata meta, double popularityDiscount, int minCo) {
            this.graph = graph;
            this.textPostingsCap = Math.max(MIN_TEXT_POSTINGS_CAP, graph.nItems / 100);
            this.meta = meta;
            this.minCo = Math.max(1, minCo);
            double beta = 0.5 + 0.5 * popularityDiscount;
            this.discount = new float[graph.nItems];
            for (int j = 0; j < graph.nItems; j++) {
                discount[j] = (float) Math.pow(Math.max(1, graph.usersOf(j)), beta);
            }
            this.workspaces = ThreadLocal.withInitial(() -> new Workspace(graph.nItems));
        }

        int[][] neighboursOfAll() {
            int[][] out = new int[graph.nItems][];
            IntStream.range(0, graph.nItems).parallel().forEach(i -> out[i] = recommend(i, NEIGHBOURS));
            return out;
        }

        /** The top {@code k} neighbours of {@code seed}, best first (may be fewer). */
        int[] recommend(int seed, int k) {
            Workspace w = workspaces.get();
            w.reset();
            Graph g = graph;
            int ni = g.usersOf(seed);
            for (int p = g.itemStart[seed]; p < g.itemStart[seed + 1]; p++) {
                int u = g.itemUsers[p];
                for (int q = g.userStart[u]; q < g.userStart[u + 1]; q++) {
                    int j = g.userItems[q];
                    if (j != seed) {
                        w.slot[w.touch(j) + CO]++;
                    }
                }
            }
            boolean useCat = false;
            boolean useText = false;
            Metadata m = meta;
            if (m != null) {
                int[] toks = m.tokens[seed];
                useCat = toks.length > 0;
                for (int t : toks) {
                    int[] post = m.tokenPostings[t];
                    if (post.length > MAX_POSTINGS) {
                        continue;
                    }
                    for (int j : post) {
                        if (j != seed) {
                            w.slot[w.touch(j) + INTER]++;
                        }
                    }
                }
                int[] terms = m.terms[seed];
                float[] weights = m.termWeights[seed];
                useText = terms.length > 0;
                for (int a = 0; a < terms.length; a++) {
                    int[] post = m.termPostings[terms[a]];
                    if (post.length > textPostingsCap) {
                        continue;
                    }
                    float[] pw = m.termPostingWeights[terms[a]];
                    float wa = weights[a];
                    for (int b = 0; b < post.length; b++) {
                        int j = post[b];
                        if (j != seed) {
                            int at = w.touch(j) + DOT;
                            w.slot[at] = Float.floatToRawIntBits(Float.intBitsToFloat(w.slot[at]) + wa * pw[b]);
                        }
                    }
                }
            }
            float maxCf = 0;
            for (int t = 0; t < w.nTouched; t++) {
                int j = w.touched[t];
                int co = w.slot[(j << 2) + CO];
                if (co >= minCo) {
                    maxCf = Math.max(maxCf, co / discount[j]);
                }
            }
            boolean useMeta = useCat || useText;
            double wcf = !useMeta ? 1.0 : ni / (ni + COLD_START_K);
            if (maxCf == 0) {
                wcf = 0;
            }
            int seedTokens = useCat ? Objects.requireNonNull(m).tokens[seed].length : 0;
            TopK top = w.top.reset(k);
            for (int t = 0; t < w.nTouched; t++) {
                int j = w.touched[t];
                int base = j << 2;
                int co = w.slot[base + CO];
                double cf = co >= minCo && maxCf > 0 ? co / discount[j] / maxCf : 0;
                double md = 0;
                if (useMeta) {
                    Metadata mm = Objects.requireNonNull(m);
                    double jac = 0;
                    if (useCat) {
                        int inter = w.slot[base + INTER];
                        jac = inter == 0 ? 0 : (double) inter / (seedTokens + mm.tokenCount[j] - inter);
                    }
                    double cos = useText ? Math.min(1.0, Float.intBitsToFloat(w.slot[base + DOT])) : 0;
                    md = useCat && useText ? 0.5 * (jac + cos) : useCat ? jac : cos;
                }
                double score = wcf * cf + (1 - wcf) * md;
                if (score > 0) {
                    top.offer((float) score, j, discount[j]);
                }
            }
            return top.sortedItems();
        }
    }

    private static final int MARK = 0;
    private static final int CO = 1;
    private static final int INTER = 2;
    private static final int DOT = 3;

    /**
     * Per-thread scratch space, reused across seeds without clearing (marks are stamped). The four counters of an
     * item (mark, co-occurrences, shared tokens, text dot product as float bits) sit next to each other so that
     * one cache line serves them all.
     */
    static final class Workspace {
        final int[] slot;
        final int[] touched;
        final TopK top = new TopK();
        int stamp;
        int nTouched;

        Workspace(int nItems) {
            slot = new int[nItems * 4];
            touched = new int[nItems];
        }

        void reset() {
            stamp++;
            nTouched = 0;
        }

        /** Marks {@code j} as a candidate (clearing its counters the first time) and returns its slot base. */
        int touch(int j) {
            int base = j << 2;
            if (slot[base + MARK] != stamp) {
                slot[base + MARK] = stamp;
                touched[nTouched++] = j;
                slot[base + CO] = 0;
                slot[base + INTER] = 0;
                slot[base + DOT] = 0;
            }
            return base;
        }
    }

    /** A bounded min-heap of (score, item); ties prefer the more popular item, then the lower index. */
    static final class TopK {
        private float[] scores = new float[0];
        private float[] pops = new float[0];
        private int[] items = new int[0];
        private int size;
        private int k;

        TopK reset(int k) {
            this.k = k;
            this.size = 0;
            if (scores.length < k) {
                scores = new float[k];
                pops = new float[k];
                items = new int[k];
            }
            return this;
        }

        /** Whether (s1, p1, i1) ranks below (s2, p2, i2). */
        private static boolean worse(float s1, float p1, int i1, float s2, float p2, int i2) {
            if (s1 != s2) {
                return s1 < s2;
            }
            if (p1 != p2) {
                return p1 < p2;
            }
            return i1 > i2;
        }

        void offer(float score, int item, float pop) {
            if (k == 0) {
                return;
            }
            if (size < k) {
                int c = size++;
                scores[c] = score;
                pops[c] = pop;
                items[c] = item;
                siftUp(c);
            } else if (worse(scores[0], pops[0], items[0], score, pop, item)) {
                scores[0] = score;
                pops[0] = pop;
                items[0] = item;
                siftDown(0);
            }
        }

        private void siftUp(int c) {
            while (c > 0) {
                int p = (c - 1) / 2;
                if (worse(scores[c], pops[c], items[c], scores[p], pops[p], items[p])) {
                    swap(c, p);
                    c = p;
                } else {
                    return;
                }
            }
        }

        private void siftDown(int p) {
            while (true) {
                int l = 2 * p + 1;
                if (l >= size) {
                    return;
                }
                int r = l + 1;
                int m = r < size && worse(scores[r], pops[r], items[r], scores[l], pops[l], items[l]) ? r : l;
                if (worse(scores[m], pops[m], items[m], scores[p], pops[p], items[p])) {
                    swap(m, p);
                    p = m;
                } else {
                    return;
                }
            }
        }

        private void swap(int a, int b) {
            float s = scores[a];
            scores[a] = scores[b];
            scores[b] = s;
            float q = pops[a];
            pops[a] = pops[b];
            pops[b] = q;
            int i = items[a];
            items[a] = items[b];
            items[b] = i;
        }

        int[] sortedItems() {
            int n = size;
            int[] out = new int[n];
            for (int o = n - 1; o >= 0; o--) {
                out[o] = items[0];
                size--;
                if (size > 0) {
                    scores[0] = scores[size];
                    pops[0] = pops[size];
                    items[0] = items[size];
                    siftDown(0);
                }
            }
            return out;
        }
    }
}
