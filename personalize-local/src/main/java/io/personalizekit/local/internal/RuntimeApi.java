package io.personalizekit.local.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.personalizekit.local.internal.data.TrainedModel;
import io.personalizekit.local.internal.recipe.CampaignSettings;
import io.personalizekit.local.internal.recipe.Query;
import io.personalizekit.local.internal.recipe.RecipeType;
import io.personalizekit.local.internal.recipe.ScoredItem;
import io.personalizekit.local.internal.recipe.UserEvent;
import io.personalizekit.schema.DatasetType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The runtime API ({@code personalize-runtime}): GetRecommendations, GetPersonalizedRanking and
 * GetActionRecommendations. Validates requests as the service does, finds the campaign's trained model and answers
 * through the model's {@link TrainedModel#recommend}, so filters and exclusions are the same for every recipe.
 * Reads state only; thread-safe.
 */
final class RuntimeApi {
    /** Request path to operation. */
    static final Map<String, String> PATHS = Map.of(
            "/recommendations", "GetRecommendations",
            "/personalize-ranking", "GetPersonalizedRanking",
            "/action-recommendations", "GetActionRecommendations");

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern FILTER_KEY = Pattern.compile("[A-Za-z0-9_]+");
    private static final Pattern CONTEXT_KEY = Pattern.compile("[A-Za-z\\d_]+");

    private final DataState state;
    private final Filters filters;
    private final RecommenderServing recommenders;

    RuntimeApi(DataState state, Filters filters) {
        this.state = state;
        this.filters = filters;
        this.recommenders = new RecommenderServing(state, this);
    }

    ObjectNode handle(String operation, Input in) {
        return switch (operation) {
            case "GetRecommendations" -> getRecommendations(in);
            case "GetPersonalizedRanking" -> getPersonalizedRanking(in);
            case "GetActionRecommendations" -> getActionRecommendations(in);
            default -> throw new IllegalArgumentException("not a runtime operation: " + operation);
        };
    }

    private static Map<String, String> filterValues(Input in) {
        Map<String, String> values = in.stringMap("filterValues", 25, 50, 1000);
        for (String k : values.keySet()) {
            Input.checkPattern("filterValues.key", k, FILTER_KEY);
        }
        return values;
    }

    private Resource servingCampaign(String campaignArn) {
        Resource campaign = state.cp().require(Kind.CAMPAIGN, campaignArn);
        if (!campaign.isActive()) {
            throw ApiException.notFound("Campaign " + campaignArn + " is " + campaign.status() + ", not ACTIVE.");
        }
        return campaign;
    }

    /** The filter of a request, checked against the campaign's dataset group; everything passes without one. */
    Predicate<String> keep(
            @Nullable String filterArn,
            String groupArn,
            Map<String, String> filterValues,
            @Nullable String userId,
            @Nullable String itemId) {
        if (filterArn == null) {
            return i -> true;
        }
        Resource filter = state.cp().require(Kind.FILTER, filterArn);
        if (!filter.isActive()) {
            throw ApiException.invalidInput("Filter " + filterArn + " is " + filter.status() + ", not ACTIVE.");
        }
        if (!filter.attr("datasetGroupArn").equals(groupArn)) {
            throw ApiException.invalidInput(
                    "Filter " + filterArn + " belongs to another dataset group than the campaign or recommender.");
        }
        return filters.predicate(filter, groupArn, filterValues, userId, itemId);
    }

