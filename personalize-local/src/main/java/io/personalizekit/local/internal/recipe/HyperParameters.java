package io.personalizekit.local.internal.recipe;

import io.personalizekit.local.internal.data.TrainingFailedException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The hyperparameter values a training uses: the given ones checked against the recipe's declarations, the
 * defaults for the rest. Values a recipe does not declare are ignored, as the service ignores them. Immutable.
 */
public final class HyperParameters {
    private final Map<String, Double> values;

    private HyperParameters(Map<String, Double> values) {
        this.values = values;
    }

    /**
     * Resolves the given values against the declarations, in declaration order.
     *
     * @param declared the recipe's hyperparameters
     * @param given {@code algorithmHyperParameters} as strings; blank values mean the default
     * @return the values
     * @throws TrainingFailedException when a given value is not a number of the right kind within the range
     */
    public static HyperParameters resolve(List<HyperParameter> declared, Map<String, String> given) {
        Objects.requireNonNull(given, "given");
        Map<String, Double> values = new LinkedHashMap<>();
        for (HyperParameter h : declared) {
            String v = given.get(h.name());
            values.put(h.name(), v == null || v.isBlank() ? h.defaultValue() : h.parse(v));
        }
        return new HyperParameters(values);
    }

    /**
     * A declared continuous value.
     *
     * @param name the hyperparameter
     * @return its value
     * @throws IllegalArgumentException when the recipe did not declare it
     */
    public double doubleValue(String name) {
        Double v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException(
                    "hyperparameter " + name + " is not declared; declared: " + values.keySet());
        }
        return v;
    }

    /**
     * A declared integer value.
     *
     * @param name the hyperparameter
     * @return its value
     * @throws IllegalArgumentException when the recipe did not declare it
     */
    public int intValue(String name) {
        return (int) doubleValue(name);
    }

    @Override
    public String toString() {
        return "HyperParameters" + values;
    }
}
