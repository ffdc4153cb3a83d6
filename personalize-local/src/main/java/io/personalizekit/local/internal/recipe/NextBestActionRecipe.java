package io.personalizekit.local.internal.recipe;

import io.personalizekit.local.internal.data.ActionEventTypes;
import io.personalizekit.local.internal.data.DatasetData;
import io.personalizekit.local.internal.data.TrainingFailedException;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * {@code aws-next-best-action} (PERSONALIZED_ACTIONS): a user's next best actions, served by GetActionRecommendations
 * ({@link NextBestActionModel}). As the service requires, the dataset group needs an Actions dataset with actions and
 * the item interactions minimums (1,000 interactions, 25 users with 2); the Action interactions dataset is optional
 * (without it every action scores 0.0). The item interactions are only checked, not used by this model.
 *
 * <p>Hyperparameter {@code action_optimization_period} (days, default 14, 7 to 28): the held-out window. Metrics
 * train on the action interactions before the last {@code action_optimization_period} days (or before the newest
 * 10 % of them, when those days hold all of them) and compare the top 5 actions (the default {@code numResults}) of
 * each user (up to {@value #MAX_EVAL_USERS} users, sampled evenly) with what the user did in those days: {@code precision} (per
 * recommended action, the share of the users it was recommended to who took it, averaged over actions),
 * {@code recall} (per action taken, the share of its takers it was recommended to, averaged), {@code auc} (the
 * probability that a taken action outranks a declined or only viewed one) and {@code coverage} (the share of actions
 * recommended at least once). A metric without the data to compute it is left out. Key names follow the service's
 * metric definitions ("precision", "recall", "Area under the curve (AUC)", "coverage"); {@code auc} is our spelling.
 */
final class NextBestActionRecipe implements Recipe {
    static final String PERIOD = "action_optimization_period";
    static final int TOP = 5;
    /** At most this many held-out users are evaluated, sampled evenly. */
    static final int MAX_EVAL_USERS = 2000;

    private static final RecipeInfo INFO = RecipeInfo.of(
            "aws-next-best-action", RecipeType.PERSONALIZED_ACTIONS, "The actions a user will most likely take next.");
    private static final List<HyperParameter> HYPER_PARAMETERS = List.of(HyperParameter.integer(PERIOD, 14, 7, 28));

    @Override
    public RecipeInfo info() {
        return INFO;
    }

    @Override
    public Requirements requirements() {
        return Requirements.reading(DatasetType.ACTIONS, DatasetType.ACTION_INTERACTIONS);
    }

    @Override
    public List<HyperParameter> hyperParameters() {
        return HYPER_PARAMETERS;
    }

    @Override
    public Model train(TrainingData data, HyperParameters hp) {
        return NextBestActionModel.train(actions(data), actionSchema(data), events(data));
    }

    @Override
    public Map<String, Double> evaluate(TrainingData data, HyperParameters hp) {
        List<NextBestActionModel.Event> events = events(data);
        Map<String, Double> metrics = new TreeMap<>();
        if (events.isEmpty()) {
            return metrics;
        }
        long[] times = events.stream()
                .mapToLong(NextBestActionModel.Event::timestamp)
                .sorted()
                .toArray();
        long cutoff = times[times.length - 1] - hp.intValue(PERIOD) * 86_400L;
        if (cutoff < times[0] || cutoff >= times[times.length - 1]) {
            // the period holds all the data (or none): hold out the newest 10 % instead
            cutoff = times[(int) Math.floor(times.length * 0.9)] - 1;
        }
        List<NextBestActionModel.Event> train = new ArrayList<>();
        Map<String, Map<String, Boolean>> outcomes = new LinkedHashMap<>();
        Map<String, List<ActionModel.ActionEvent>> histories = new HashMap<>();
        for (NextBestActionModel.Event e : events) {
            if (e.timestamp() <= cutoff) {
                train.add(e);
                histories
                        .computeIfAbsent(e.userId(), u -> new ArrayList<>())
                        .add(new ActionModel.ActionEvent(e.actionId(), e.timestamp(), e.type()));
            } else {
                outcomes.computeIfAbsent(e.userId(), u -> new HashMap<>())
                        .merge(e.actionId(), e.type().equals(ActionEventTypes.TAKEN), Boolean::logicalOr);
            }
        }
        if (outcomes.isEmpty() || train.isEmpty()) {
            return metrics;
        }
        NextBestActionModel model = NextBestActionModel.train(actions(data), actionSchema(data), train);
        String[] ids = model.actionIds();
        Map<String, int[]> recommended = new HashMap<>(); // action -> [times recommended, of which taken]
        Map<String, int[]> takers = new HashMap<>(); // action -> [takers, of which recommended]
        List<double[]> labelled = new ArrayList<>(); // [score, 1 if taken else 0]
        Set<String> covered = new HashSet<>();
        Map<String, Integer> indexOf = new HashMap<>();
        for (int a = 0; a < ids.length; a++) {
            indexOf.put(ids[a], a);
        }
        int step = Math.max(1, (outcomes.size() + MAX_EVAL_USERS - 1) / MAX_EVAL_USERS);
        int seen = 0;
        for (Map.Entry<String, Map<String, Boolean>> user : outcomes.entrySet()) {
            if (seen++ % step != 0) {
                continue;
            }
            double[] p = model.propensities(histories.getOrDefault(user.getKey(), List.of()));
            Integer[] order = new Integer[ids.length];
            for (int a = 0; a < ids.length; a++) {
                order[a] = a;
            }
            Arrays.sort(order, (x, y) -> p[x] != p[y] ? Double.compare(p[y], p[x]) : ids[x].compareTo(ids[y]));
            Set<String> top = new HashSet<>();
            for (int r = 0; r < Math.min(TOP, order.length); r++) {
                top.add(ids[order[r]]);
            }
            Map<String, Boolean> did = user.getValue();
            for (String a : top) {
                covered.add(a);
                int[] c = recommended.computeIfAbsent(a, x -> new int[2]);
                c[0]++;
                if (Boolean.TRUE.equals(did.get(a))) {
                    c[1]++;
                }
            }
            for (Map.Entry<String, Boolean> o : did.entrySet()) {
                Integer a = indexOf.get(o.getKey());
                if (a == null) {
                    continue;
                }
                labelled.add(new double[] {p[a], o.getValue() ? 1 : 0});
                if (o.getValue()) {
                    int[] c = takers.computeIfAbsent(o.getKey(), x -> new int[2]);
                    c[0]++;
                    if (top.contains(o.getKey())) {
                        c[1]++;
                    }
                }
            }
        }
        if (!recommended.isEmpty()) {
            metrics.put(
                    "precision",
                    round(recommended.values().stream()
                            .mapToDouble(c -> (double) c[1] / c[0])
                            .average()
                            .orElse(0)));
        }
        if (!takers.isEmpty()) {
            metrics.put(
                    "recall",
                    round(takers.values().stream()
                            .mapToDouble(c -> (double) c[1] / c[0])
                            .average()
                            .orElse(0)));
        }
        Double auc = auc(labelled);
        if (auc != null) {
            metrics.put("auc", round(auc));
        }
        metrics.put("coverage", round(ids.length == 0 ? 0 : (double) covered.size() / ids.length));
        return metrics;
    }

    /** The area under the ROC curve of scored labels (Mann-Whitney, ties count half); null without both labels. */
    private static @Nullable Double auc(List<double[]> labelled) {
        labelled.sort((x, y) -> Double.compare(x[0], y[0]));
        double rankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < labelled.size()) {
            int j = i;
            while (j < labelled.size() && labelled.get(j)[0] == labelled.get(i)[0]) {
                j++;
            }
            double midRank = (i + 1 + j) / 2.0;
            for (int k = i; k < j; k++) {
                if (labelled.get(k)[1] == 1) {
                    rankSum += midRank;
                    positives++;
                }
            }
            i = j;
        }
        long negatives = labelled.size() - positives;
        if (positives == 0 || negatives == 0) {
            return null;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    private static double round(double v) {
        return Math.round(v * 10_000.0) / 10_000.0;
    }

    private static Map<String, Map<String, String>> actions(TrainingData data) {
        DatasetData actions = data.dataset(DatasetType.ACTIONS);
        if (actions == null || actions.size() == 0) {
            throw new TrainingFailedException("Create failed. The aws-next-best-action recipe requires an Actions"
                    + " dataset with actions; the dataset group has "
                    + (actions == null ? "no Actions dataset." : "an empty Actions dataset."));
        }
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (String id : actions.recordIds()) {
            Map<String, String> r = actions.record(id);
            if (r != null) {
                out.put(id, r);
            }
        }
        return out;
    }

    private static @Nullable DatasetSchema actionSchema(TrainingData data) {
        DatasetData actions = data.dataset(DatasetType.ACTIONS);
        return actions == null ? null : actions.schema();
    }

    /** The action interactions, in stored order, with their event types normalised (others are left out). */
    private static List<NextBestActionModel.Event> events(TrainingData data) {
        DatasetData d = data.dataset(DatasetType.ACTION_INTERACTIONS);
        List<NextBestActionModel.Event> out = new ArrayList<>();
        if (d == null) {
            return out;
        }
        int[] users = d.userColumn();
        int[] actions = d.itemColumn();
        long[] ts = d.timestampColumn();
        String[] userIds = d.userIdArray();
        String[] actionIds = d.itemIdArray();
        for (int i = 0; i < users.length; i++) {
            String type = ActionEventTypes.normalise(d.eventTypeAt(i));
            if (type != null) {
                out.add(new NextBestActionModel.Event(userIds[users[i]], actionIds[actions[i]], ts[i], type));
            }
        }
        return out;
    }
}