    private ObjectNode getRecommendations(Input in) {
        String campaignArn = in.optionalArn("campaignArn");
        String recommenderArn = in.optionalArn("recommenderArn");
        String itemId = in.optionalString("itemId", 0, 256);
        String userId = in.optionalString("userId", 0, 256);
        Integer requested = in.optionalInt("numResults", 0, Integer.MAX_VALUE);
        Map<String, String> context = in.stringMap("context", 150, 150, 1000);
        context.keySet().forEach(k -> Input.checkPattern("context.key", k, CONTEXT_KEY));
        String filterArn = in.optionalArn("filterArn");
        Map<String, String> filterValues = filterValues(in);
        if (in.has("promotions")) {
            in.list("promotions", 0, 1);
        }
        List<String> metadataColumns = metadataColumns(in);
        int limit = metadataColumns == null ? 500 : 50;
        int numResults = requested == null ? 25 : requested;
        if (numResults > limit) {
            throw ApiException.invalidInput(Input.violation(
                    "numResults",
                    String.valueOf(numResults),
                    "Member must have value less than or equal to " + limit
                            + (metadataColumns == null ? "" : " when metadataColumns is set")));
        }
        if ((campaignArn == null) == (recommenderArn == null)) {
            throw ApiException.invalidInput("Provide exactly one of campaignArn or recommenderArn.");
        }
        if (recommenderArn != null) {
            return recommenders.recommend(
                    recommenderArn, itemId, userId, numResults, filterArn, filterValues, metadataColumns);
        }
        Resource campaign = servingCampaign(campaignArn);
        ControlPlane c = state.cp();
        Resource version = c.require(Kind.SOLUTION_VERSION, c.servingVersionArn(campaign));
        TrainedModel model = DataState.model(version);
        if (model == null) {
            throw ApiException.notFound("Campaign " + campaignArn + " has no trained model.");
        }
        checkMetadataAllowed(campaign, model, metadataColumns);
        RecipeType type = model.recipe().type();
        if (type == RecipeType.PERSONALIZED_RANKING) {
            throw ApiException.invalidInput("Campaign " + campaignArn
                    + " uses a PERSONALIZED_RANKING recipe; get its rankings with GetPersonalizedRanking.");
        }
        if (type == RecipeType.USER_PERSONALIZATION && userId == null) {
            throw ApiException.invalidInput("userId is required for a campaign with a USER_PERSONALIZATION recipe.");
        }
        String groupArn = version.attr("datasetGroupArn");
        checkMetadataColumns(groupArn, metadataColumns);
        Predicate<String> keep = keep(filterArn, groupArn, filterValues, userId, itemId);
        if (type == RecipeType.RELATED_ITEMS && itemId == null) {
            throw ApiException.invalidInput("itemId is required for a campaign with a RELATED_ITEMS recipe.");
        }
        List<ScoredItem> items = model.recommend(query(campaign, model, groupArn, itemId, userId), numResults, keep);
        ObjectNode out = JSON.objectNode();
        writeItems(out.putArray("itemList"), items, model, groupArn, metadataColumns);
        out.put("recommendationId", state.recommendationIds().issue(campaign.arn));
        return out;
    }

    /** The recipes whose campaigns return item metadata without {@code enableMetadataWithRecommendations}. */
    private static final java.util.Set<String> METADATA_ALWAYS =
            java.util.Set.of("aws-user-personalization-v2", "aws-semantic-similarity");

    /** The most streamed events of a user read per request; models read at most their own history length. */
    private static final int MAX_LIVE_EVENTS = 100;

    private static void checkMetadataAllowed(
            Resource campaign, TrainedModel model, @Nullable List<String> metadataColumns) {
        if (metadataColumns != null
                && !METADATA_ALWAYS.contains(model.recipeName())
                && !campaign.attrs
                        .path("campaignConfig")
                        .path("enableMetadataWithRecommendations")
                        .asBoolean(false)) {
            throw ApiException.invalidInput("Campaign " + campaign.arn
                    + " does not have enableMetadataWithRecommendations set; metadataColumns cannot be used.");
        }
    }

    /**
     * A request's query: its item and user, the user's events streamed to the dataset group (read only for the
     * user-personalization and personalized-ranking models, which follow them at once, without retraining) and the
     * campaign's configuration.
     */
    private Query query(
            Resource campaign, TrainedModel model, String groupArn, @Nullable String itemId, @Nullable String userId) {
        List<UserEvent> events = List.of();
        RecipeType type = model.recipe().type();
        if (userId != null && (type == RecipeType.USER_PERSONALIZATION || type == RecipeType.PERSONALIZED_RANKING)) {
            Resource interactions =
                    state.dataset(groupArn, DatasetType.INTERACTIONS).orElse(null);
            events = DataState.streamedEvents(interactions, userId, MAX_LIVE_EVENTS);
        }
        return new Query(itemId, userId, events, settings(campaign.attrs.path("campaignConfig")));
    }

    /** The exploration and ranking influence settings of a campaign (or batch job) configuration. */
    static CampaignSettings settings(JsonNode config) {
        Map<String, String> exploration = new java.util.HashMap<>();
        config.path("itemExplorationConfig")
                .properties()
                .forEach(e -> exploration.put(e.getKey(), e.getValue().asText()));
        Map<String, Double> influence = new java.util.HashMap<>();
        config.path("rankingInfluence")
                .properties()
                .forEach(e -> influence.put(e.getKey(), e.getValue().asDouble()));
        return CampaignSettings.of(exploration, influence);
    }

    private void writeItems(
            ArrayNode list,
            List<ScoredItem> items,
            TrainedModel model,
            String groupArn,
            @Nullable List<String> metadataColumns) {
        Resource catalog = metadataColumns == null
                ? null
                : state.dataset(groupArn, DatasetType.ITEMS).orElse(null);
        for (ScoredItem scored : items) {
            String id = scored.itemId();
            ObjectNode item = list.addObject().put("itemId", id);
            if (model.returnsScores() && scored.hasScore()) {
                item.put("score", scored.score());
            }
            if (metadataColumns != null) {
                ObjectNode md = item.putObject("metadata");
                Map<String, String> record = DataState.record(catalog, id);
                for (String col : metadataColumns) {
                    String v = record == null ? null : record.get(col);
                    if (v != null) {
                        md.put(col, v);
                    }
                }
            }
        }
    }

