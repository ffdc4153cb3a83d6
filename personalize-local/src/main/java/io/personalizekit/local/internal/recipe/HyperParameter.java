package io.personalizekit.local.internal.recipe;

import io.personalizekit.local.internal.data.TrainingFailedException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A hyperparameter a recipe accepts in {@code solutionConfig.algorithmHyperParameters} (or, for a feature
 * transformation parameter such as Trending-Now's {@code trend_discovery_frequency}, in
 * {@code solutionConfig.featureTransformationParameters}): its name, kind, default and range.
 * {@link HyperParameters#resolve} checks the given values against these declarations.
 *
 * @param name the name, for example {@code min_cointeraction_count}
 * @param kind integer, continuous, boolean or categorical
 * @param defaultValue the value when none is given (booleans 0 or 1, categorical values the index of the choice)
 * @param min the smallest value accepted
 * @param max the largest value accepted
 * @param choices the accepted values of a categorical hyperparameter, empty for the other kinds
 * @param featureTransformation true for a parameter of {@code featureTransformationParameters}
 */
public record HyperParameter(
        String name,
        Kind kind,
        double defaultValue,
        double min,
        double max,
        List<String> choices,
        boolean featureTransformation) {
    /** The kinds of value, as the service's algorithm descriptions put them. */
    public enum Kind {
        /** An integer. */
        INTEGER,
        /** A real number. */
        CONTINUOUS,
        /** {@code true} or {@code false}. */
        BOOLEAN,
        /** One of a list of strings. */
        CATEGORICAL
    }

    /** Checks and copies the members. */
    public HyperParameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        choices = List.copyOf(choices);
        if (!(min <= defaultValue && defaultValue <= max)) {
            throw new IllegalArgumentException(
                    "default " + defaultValue + " of " + name + " is outside [" + min + ", " + max + "]");
        }
        if ((kind == Kind.CATEGORICAL) == choices.isEmpty()) {
            throw new IllegalArgumentException(name + ": choices are for categorical hyperparameters only");
        }
    }

    /**
     * An integer hyperparameter.
     *
     * @param name the name
     * @param defaultValue the default
     * @param min the smallest value
     * @param max the largest value
     * @return the declaration
     */
    public static HyperParameter integer(String name, int defaultValue, int min, int max) {
        return new HyperParameter(name, Kind.INTEGER, defaultValue, min, max, List.of(), false);
    }

    /**
     * A continuous hyperparameter.
     *
     * @param name the name
     * @param defaultValue the default
     * @param min the smallest value
     * @param max the largest value
     * @return the declaration
     */
    public static HyperParameter continuous(String name, double defaultValue, double min, double max) {
        return new HyperParameter(name, Kind.CONTINUOUS, defaultValue, min, max, List.of(), false);
    }

    /**
     * A boolean hyperparameter ({@code true} or {@code false}, in any case).
     *
     * @param name the name
     * @param defaultValue the default
     * @return the declaration
     */
    public static HyperParameter bool(String name, boolean defaultValue) {
        return new HyperParameter(name, Kind.BOOLEAN, defaultValue ? 1 : 0, 0, 1, List.of(), false);
    }

    /**
     * A feature transformation parameter that takes one of a list of values.
     *
     * @param name the name
     * @param defaultChoice the default, one of {@code choices}
     * @param choices the accepted values
     * @return the declaration
     */
    public static HyperParameter featureChoice(String name, String defaultChoice, List<String> choices) {
        int d = choices.indexOf(defaultChoice);
        if (d < 0) {
            throw new IllegalArgumentException("default " + defaultChoice + " of " + name + " is not in " + choices);
        }
        return new HyperParameter(name, Kind.CATEGORICAL, d, 0, choices.size() - 1, choices, true);
    }

    /** Parses a given value; the failure reason names the value, the hyperparameter and the range. */
    double parse(String value) {
        String v = value.trim();
        if (kind == Kind.BOOLEAN) {
            String b = v.toLowerCase(Locale.ROOT);
            if (b.equals("true") || b.equals("false")) {
                return b.equals("true") ? 1 : 0;
            }
            throw new TrainingFailedException(
                    "Invalid value '" + value + "' for hyperparameter " + name + ". The value must be true or false.");
        }
        if (kind == Kind.CATEGORICAL) {
            int i = choices.indexOf(v);
            if (i >= 0) {
                return i;
            }
            throw new TrainingFailedException("Invalid value '" + value + "' for " + name
                    + ". The value must be one of: " + String.join(", ", choices) + ".");
        }
        try {
            if (kind == Kind.INTEGER) {
                int i = Integer.parseInt(v);
                if (i >= min && i <= max) {
                    return i;
                }
            } else {
                double d = Double.parseDouble(v);
                if (d >= min && d <= max) {
                    return d;
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        String range = kind == Kind.INTEGER
                ? "an integer between " + (int) min + " and " + (int) max
                : "a number between " + min + " and " + max;
        throw new TrainingFailedException(
                "Invalid value '" + value + "' for hyperparameter " + name + ". The value must be " + range + ".");
    }
}
