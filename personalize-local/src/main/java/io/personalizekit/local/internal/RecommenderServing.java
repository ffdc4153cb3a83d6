package io.personalizekit.local.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.personalizekit.local.internal.data.FilterExpression;
import io.personalizekit.local.internal.data.TrainedModel;
import io.personalizekit.local.internal.recipe.ScoredItem;
import io.personalizekit.schema.DatasetType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * GetRecommendations with a {@code recommenderArn}: the recommender must be ACTIVE (a stopped one serves nothing),
 * the request must carry what its use case needs (see {@link UseCases}), the items the user purchased or watched
 * are filtered out before the request's own filter, and the model trained for the use case answers through the
 * same serving rules as campaigns. Reads state only; thread-safe.
 */
final class RecommenderServing {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final DataState state;
    private final RuntimeApi runtime;

    RecommenderServing(DataState state, RuntimeApi runtime) {
        this.state = state;
        this.runtime = runtime;
    }

    ObjectNode recommend(
            String recommenderArn,
            @Nullable String itemId,
            @Nullable String userId,
            int numResults,
            @Nullable String filterArn,
            Map<String, String> filterValues,
            @Nullable List<String> metadataColumns) {
        Resource recommender = state.cp().require(Kind.RECOMMENDER, recommenderArn);
        String status = recommender.status();
        if (!recommender.isActive()) {
            throw ApiException.notFound("Recommender " + recommenderArn + " is " + status + ", not ACTIVE"
                    + (status.equals("INACTIVE") ? "; start it with StartRecommender to get recommendations." : "."));
        }
        TrainedModel model = DataState.model(recommender);
        UseCases.UseCase useCase = UseCases.byArn(recommender.attr("recipeArn")).orElse(null);
        if (model == null || useCase == null) {
            throw ApiException.notFound("Recommender " + recommenderArn + " has no trained model.");
        }
        if (metadataColumns != null
                && !recommender
                        .attrs
                        .path("recommenderConfig")
                        .path("enableMetadataWithRecommendations")
                        .asBoolean(false)) {
            throw ApiException.invalidInput("Recommender " + recommenderArn
                    + " does not have enableMetadataWithRecommendations set; metadataColumns cannot be used.");
        }
        String groupArn = recommender.attr("datasetGroupArn");
        runtime.checkMetadataColumns(groupArn, metadataColumns);
        require(useCase, useCase.itemId(), "itemId", itemId, recommenderArn);
        require(useCase, useCase.userId(), "userId", userId, recommenderArn);
        if (useCase.userId() == UseCases.Need.FOR_USER_FILTERS && userId == null && filterArn != null) {
            FilterExpression expression = state.cp()
                    .find(Kind.FILTER, filterArn)
                    .map(DataState::filter)
                    .orElse(null);
            if (expression != null
                    && (expression.usesInteractions()
                            || expression.fields().stream()
                                    .anyMatch(f -> f.dataset().equals("Users")))) {
                throw ApiException.invalidInput("userId is required for recommender " + recommenderArn + " (use case "
                        + useCase.name() + ") when its filter uses the user's data.");
            }
        }
        String seed = useCase.itemId() == UseCases.Need.NOT_USED ? null : itemId;
        String user = useCase.userId() == UseCases.Need.NOT_USED ? null : userId;
        Predicate<String> keep = runtime.keep(filterArn, groupArn, filterValues, userId, seed);
        String excluded = useCase.excludedEventType();
        if (excluded != null && userId != null) {
            Resource interactions =
                    state.dataset(groupArn, DatasetType.INTERACTIONS).orElse(null);
            Set<String> done = DataState.interactedBy(interactions, userId, Set.of(excluded));
            if (!done.isEmpty()) {
                Predicate<String> filter = keep;
                keep = i -> !done.contains(i) && filter.test(i);
            }
        }
        List<ScoredItem> items = model.recommend(seed, user, numResults, keep);
        ObjectNode out = JSON.objectNode();
        ArrayNode list = out.putArray("itemList");
        Resource catalog = metadataColumns == null
                ? null
                : state.dataset(groupArn, DatasetType.ITEMS).orElse(null);
        for (ScoredItem scored : items) {
            ObjectNode item = list.addObject().put("itemId", scored.itemId());
            if (model.returnsScores() && scored.hasScore()) {
                item.put("score", scored.score());
            }
            if (metadataColumns != null) {
                ObjectNode md = item.putObject("metadata");
                Map<String, String> record = DataState.record(catalog, scored.itemId());
                for (String col : metadataColumns) {
                    String v = record == null ? null : record.get(col);
                    if (v != null) {
                        md.put(col, v);
                    }
                }
            }
        }
        out.put("recommendationId", state.recommendationIds().issue(recommenderArn));
        return out;
    }

    private static void require(
            UseCases.UseCase useCase, UseCases.Need need, String member, @Nullable String value, String arn) {
        if (need == UseCases.Need.REQUIRED && value == null) {
            throw ApiException.invalidInput(
                    member + " is required for recommender " + arn + " (use case " + useCase.name() + ").");
        }
    }
}
