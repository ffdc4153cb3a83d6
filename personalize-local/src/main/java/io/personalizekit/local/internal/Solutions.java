package io.personalizekit.local.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The solution operations beyond create/describe/list/delete: UpdateSolution (automatic training on or off, its
 * schedule, the events config), the automatic solution versions {@link AutoTraining} creates (journaled as an
 * internal operation so that a restart replays them), and what DescribeSolution and DescribeSolutionVersion compute:
 * {@code latestSolutionVersion}, and {@code trainingHours} once a version is ACTIVE.
 */
final class Solutions {
    /** The internal (journal-only) operation that replays an automatic solution version. */
    static final String AUTO_VERSION_OP = "#AutoCreateSolutionVersion";

    static final Pattern SCHEDULE = Pattern.compile("rate\\((\\d+) days?\\)");
    /** The model's pattern of {@code schedulingExpression}, as validation messages quote it. */
    private static final String SCHEDULE_PATTERN = "rate\\(\\d+ days?\\)";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String SEMANTIC_SIMILARITY = "arn:aws:personalize:::recipe/aws-semantic-similarity";

    private final ControlPlane cp;

    private Solutions(ControlPlane cp) {
        this.cp = cp;
    }

    /** Registers UpdateSolution, the internal automatic-version operation and the computed Describe members. */
    static void register(
            ControlPlane cp,
            Map<String, Function<Input, ObjectNode>> ops,
            Map<String, Function<Input, ObjectNode>> internalOps) {
        Solutions s = new Solutions(cp);
        ops.put("UpdateSolution", s::updateSolution);
        internalOps.put(AUTO_VERSION_OP, s::replayAutomaticVersion);
        cp.describeExtra(Kind.SOLUTION, s::latestSolutionVersion);
        cp.describeExtra(Kind.SOLUTION_VERSION, Solutions::trainingHoursOnceActive);
    }

    /**
     * Checks an {@code autoTrainingConfig}: {@code schedulingExpression} is {@code rate(N day[s])} with N from 1
     * to 30.
     *
     * @throws ApiException (InvalidInput) naming the member and the value
     */
    static void checkAutoTrainingConfig(String member, @Nullable JsonNode config) {
        if (config == null || config.isNull()) {
            return;
        }
        if (!config.isObject()) {
            throw ApiException.invalidInput("Member '" + member + "' must be a structure");
        }
        JsonNode expression = config.get("schedulingExpression");
        if (expression == null || expression.isNull()) {
            return;
        }
        String label = member + ".schedulingExpression";
        if (!expression.isTextual()) {
            throw ApiException.invalidInput("Member '" + label + "' must be a string");
        }
        String v = Input.checkLength(label, expression.asText(), 1, 16);
        Matcher m = SCHEDULE.matcher(v);
        if (!m.matches()) {
            throw ApiException.invalidInput(
                    Input.violation(label, v, "Member must satisfy regular expression pattern: " + SCHEDULE_PATTERN));
        }
        int days = Integer.parseInt(m.group(1));
        if (days < 1 || days > 30) {
            throw ApiException.invalidInput("Invalid " + label + " '" + v
                    + "': the rate must be between 1 and 30 days, for example rate(7 days).");
        }
    }

    /** The days between automatic trainings of a solution: its schedule, or 7 days by default. */
    static int scheduleDays(Resource solution) {
        String v = solution.attrs
                .path("solutionConfig")
                .path("autoTrainingConfig")
                .path("schedulingExpression")
                .asText("");
        Matcher m = SCHEDULE.matcher(v);
        return m.matches() ? Integer.parseInt(m.group(1)) : 7;
    }

