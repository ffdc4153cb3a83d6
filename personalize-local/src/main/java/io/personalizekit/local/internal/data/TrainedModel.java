package io.personalizekit.local.internal.data;

import io.personalizekit.local.internal.recipe.Model;
import io.personalizekit.local.internal.recipe.Query;
import io.personalizekit.local.internal.recipe.RecipeInfo;
import io.personalizekit.local.internal.recipe.ScoredItem;
import io.personalizekit.local.internal.recipe.Serving;
import io.personalizekit.local.internal.recipe.UserEvent;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A trained solution version: the recipe it was trained with, the {@link Model} it serves and its offline
 * metrics. Requests are answered through {@link Serving}, so the filter, the excluded seed and the count work
 * the same for every recipe. Immutable and thread-safe.
 */
public final class TrainedModel {
    private final RecipeInfo recipe;
    private final Model model;
    private final Map<String, Double> metrics;
    private final TrainingConfig config;

    TrainedModel(RecipeInfo recipe, Model model, Map<String, Double> metrics) {
        this(recipe, model, metrics, TrainingConfig.DEFAULT);
    }

    TrainedModel(RecipeInfo recipe, Model model, Map<String, Double> metrics, TrainingConfig config) {
        this.recipe = recipe;
        this.model = model;
        this.metrics = Collections.unmodifiableMap(new TreeMap<>(metrics));
        this.config = config;
    }

    /**
     * The settings the model was trained with; its {@link TrainingConfig#keeps(UserEvent)} tells which of a user's
     * streamed events the model reads at request time.
     *
     * @return the settings
     */
    public TrainingConfig config() {
        return config;
    }

    /**
     * What GetRecommendations and batch inference answer for a full query (with the user's streamed events, which
     * are first filtered as the training data was, and the campaign's settings).
     *
     * @param query the request
     * @param numResults the most items to return
     * @param keepItem which items may be returned (a filter, a pure predicate)
     * @return up to {@code numResults} items, best first
     */
    public List<ScoredItem> recommend(Query query, int numResults, Predicate<String> keepItem) {
        Query q = withUsableEvents(query);
        return Serving.recommend(model, q, numResults, keepItem, Serving.excluded(recipe.type(), q));
    }

    /**
     * GetPersonalizedRanking: the given items in the model's order for the query's user.
     *
     * @param query the request's user, events and campaign settings
     * @param items the items to rank
     * @param keepItem which items may be returned (a filter)
     * @return the ranked items; unknown ones last, without a score
     */
    public List<ScoredItem> rank(Query query, List<String> items, Predicate<String> keepItem) {
        return Serving.rank(model, withUsableEvents(query), items, keepItem);
    }

    private Query withUsableEvents(Query query) {
        if (query.recentEvents().isEmpty() || !config.filters()) {
            return query;
        }
        List<UserEvent> kept = new java.util.ArrayList<>();
        for (UserEvent e : query.recentEvents()) {
            if (config.keeps(e)) {
                kept.add(e);
            }
        }
        return new Query(query.itemId(), query.userId(), kept, query.campaign());
    }

    /**
     * The recipe this model was trained with, for example {@code aws-similar-items}.
     *
     * @return the recipe name
     */
    public String recipeName() {
        return recipe.name();
    }

    /**
     * The recipe this model was trained with.
     *
     * @return the recipe's catalog entry
     */
    public RecipeInfo recipe() {
        return recipe;
    }

    /**
     * The model.
     *
     * @return the model
     */
    public Model model() {
        return model;
    }

    /**
     * What GetRecommendations and batch inference answer: the model's candidates for the item and/or user,
     * through the filter, without the seed for a related-items recipe, without repeats.
     *
     * @param itemId the request's item, or null
     * @param userId the request's user, or null
     * @param numResults the most items to return
     * @param keepItem which items may be returned (a filter, a pure predicate)
     * @return up to {@code numResults} items, best first
     */
    public List<ScoredItem> recommend(
            @Nullable String itemId, @Nullable String userId, int numResults, Predicate<String> keepItem) {
        Query query = new Query(itemId, userId);
        return Serving.recommend(model, query, numResults, keepItem, Serving.excluded(recipe.type(), query));
    }

    /**
     * Items similar to {@code itemId}, best first; related-items models fill with popular items when needed.
     *
     * @param itemId the seed item; unknown ids get popular items
     * @param numResults the maximum number of items to return
     * @param keepItem which items may be returned (a filter, a pure predicate)
     * @return up to {@code numResults} item ids, never containing {@code itemId}
     */
    public List<String> similarItems(String itemId, int numResults, Predicate<String> keepItem) {
        Objects.requireNonNull(itemId, "itemId");
        return Serving.recommendIds(model, Query.item(itemId), numResults, keepItem, itemId);
    }

    /**
     * The model's candidates for no item and no user: the most popular items for today's recipes.
     *
     * @param n the maximum number of items
     * @param keepItem which items may be returned
     * @return up to {@code n} item ids
     */
    public List<String> popularItems(int n, Predicate<String> keepItem) {
        return Serving.recommendIds(model, Query.NONE, n, keepItem, null);
    }

    /**
     * Offline metrics computed on a held-out split (the last interaction of each user), with the names
     * GetSolutionMetrics uses: {@code coverage}, {@code precision_at_5/10/25},
     * {@code normalized_discounted_cumulative_gain_at_5/10/25} and {@code mean_reciprocal_rank_at_25}.
     *
     * @return the metrics (unmodifiable)
     */
    public Map<String, Double> metrics() {
        return metrics;
    }

    /**
     * Whether recommendations from this model carry scores; false for the related-items and popularity recipes.
     *
     * @return whether the model scores
     */
    public boolean returnsScores() {
        return model.returnsScores();
    }

    /**
     * Whether the item was part of training (in the interactions or, for similar-items, the items dataset).
     *
     * @param itemId the item id
     * @return true when known
     */
    public boolean knowsItem(String itemId) {
        return model.knowsItem(itemId);
    }

    /**
     * The number of items the model knows.
     *
     * @return the count
     */
    public int itemCount() {
        return model.itemCount();
    }

    @Override
    public String toString() {
        return "TrainedModel{recipe=" + recipe.name() + ", items=" + itemCount() + ", metrics=" + metrics + "}";
    }
}
