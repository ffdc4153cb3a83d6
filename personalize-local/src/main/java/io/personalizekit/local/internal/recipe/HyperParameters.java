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
    private final Map<String, HyperParameter> declared;

    private HyperParameters(Map<String, Double> values, Map<String, HyperParameter> declared) {
        this.values = values;
        this.declared = declared;
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
        return resolve(declared, given, Map.of());
    }

    /**
     * Resolves the given values against the declarations, in declaration order: algorithm hyperparameters from
     * {@code algorithm}, feature transformation parameters from {@code featureTransformation}.
     *
     * @param declared the recipe's hyperparameters
     * @param algorithm {@code algorithmHyperParameters} as strings; blank values mean the default
     * @param featureTransformation {@code featureTransformationParameters} as strings
     * @return the values
     * @throws TrainingFailedException when a given value is not of the right kind or outside the range
     */
    public static HyperParameters resolve(
            List<HyperParameter> declared, Map<String, String> algorithm, Map<String, String> featureTransformation) {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(featureTransformation, "featureTransformation");
        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, HyperParameter> byName = new LinkedHashMap<>();
        for (HyperParameter h : declared) {
            String v = (h.featureTransformation() ? featureTransformation : algorithm).get(h.name());
            values.put(h.name(), v == null || v.isBlank() ? h.defaultValue() : h.parse(v));
            byName.put(h.name(), h);
        }
        return new HyperParameters(values, byName);
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

    /**
     * A declared boolean value.
     *
     * @param name the hyperparameter
     * @return its value
     * @throws IllegalArgumentException when the recipe did not declare it
     */
    public boolean booleanValue(String name) {
        return doubleValue(name) != 0;
    }

    /**
     * A declared categorical value.
     *
     * @param name the hyperparameter
     * @return the chosen value
     * @throws IllegalArgumentException when the recipe did not declare it
     */
    public String choice(String name) {
        int i = intValue(name);
        HyperParameter h = declared.get(name);
        if (h == null || h.choices().isEmpty()) {
            throw new IllegalArgumentException("hyperparameter " + name + " is not categorical");
        }
        return h.choices().get(i);
    }

    @Override
    public String toString() {
        return "HyperParameters" + values;
    }
}
