package io.personalizekit.pipeline;

import io.personalizekit.PersonalizeLimits;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The solution and the solution version to train: recipe (default {@code aws-similar-items}), auto-training,
 * event type, solution config, training mode.
 *
 * <p>{@code performAutoTraining} is always sent explicitly: the service's default is {@code true}, which trains
 * (and bills) a new version every 7 days. personalize-kit defaults it to {@code false}; turn it on deliberately,
 * optionally with {@link Builder#autoTrainingSchedule(String)}. Immutable and thread-safe.
 */
public final class SolutionSpec {
    /** The Similar-Items recipe the article uses. */
    public static final String SIMILAR_ITEMS_RECIPE = "arn:aws:personalize:::recipe/aws-similar-items";

    private static final Pattern SCHEDULE = Pattern.compile("rate\\(\\d+ days?\\)");

    private final String name;
    private final String recipeArn;
    private final boolean performAutoTraining;
    private final @Nullable String autoTrainingSchedule;
    private final @Nullable String eventType;
    private final @Nullable String eventValueThreshold;
    private final Map<String, String> algorithmHyperParameters;
    private final Map<String, String> featureTransformationParameters;
    private final String trainingMode;

    private SolutionSpec(Builder b) {
        this.name = Objects.requireNonNull(b.name, "name");
        this.recipeArn = b.recipeArn;
        this.performAutoTraining = b.performAutoTraining;
        this.autoTrainingSchedule = b.autoTrainingSchedule;
        this.eventType = b.eventType;
        this.eventValueThreshold = b.eventValueThreshold;
        this.algorithmHyperParameters = Collections.unmodifiableMap(new LinkedHashMap<>(b.algorithmHyperParameters));
        this.featureTransformationParameters =
                Collections.unmodifiableMap(new LinkedHashMap<>(b.featureTransformationParameters));
        this.trainingMode = b.trainingMode;
        if (autoTrainingSchedule != null && !performAutoTraining) {
            throw new IllegalArgumentException(
                    "autoTrainingSchedule ('" + autoTrainingSchedule + "') requires performAutoTraining=true");
        }
    }

    /**
     * A builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder initialised from this spec.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder()
                .name(name)
                .recipeArn(recipeArn)
                .performAutoTraining(performAutoTraining)
                .autoTrainingSchedule(autoTrainingSchedule)
                .eventType(eventType)
                .eventValueThreshold(eventValueThreshold)
                .trainingMode(trainingMode);
        b.algorithmHyperParameters.putAll(algorithmHyperParameters);
        b.featureTransformationParameters.putAll(featureTransformationParameters);
        return b;
    }

    /**
     * The solution's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The recipe ARN.
     *
     * @return the recipe ARN (default {@link #SIMILAR_ITEMS_RECIPE})
     */
    public String recipeArn() {
        return recipeArn;
    }

    /**
     * Whether the service trains a new version on a schedule (billed per training hour).
     *
     * @return the flag sent with {@code CreateSolution} (default {@code false})
     */
    public boolean performAutoTraining() {
        return performAutoTraining;
    }

    /**
     * The auto-training schedule, for example {@code rate(7 days)}.
     *
     * @return the schedule, or {@code null} for the service's default
     */
    public @Nullable String autoTrainingSchedule() {
        return autoTrainingSchedule;
    }

    /**
     * The event type to train on.
     *
     * @return the event type, or {@code null} for all events
     */
    public @Nullable String eventType() {
        return eventType;
    }

    /**
     * The {@code solutionConfig.eventValueThreshold}.
     *
     * @return the threshold, or {@code null}
     */
    public @Nullable String eventValueThreshold() {
        return eventValueThreshold;
    }

    /**
     * The {@code solutionConfig.algorithmHyperParameters}.
     *
     * @return an unmodifiable map
     */
    public Map<String, String> algorithmHyperParameters() {
        return algorithmHyperParameters;
    }

    /**
     * The {@code solutionConfig.featureTransformationParameters}.
     *
     * @return an unmodifiable map
     */
    public Map<String, String> featureTransformationParameters() {
        return featureTransformationParameters;
    }

    /**
     * The training mode of the solution version: {@code FULL} or {@code UPDATE}.
     *
     * @return the training mode (default {@code FULL})
     */
    public String trainingMode() {
        return trainingMode;
    }

    boolean hasSolutionConfig() {
        return autoTrainingSchedule != null
                || eventValueThreshold != null
                || !algorithmHyperParameters.isEmpty()
                || !featureTransformationParameters.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SolutionSpec)) {
            return false;
        }
        SolutionSpec s = (SolutionSpec) o;
        return name.equals(s.name)
                && recipeArn.equals(s.recipeArn)
                && performAutoTraining == s.performAutoTraining
                && Objects.equals(autoTrainingSchedule, s.autoTrainingSchedule)
                && Objects.equals(eventType, s.eventType)
                && Objects.equals(eventValueThreshold, s.eventValueThreshold)
                && algorithmHyperParameters.equals(s.algorithmHyperParameters)
                && featureTransformationParameters.equals(s.featureTransformationParameters)
                && trainingMode.equals(s.trainingMode);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                name,
                recipeArn,
                performAutoTraining,
                autoTrainingSchedule,
                eventType,
                eventValueThreshold,
                algorithmHyperParameters,
                featureTransformationParameters,
                trainingMode);
    }

    @Override
    public String toString() {
        return "SolutionSpec{name=" + name + ", recipeArn=" + recipeArn + ", performAutoTraining="
                + performAutoTraining + ", autoTrainingSchedule=" + autoTrainingSchedule + ", eventType=" + eventType
                + ", eventValueThreshold=" + eventValueThreshold + ", algorithmHyperParameters="
                + algorithmHyperParameters + ", featureTransformationParameters=" + featureTransformationParameters
                + ", trainingMode=" + trainingMode + "}";
    }

    /** Builds a {@link SolutionSpec}. Not thread-safe. */
    public static final class Builder {
        private @Nullable String name;
        private String recipeArn = SIMILAR_ITEMS_RECIPE;
        private boolean performAutoTraining;
        private @Nullable String autoTrainingSchedule;
        private @Nullable String eventType;
        private @Nullable String eventValueThreshold;
        private final Map<String, String> algorithmHyperParameters = new LinkedHashMap<>();
        private final Map<String, String> featureTransformationParameters = new LinkedHashMap<>();
        private String trainingMode = "FULL";

        private Builder() {}

        /**
         * Sets the solution's name (required).
         *
         * @param name 1-63 characters of {@code [a-zA-Z0-9-_]}
         * @return this builder
         * @throws IllegalArgumentException if the name breaks the service's pattern
         */
        public Builder name(String name) {
            this.name = Names.name(name, "name");
            return this;
        }

        /**
         * Sets the recipe.
         *
         * @param recipeArn a recipe ARN such as {@code arn:aws:personalize:::recipe/aws-sims}
         * @return this builder
         * @throws IllegalArgumentException if not a recipe ARN
         */
        public Builder recipeArn(String recipeArn) {
            if (!recipeArn.startsWith("arn:")
                    || !recipeArn.contains(":personalize:")
                    || !recipeArn.contains(":recipe/")) {
                throw new IllegalArgumentException("recipeArn must be a Personalize recipe ARN: '" + recipeArn + "'");
            }
            this.recipeArn = recipeArn;
            return this;
        }

        /**
         * Sets whether the service trains new versions on a schedule (sent explicitly; default {@code false}).
         *
         * @param performAutoTraining the flag
         * @return this builder
         */
        public Builder performAutoTraining(boolean performAutoTraining) {
            this.performAutoTraining = performAutoTraining;
            return this;
        }

        /**
         * Sets the auto-training schedule.
         *
         * @param schedule {@code rate(N days)} with N from 1 to 30, or {@code null}
         * @return this builder
         * @throws IllegalArgumentException if not of the form {@code rate(N days)}
         */
        public Builder autoTrainingSchedule(@Nullable String schedule) {
            if (schedule != null && !SCHEDULE.matcher(schedule).matches()) {
                throw new IllegalArgumentException("autoTrainingSchedule must be 'rate(N days)': '" + schedule + "'");
            }
            this.autoTrainingSchedule = schedule;
            return this;
        }

        /**
         * Sets the event type to train on.
         *
         * @param eventType at most 256 characters, or {@code null} for all events
         * @return this builder
         * @throws IllegalArgumentException if longer than 256 characters
         */
        public Builder eventType(@Nullable String eventType) {
            if (eventType != null && eventType.length() > PersonalizeLimits.MAX_ID_LENGTH) {
                throw new IllegalArgumentException("eventType must be at most 256 characters");
            }
            this.eventType = eventType;
            return this;
        }

        /**
         * Sets the event value threshold.
         *
         * @param threshold the threshold as a string, or {@code null}
         * @return this builder
         */
        public Builder eventValueThreshold(@Nullable String threshold) {
            this.eventValueThreshold = threshold;
            return this;
        }

        /**
         * Adds an algorithm hyperparameter.
         *
         * @param key the parameter
         * @param value its value
         * @return this builder
         */
        public Builder putAlgorithmHyperParameter(String key, String value) {
            algorithmHyperParameters.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Adds a feature transformation parameter.
         *
         * @param key the parameter
         * @param value its value
         * @return this builder
         */
        public Builder putFeatureTransformationParameter(String key, String value) {
            featureTransformationParameters.put(
                    Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Sets the training mode of the solution version.
         *
         * @param trainingMode {@code FULL} or {@code UPDATE}
         * @return this builder
         * @throws IllegalArgumentException for another value
         */
        public Builder trainingMode(String trainingMode) {
            if (!trainingMode.equals("FULL") && !trainingMode.equals("UPDATE")) {
                throw new IllegalArgumentException("trainingMode must be FULL or UPDATE: '" + trainingMode + "'");
            }
            this.trainingMode = trainingMode;
            return this;
        }

        /**
         * Builds the spec.
         *
         * @return the spec
         * @throws NullPointerException if no name was set
         * @throws IllegalArgumentException if a schedule is set without auto-training
         */
        public SolutionSpec build() {
            return new SolutionSpec(this);
        }
    }
}
