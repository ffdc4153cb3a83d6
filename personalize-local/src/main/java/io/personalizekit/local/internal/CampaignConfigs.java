package io.personalizekit.local.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Checks of the configuration that changes what a campaign or batch job answers: the values of
 * {@code itemExplorationConfig} (strings in the API that must hold numbers: {@code explorationWeight} from 0 to 1,
 * {@code explorationItemAgeCutOff} days above 0), and the recipes that cannot run batch inference.
 */
final class CampaignConfigs {
    /** Recipes whose solution versions batch inference refuses, as the service documents. */
    private static final Set<String> NO_BATCH_INFERENCE = Set.of("aws-trending-now", "aws-next-best-action");

    private CampaignConfigs() {}

    /** @throws ApiException (InvalidInput) when a value is not a number in its range */
    static void checkItemExploration(@Nullable JsonNode config) {
        if (config == null || !config.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> e : config.properties()) {
            String key = e.getKey();
            String value = e.getValue().asText();
            if (key.equals("explorationWeight")) {
                double w = number(key, value);
                if (w < 0 || w > 1) {
                    throw invalid(key, value, "a number between 0.0 and 1.0");
                }
            } else if (key.equals("explorationItemAgeCutOff")) {
                if (number(key, value) <= 0) {
                    throw invalid(key, value, "a number of days greater than 0");
                }
            }
        }
    }

    private static double number(String key, String value) {
        try {
            double d = Double.parseDouble(value.trim());
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(key, value, key.equals("explorationWeight") ? "a number between 0.0 and 1.0" : "a number");
    }

    private static ApiException invalid(String key, String value, String what) {
        return ApiException.invalidInput(
                "Invalid value '" + value + "' for itemExplorationConfig." + key + ": it must be " + what + ".");
    }

    /** @throws ApiException (InvalidInput) for a solution version of a recipe without batch inference */
    static void checkBatchInference(String recipeArn) {
        String recipe = recipeArn.substring(recipeArn.lastIndexOf('/') + 1);
        if (NO_BATCH_INFERENCE.contains(recipe)) {
            throw ApiException.invalidInput(
                    "Batch inference is not supported for solution versions of the " + recipe + " recipe.");
        }
    }
}