    private ObjectNode updateSolution(Input in) {
        String arn = in.arn("solutionArn");
        Boolean autoTraining = in.optionalBoolean("performAutoTraining");
        Boolean incremental = in.optionalBoolean("performIncrementalUpdate");
        ObjectNode config = in.optionalObject("solutionUpdateConfig");
        if (config != null) {
            checkAutoTrainingConfig("solutionUpdateConfig.autoTrainingConfig", config.get("autoTrainingConfig"));
            JsonNode events = config.path("eventsConfig").path("eventParametersList");
            if (events.isArray()) {
                Input.checkSize("solutionUpdateConfig.eventsConfig.eventParametersList", events.size(), 0, 10);
            }
        }
        synchronized (cp.lock) {
            Resource solution = cp.require(Kind.SOLUTION, arn);
            ControlPlane.requireActive(solution);
            Lifecycle previous = solution.update;
            if (previous != null && !previous.isTerminal()) {
                throw ApiException.inUse("An update of solution " + arn + " is already in progress (current state: "
                        + previous.status() + ").");
            }
            if (Boolean.TRUE.equals(incremental) && !SEMANTIC_SIMILARITY.equals(solution.attr("recipeArn"))) {
                throw ApiException.invalidInput("performIncrementalUpdate is supported only for solutions that use"
                        + " the aws-semantic-similarity recipe; solution " + arn + " uses "
                        + solution.attr("recipeArn") + ".");
            }
            solution.applyUpdate();
            boolean auto = autoTraining != null
                    ? autoTraining
                    : solution.attrs.path("performAutoTraining").asBoolean(true);
            ObjectNode summary = JSON.objectNode();
            summary.set("solutionUpdateConfig", config == null ? JSON.objectNode() : config.deepCopy());
            summary.put("performAutoTraining", auto);
            ObjectNode apply = JSON.objectNode();
            apply.put("performAutoTraining", auto);
            JsonNode current = solution.attrs.get("solutionConfig");
            ObjectNode solutionConfig =
                    current != null && current.isObject() ? ((ObjectNode) current).deepCopy() : JSON.objectNode();
            for (String member : List.of("autoTrainingConfig", "eventsConfig")) {
                JsonNode v = config == null ? null : config.get(member);
                if (v != null && !v.isNull()) {
                    solutionConfig.set(member, v.deepCopy());
                }
            }
            if (solutionConfig.size() > 0) {
                apply.set("solutionConfig", solutionConfig);
            }
            if (incremental != null) {
                summary.put("performIncrementalUpdate", incremental);
                apply.put("performIncrementalUpdate", incremental);
            }
            solution.startUpdate(cp.lifecycle(Kind.SOLUTION), summary, apply);
            return JSON.objectNode().put("solutionArn", arn);
        }
    }

    /** Replays an automatic solution version from the journal (never reachable over HTTP). */
    private ObjectNode replayAutomaticVersion(Input in) {
        String solutionArn = in.arn("solutionArn");
        synchronized (cp.lock) {
            Resource solution = cp.require(Kind.SOLUTION, solutionArn);
            Resource version = cp.startSolutionVersion(solution, null, "AUTOTRAIN", "AUTOMATIC", in);
            return JSON.objectNode().put("solutionVersionArn", version.arn);
        }
    }

    /**
     * Creates an automatic solution version and journals it. Call under the control plane's lock.
     *
     * @return the version
     */
    static Resource createAutomaticVersion(ControlPlane cp, Resource solution) {
        ObjectNode body = JSON.objectNode().put("solutionArn", solution.arn);
        Resource version = cp.startSolutionVersion(solution, null, "AUTOTRAIN", "AUTOMATIC", new Input(body));
        cp.record(
                AUTO_VERSION_OP,
                version.lifecycle.created(),
                body,
                JSON.objectNode().put("solutionVersionArn", version.arn));
        return version;
    }

    /** DescribeSolution's {@code latestSolutionVersion}: the summary of the newest version, when there is one. */
    private void latestSolutionVersion(Resource solution, ObjectNode shape) {
        List<Resource> versions = cp.children(Kind.SOLUTION_VERSION, "solutionArn", solution.arn);
        if (!versions.isEmpty()) {
            shape.set("latestSolutionVersion", versions.get(versions.size() - 1).summary());
        }
    }

    /** {@code trainingHours} is "visible only after Amazon Personalize successfully trains a model". */
    private static void trainingHoursOnceActive(Resource version, ObjectNode shape) {
        if (!"ACTIVE".equals(shape.path("status").asText())) {
            shape.remove("trainingHours");
        }
    }
}
