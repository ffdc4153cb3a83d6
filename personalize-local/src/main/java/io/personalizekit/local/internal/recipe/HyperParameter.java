package io.personalizekit.local.internal.recipe;

import io.personalizekit.local.internal.data.TrainingFailedException;
import java.util.Objects;

/**
 * A hyperparameter a recipe accepts in {@code solutionConfig.algorithmHyperParameters}: its name, kind, default
 * and range. {@link HyperParameters#resolve} checks the given values against these declarations.
 *
 * @param name the name, for example {@code min_cointeraction_count}
 * @param kind integer or continuous
 * @param defaultValue the value when none is given
 * @param min the smallest value accepted
 * @param max the largest value accepted
 */
public record HyperParameter(String name, Kind kind, double defaultValue, double min, double max) {
    /** Integer or continuous, as the service's algorithm descriptions put it. */
    public enum Kind {
        /** An integer. */
        INTEGER,
        /** A real number. */
        CONTINUOUS
    }

    /** Checks the members. */
    public HyperParameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (!(min <= defaultValue && defaultValue <= max)) {
            throw new IllegalArgumentException(
                    "default " + defaultValue + " of " + name + " is outside [" + min + ", " + max + "]");
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
        return new HyperParameter(name, Kind.INTEGER, defaultValue, min, max);
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
        return new HyperParameter(name, Kind.CONTINUOUS, defaultValue, min, max);
    }

    /** Parses a given value; the failure reason names the value, the hyperparameter and the range. */
    double parse(String value) {
        String v = value.trim();
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
