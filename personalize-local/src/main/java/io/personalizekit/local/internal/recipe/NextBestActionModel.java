package io.personalizekit.local.internal.recipe;

import io.personalizekit.local.internal.data.ActionEventTypes;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.SchemaField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The Next-Best-Action model: a user's propensity to take each action, from action interactions.
 *
 * <p>An action interaction pair (a user and an action) is positive when the user took the action ({@code Taken}) and
 * negative when the user saw it or declined it ({@code Viewed}, {@code Not Taken}) without taking it. Training counts,
 * per action, its positive and negative pairs: the action's take rate {@code r_a = (T_a + 2 g) / (T_a + N_a + 2)},
 * shrunk towards the take rate {@code g} of all pairs. An action's features are its {@code TYPE} and the values of
 * its categorical fields. For a user, at request time, from the user's current history (imported and streamed):
 * {@code q = mean over the action's features f of (t_uf + 3 r_a) / (t_uf + n_uf + 3)}, where {@code t_uf} and
 * {@code n_uf} count the user's positive and negative pairs with actions having {@code f} ({@code q = r_a} for an
 * action without features), then {@code p = (t_ua + 3 q) / (t_ua + n_ua + 3)} with the user's own pairs with the
 * action. So a user who takes actions of a type is offered the other actions of that type, a user who declines an
 * action sees it less, and a user without history gets the actions' take rates.
 *
 * <p>As the service documents, an action has a score only once it has at least {@value #MIN_EVENTS} {@code Taken}
 * and {@value #MIN_EVENTS} {@code Not Taken} or {@code Viewed} interactions within 6 weeks of the latest action
 * interaction at training; the others (and actions added after training) score {@code 0.0} and come after the scored
 * ones. Equal scores put the action with the greater {@code VALUE} first. At most {@value #MAX_ACTIONS} actions are
 * considered at training, the most recently created or interacted with first. At request time, an action whose
 * {@code EXPIRATION_TIMESTAMP} (or {@code ACTION_EXPIRATION_TIMESTAMP}) has passed is left out, and so is an action
 * with a {@code REPEAT_FREQUENCY} of {@code d} days that the user interacted with (any event type) less than
 * {@code d} days ago. Immutable and thread-safe.
 */
final class NextBestActionModel implements Model, ActionModel {
    static final double ACTION_PRIOR = 2.0;
    static final double USER_PRIOR = 3.0;
    static final int MIN_EVENTS = 50;
    static final long SCORE_WINDOW_SECONDS = 42L * 86_400;
    static final int MAX_ACTIONS = 1000;

    /** One action interaction, its event type normalised ({@link ActionEventTypes}). */
    record Event(String userId, String actionId, long timestamp, String type) {}

    private final String[] ids;
    private final Map<String, Integer> index;
    private final List<Map<String, String>> records;
    private final List<String> featureFields;
    private final double[] rate;
    private final boolean[] scored;
    private final int[] baseOrder;
    /** The features of the trained actions' records, by record identity (records are immutable maps). */
    private final Map<Map<String, String>, List<String>> trainedFeatures = new IdentityHashMap<>();

    private NextBestActionModel(
            String[] ids,
            List<Map<String, String>> records,
            List<String> featureFields,
            double[] rate,
            boolean[] scored) {
        this.ids = ids;
        this.records = records;
        this.featureFields = featureFields;
        this.rate = rate;
        this.scored = scored;
        this.index = new HashMap<>();
        for (int a = 0; a < ids.length; a++) {
            index.put(ids[a], a);
        }
        Integer[] order = new Integer[ids.length];
        for (int a = 0; a < ids.length; a++) {
            order[a] = a;
        }
        Arrays.sort(
                order,
                Comparator.comparingDouble((Integer a) -> scored[a] ? -rate[a] : 1.0)
                        .thenComparingLong(a -> -value(records.get(a)))
                        .thenComparing(a -> ids[a]));
        this.baseOrder = Arrays.stream(order).mapToInt(Integer::intValue).toArray();
        for (Map<String, String> r : records) {
            if (r != null) {
                trainedFeatures.put(r, extractFeatures(r));
            }
        }
    }

    /**
     * Trains the model.
     *
     * @param actions the Actions dataset's records by id, in the dataset's order
     * @param schema the Actions schema, or null
     * @param events the action interactions used for training
     * @return the model
     */
    static NextBestActionModel train(
            Map<String, Map<String, String>> actions, @Nullable DatasetSchema schema, List<Event> events) {
        List<String> featureFields = new ArrayList<>();
        featureFields.add("TYPE");
        if (schema != null) {
            for (SchemaField f : schema.fields()) {
                if (f.categorical() && !f.name().equals("TYPE")) {
                    featureFields.add(f.name());
                }
            }
        }
        long latest = Long.MIN_VALUE;
        Map<String, Long> lastSeen = new HashMap<>();
        for (Event e : events) {
            latest = Math.max(latest, e.timestamp());
            lastSeen.merge(e.actionId(), e.timestamp(), Math::max);
        }
        List<String> ids = new ArrayList<>(actions.keySet());
        if (ids.size() > MAX_ACTIONS) {
            // the service keeps new actions and actions with recent interactions
            Map<String, Long> recency = new HashMap<>();
            for (String id : ids) {
                long created = longField(actions.get(id), "CREATION_TIMESTAMP", Long.MIN_VALUE);
                recency.put(id, Math.max(created, lastSeen.getOrDefault(id, Long.MIN_VALUE)));
            }
            ids.sort(Comparator.comparingLong((String id) -> -recency.get(id)).thenComparing(id -> id));
            ids = new ArrayList<>(ids.subList(0, MAX_ACTIONS));
        }
        Map<String, Integer> index = new HashMap<>();
        for (int a = 0; a < ids.size(); a++) {
            index.put(ids.get(a), a);
        }
        int n = ids.size();
        int[] positives = new int[n];
        int[] negatives = new int[n];
        int[] takenEvents = new int[n];
        int[] otherEvents = new int[n];
        record Pair(String userId, int action) {}
        Map<Pair, Boolean> pairs = new HashMap<>();
        for (Event e : events) {
            Integer a = index.get(e.actionId());
            if (a == null) {
                continue;
            }
            boolean taken = e.type().equals(ActionEventTypes.TAKEN);
            if (e.timestamp() >= latest - SCORE_WINDOW_SECONDS) {
                if (taken) {
                    takenEvents[a]++;
                } else {
                    otherEvents[a]++;
                }
            }
            pairs.merge(new Pair(e.userId(), a), taken, Boolean::logicalOr);
        }
        int allPositive = 0;
        for (Map.Entry<Pair, Boolean> p : pairs.entrySet()) {
            int a = p.getKey().action();
            if (p.getValue()) {
                positives[a]++;
                allPositive++;
            } else {
                negatives[a]++;
            }
        }
        double g = pairs.isEmpty() ? 0 : (double) allPositive / pairs.size();
        double[] rate = new double[n];
        boolean[] scored = new boolean[n];
        List<Map<String, String>> records = new ArrayList<>(n);
        for (int a = 0; a < n; a++) {
            rate[a] = (positives[a] + ACTION_PRIOR * g) / (positives[a] + negatives[a] + ACTION_PRIOR);
            scored[a] = takenEvents[a] >= MIN_EVENTS && otherEvents[a] >= MIN_EVENTS;
            records.add(actions.get(ids.get(a)));
        }
        return new NextBestActionModel(ids.toArray(new String[0]), records, featureFields, rate, scored);
    }

    @Override
    public List<ScoredItem> recommendActions(ActionRequest request) {
        Map<String, Map<String, String>> current = request.actions();
        History h = history(request.history(), id -> {
            Map<String, String> r = current.get(id);
            Integer a = index.get(id);
            return r != null || a == null ? r : records.get(a);
        });
        List<String> candidates = new ArrayList<>(Arrays.asList(ids));
        for (String id : current.keySet()) {
            if (!index.containsKey(id)) {
                candidates.add(id);
            }
        }
        List<ScoredItem> scoredActions = new ArrayList<>();
        List<Map<String, String>> scoredRecords = new ArrayList<>();
        for (String id : candidates) {
            Integer a = index.get(id);
            Map<String, String> record = current.get(id);
            if (record == null && a != null) {
                record = records.get(a);
            }
            if (expired(record, request.now()) || waiting(record, h.lastInteraction.get(id), request.now())) {
                continue;
            }
            if (!request.keep().test(id)) {
                continue;
            }
            double score = a != null && scored[a] ? propensity(a, record, h) : 0.0;
            scoredActions.add(new ScoredItem(id, score));
            scoredRecords.add(record);
        }
        Integer[] order = new Integer[scoredActions.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(
                order,
                Comparator.comparingDouble((Integer i) -> -scoredActions.get(i).score())
                        .thenComparingLong(i -> -value(scoredRecords.get(i)))
                        .thenComparing(i -> scoredActions.get(i).itemId()));
        List<ScoredItem> out = new ArrayList<>();
        for (int i = 0; i < order.length && out.size() < request.numResults(); i++) {
            ScoredItem s = scoredActions.get(order[i]);
            out.add(new ScoredItem(s.itemId(), Math.round(s.score() * 1_000_000.0) / 1_000_000.0));
        }
        return out;
    }

    /**
     * The propensity of every trained action for a history, without the request-time rules (expiration, repeat
     * frequency) and without the threshold for a score: what held-out metrics rank by.
     */
    double[] propensities(List<ActionEvent> history) {
        History h = history(history, id -> {
            Integer a = index.get(id);
            return a == null ? null : records.get(a);
        });
        double[] out = new double[ids.length];
        for (int a = 0; a < ids.length; a++) {
            out[a] = propensity(a, records.get(a), h);
        }
        return out;
    }

    String[] actionIds() {
        return ids;
    }

    private double propensity(int a, @Nullable Map<String, String> record, History h) {
        double prior = rate[a];
        List<String> features = features(record);
        double q = prior;
        if (!features.isEmpty()) {
            double sum = 0;
            for (String f : features) {
                int[] c = h.features.getOrDefault(f, new int[2]);
                sum += (c[0] + USER_PRIOR * prior) / (c[0] + c[1] + USER_PRIOR);
            }
            q = sum / features.size();
        }
        int[] own = h.actions.getOrDefault(ids[a], new int[2]);
        return (own[0] + USER_PRIOR * q) / (own[0] + own[1] + USER_PRIOR);
    }

    /** An action's features: {@code FIELD=value} (lower-cased) of its TYPE and categorical fields. */
    private List<String> features(@Nullable Map<String, String> record) {
        if (record == null) {
            return List.of();
        }
        List<String> known = trainedFeatures.get(record);
        return known != null ? known : extractFeatures(record);
    }

    private List<String> extractFeatures(Map<String, String> record) {
        List<String> out = new ArrayList<>();
        for (String field : featureFields) {
            String v = record.get(field);
            if (v == null) {
                continue;
            }
            for (String part : v.split("\\|")) {
                String p = part.trim().toLowerCase(Locale.ROOT);
                if (!p.isEmpty()) {
                    out.add(field + '=' + p);
                }
            }
        }
        return out;
    }

    /** A user's pairs: per action and per feature, [positive, negative]; and the last interaction per action. */
    private record History(
            Map<String, int[]> actions, Map<String, int[]> features, Map<String, Long> lastInteraction) {}

    private History history(
            List<ActionEvent> events, java.util.function.Function<String, @Nullable Map<String, String>> recordOf) {
        Map<String, Boolean> took = new LinkedHashMap<>();
        Map<String, Long> last = new HashMap<>();
        for (ActionEvent e : events) {
            String type = ActionEventTypes.normalise(e.eventType());
            if (type == null) {
                continue;
            }
            took.merge(e.actionId(), type.equals(ActionEventTypes.TAKEN), Boolean::logicalOr);
            last.merge(e.actionId(), e.timestamp(), Math::max);
        }
        Map<String, int[]> actions = new HashMap<>();
        Map<String, int[]> features = new HashMap<>();
        for (Map.Entry<String, Boolean> p : took.entrySet()) {
            int k = p.getValue() ? 0 : 1;
            actions.computeIfAbsent(p.getKey(), x -> new int[2])[k]++;
            Set<String> seen = new HashSet<>();
            for (String f : features(recordOf.apply(p.getKey()))) {
                if (seen.add(f)) {
                    features.computeIfAbsent(f, x -> new int[2])[k]++;
                }
            }
        }
        return new History(actions, features, last);
    }

    private static boolean expired(@Nullable Map<String, String> record, long now) {
        long at = longField(
                record, "EXPIRATION_TIMESTAMP", longField(record, "ACTION_EXPIRATION_TIMESTAMP", Long.MAX_VALUE));
        return at <= now;
    }

    private static boolean waiting(@Nullable Map<String, String> record, @Nullable Long lastInteraction, long now) {
        long days = longField(record, "REPEAT_FREQUENCY", 0);
        return lastInteraction != null && days > 0 && now < lastInteraction + days * 86_400;
    }

    private static long value(@Nullable Map<String, String> record) {
        return longField(record, "VALUE", 0);
    }

    private static long longField(@Nullable Map<String, String> record, String field, long absent) {
        String v = record == null ? null : record.get(field);
        if (v == null) {
            return absent;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return absent;
        }
    }

    @Override
    public void candidates(Query query, CandidateSink sink) {
        for (int a : baseOrder) {
            if (!sink.offer(ids[a], scored[a] ? rate[a] : 0.0)) {
                return;
            }
        }
    }

    @Override
    public boolean knowsItem(String itemId) {
        return index.containsKey(itemId);
    }

    @Override
    public int itemCount() {
        return ids.length;
    }

    @Override
    public boolean returnsScores() {
        return true;
    }
}
