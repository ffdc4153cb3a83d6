package io.personalizekit.local.internal.data;

import io.personalizekit.local.internal.recipe.UserEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A solution's training settings as the training runner applies them: the algorithm hyperparameters and feature
 * transformation parameters ({@code solutionConfig}), and which interactions train the model: the solution's
 * {@code eventType} (only interactions of that {@code EVENT_TYPE}), {@code solutionConfig.eventValueThreshold} (only
 * interactions whose {@code EVENT_VALUE} is at least that; those without a value are left out) and
 * {@code solutionConfig.eventsConfig.eventParametersList} (only the listed event types, each with its own
 * threshold; the weights are accepted and not used). Event types match exactly. Immutable.
 *
 * @param algorithmHyperParameters {@code algorithmHyperParameters}
 * @param featureTransformationParameters {@code featureTransformationParameters}
 * @param eventType the solution's {@code eventType}, or null
 * @param eventValueThreshold {@code eventValueThreshold} as given (a string in the API), or null
 * @param eventParameters {@code eventsConfig.eventParametersList}
 */
public record TrainingConfig(
        Map<String, String> algorithmHyperParameters,
        Map<String, String> featureTransformationParameters,
        @Nullable String eventType,
        @Nullable String eventValueThreshold,
        List<EventParameters> eventParameters) {
    /** No filtering and no parameters. */
    public static final TrainingConfig DEFAULT = of(Map.of());

    /**
     * One entry of {@code eventsConfig.eventParametersList}.
     *
     * @param eventType the event type
     * @param eventValueThreshold the smallest value kept, or null for any
     * @param weight the weight (not used by personalize-local), or null
     */
    public record EventParameters(
            @Nullable String eventType,
            @Nullable Double eventValueThreshold,
            @Nullable Double weight) {}

    /** Checks and copies the members. */
    public TrainingConfig {
        algorithmHyperParameters = Map.copyOf(algorithmHyperParameters);
        featureTransformationParameters = Map.copyOf(featureTransformationParameters);
        eventParameters = List.copyOf(eventParameters);
    }

    /**
     * Settings with only algorithm hyperparameters.
     *
     * @param algorithmHyperParameters the hyperparameters
     * @return the settings
     */
    public static TrainingConfig of(Map<String, String> algorithmHyperParameters) {
        return new TrainingConfig(algorithmHyperParameters, Map.of(), null, null, List.of());
    }

    /**
     * The threshold as a number.
     *
     * @return the threshold, or null when none is set
     * @throws TrainingFailedException when it is not a number
     */
    @Nullable
    Double threshold() {
        String t = eventValueThreshold;
        if (t == null || t.isBlank()) {
            return null;
        }
        try {
            double d = Double.parseDouble(t.trim());
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new TrainingFailedException("Invalid eventValueThreshold '" + t + "'. The value must be a number.");
    }

    /** Whether any setting filters the interactions. */
    boolean filters() {
        return eventType != null || threshold() != null || !eventParameters.isEmpty();
    }

    /**
     * Whether an interaction trains the model.
     *
     * @param type its event type, or null
     * @param value its event value, or null
     * @return true when it passes every filter
     */
    boolean keeps(@Nullable String type, @Nullable Float value) {
        if (eventType != null && !eventType.equals(type)) {
            return false;
        }
        Double t = threshold();
        if (t != null && (value == null || value < t)) {
            return false;
        }
        if (!eventParameters.isEmpty()) {
            for (EventParameters p : eventParameters) {
                if (Objects.equals(p.eventType(), type)) {
                    Double pt = p.eventValueThreshold();
                    return pt == null || (value != null && value >= pt);
                }
            }
            return false;
        }
        return true;
    }

    /**
     * Whether a streamed event counts for the model at request time (the same filter as training).
     *
     * @param event the event
     * @return true when it passes every filter
     */
    public boolean keeps(UserEvent event) {
        return keeps(event.eventType(), event.eventValue());
    }

    /** What filtered the training data, for the failure reason: {@code event type: click}, or null. */
    @Nullable
    String filterDescription() {
        List<String> parts = new ArrayList<>();
        if (eventType != null) {
            parts.add("event type: " + eventType);
        }
        if (threshold() != null) {
            parts.add("event value threshold: " + eventValueThreshold);
        }
        if (!eventParameters.isEmpty()) {
            List<String> types = new ArrayList<>();
            eventParameters.forEach(p -> types.add(String.valueOf(p.eventType())));
            parts.add("event types: " + String.join(", ", types));
        }
        return parts.isEmpty() ? null : String.join(" and ", parts);
    }
}