    /**
     * Refuses {@code metadataColumns} naming a column the dataset group's Items schema does not have (or any
     * column when the group has no Items dataset).
     */
    void checkMetadataColumns(String groupArn, @Nullable List<String> columns) {
        if (columns == null || columns.isEmpty()) {
            return;
        }
        Resource items = state.dataset(groupArn, DatasetType.ITEMS).orElse(null);
        if (items == null) {
            throw ApiException.invalidInput(
                    "metadataColumns names " + columns + ", but dataset group " + groupArn + " has no Items dataset.");
        }
        io.personalizekit.schema.DatasetSchema schema = state.cp()
                .find(Kind.SCHEMA, items.attr("schemaArn"))
                .map(r -> (io.personalizekit.schema.DatasetSchema) r.payload)
                .orElse(null);
        if (schema == null) {
            return;
        }
        for (String column : columns) {
            if (schema.fieldNames().stream().noneMatch(f -> f.equalsIgnoreCase(column))) {
                throw ApiException.invalidInput("metadataColumns: column " + column
                        + " is not in the schema of the Items dataset " + items.arn + " (its columns: "
                        + String.join(", ", schema.fieldNames()) + ").");
            }
        }
    }

    private static @Nullable List<String> metadataColumns(Input in) {
        ObjectNode md = in.optionalObject("metadataColumns");
        if (md == null) {
            return null;
        }
        Input.checkSize("metadataColumns", md.size(), 0, 1);
        List<String> cols = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : md.properties()) {
            if (!e.getKey().equals("ITEMS")) {
                throw ApiException.invalidInput(Input.violation(
                        "metadataColumns.key", e.getKey(), "Member must satisfy enum value set: ITEMS"));
            }
            if (!e.getValue().isArray()) {
                throw ApiException.invalidInput("metadataColumns.ITEMS must be a list");
            }
            Input.checkSize("metadataColumns.ITEMS", e.getValue().size(), 0, 99);
            e.getValue().forEach(v -> cols.add(Input.checkLength("metadataColumns.ITEMS", v.asText(), 0, 150)));
        }
        return cols;
    }

    private ObjectNode getPersonalizedRanking(Input in) {
        String campaignArn = in.arn("campaignArn");
        String userId = in.string("userId", 0, 256);
        ArrayNode inputList = in.list("inputList", 0, 500);
        List<String> items = new ArrayList<>();
        inputList.forEach(i -> items.add(Input.checkLength("inputList.member", i.asText(), 0, 256)));
        Map<String, String> context = in.stringMap("context", 150, 150, 1000);
        context.keySet().forEach(k -> Input.checkPattern("context.key", k, CONTEXT_KEY));
        Map<String, String> filterValues = filterValues(in);
        String filterArn = in.optionalArn("filterArn");
        List<String> metadataColumns = metadataColumns(in);
        int limit = metadataColumns == null ? 500 : 50;
        if (items.size() > limit) {
            throw ApiException.invalidInput(Input.violation(
                    "inputList",
                    items.size() + " items",
                    "Member must have length less than or equal to " + limit
                            + (metadataColumns == null ? "" : " when metadataColumns is set")));
        }
        Resource campaign = servingCampaign(campaignArn);
        ControlPlane c = state.cp();
        Resource version =
                c.find(Kind.SOLUTION_VERSION, c.servingVersionArn(campaign)).orElse(null);
        TrainedModel model = version == null ? null : DataState.model(version);
        if (version == null || model == null || model.recipe().type() != RecipeType.PERSONALIZED_RANKING) {
            throw ApiException.invalidInput("Campaign " + campaign.arn
                    + " does not use a PERSONALIZED_RANKING recipe; GetPersonalizedRanking needs one.");
        }
        checkMetadataAllowed(campaign, model, metadataColumns);
        String groupArn = version.attr("datasetGroupArn");
        Predicate<String> keep = keep(filterArn, groupArn, filterValues, userId, null);
        ObjectNode out = JSON.objectNode();
        List<ScoredItem> ranked = model.rank(query(campaign, model, groupArn, null, userId), items, keep);
        writeItems(out.putArray("personalizedRanking"), ranked, model, groupArn, metadataColumns);
        out.put("recommendationId", state.recommendationIds().issue(campaign.arn));
        return out;
    }

    private ObjectNode getActionRecommendations(Input in) {
        String campaignArn = in.optionalArn("campaignArn");
        in.optionalString("userId", 0, 256);
        in.optionalInt("numResults", 0, 100);
        if (campaignArn == null) {
            throw ApiException.invalidInput("campaignArn is required.");
        }
        Resource campaign = servingCampaign(campaignArn);
        throw ApiException.invalidInput("Campaign " + campaign.arn
                + " does not use a PERSONALIZED_ACTIONS recipe; personalize-local trains none.");
    }
}
