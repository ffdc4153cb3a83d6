package io.personalizekit.recipe;

import static io.personalizekit.schema.DatasetType.ACTIONS;
import static io.personalizekit.schema.DatasetType.ACTION_INTERACTIONS;
import static io.personalizekit.schema.DatasetType.INTERACTIONS;
import static io.personalizekit.schema.DatasetType.ITEMS;
import static io.personalizekit.schema.DatasetType.USERS;

import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaField;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The recipes of Amazon Personalize and the use cases of its domain recommenders, each with what it needs and
 * accepts: its {@link RecipeType}, the datasets (and item fields) a dataset group must have to train it, whether a
 * real-time request must carry a {@code userId} or an {@code itemId}, and its result limits.
 *
 * <p>The recommendation clients check each request against their recipe before calling, so a wrong call fails with
 * the rule it breaks instead of a 400; {@code PipelineOrchestrator} checks a spec's solution against its recipe's
 * {@link #datasetProblems datasets} before creating anything. A recipe ARN that is not listed here (a legacy HRNN
 * recipe, a recipe newer than this library) is not checked: {@link #fromArn} returns empty.
 *
 * <p>Facts from the Personalize developer guide and the service model. The training minimum ({@value
 * #MIN_INTERACTIONS} interactions) is not part of {@link #datasetProblems}: it can only be checked on the data
 * (see {@code DatasetProfile}), not on a spec.
 */
public enum Recipe {
    /** {@code aws-user-personalization-v2}: items for a user (transformer-based; returns reasons and metadata). */
    USER_PERSONALIZATION_V2(
            "aws-user-personalization-v2",
            RecipeType.USER_PERSONALIZATION,
            null,
            InputRule.REQUIRED,
            InputRule.NOT_USED,
            Set.of(INTERACTIONS),
            Set.of(ITEMS, USERS),
            Flags.METADATA_ALWAYS),
    /** {@code aws-user-personalization}: items for a user, with exploration of new items. */
    USER_PERSONALIZATION(
            "aws-user-personalization",
            RecipeType.USER_PERSONALIZATION,
            null,
            InputRule.REQUIRED,
            InputRule.NOT_USED,
            Set.of(INTERACTIONS),
            Set.of(ITEMS, USERS),
            0),
    /** {@code aws-popularity-count}: the most interacted-with items, the same for every user, without scores. */
    POPULARITY_COUNT(
            "aws-popularity-count",
            RecipeType.POPULAR_ITEMS,
            null,
            InputRule.ONLY_FOR_FILTERS,
            InputRule.NOT_USED,
            Set.of(INTERACTIONS),
            Set.of(),
            Flags.NO_SCORES),
    /** {@code aws-trending-now}: the items gaining popularity fastest; no batch inference. */
    TRENDING_NOW(
            "aws-trending-now",
            RecipeType.POPULAR_ITEMS,
            null,
            InputRule.ONLY_FOR_FILTERS,
            InputRule.NOT_USED,
            Set.of(INTERACTIONS),
            Set.of(),
            Flags.NO_BATCH),
    /** {@code aws-personalized-ranking-v2}: a user's ranking of a candidate list (up to 5 million items). */
    PERSONALIZED_RANKING_V2(
            "aws-personalized-ranking-v2",
            RecipeType.PERSONALIZED_RANKING,
            null,
            InputRule.REQUIRED,
            InputRule.NOT_USED,
            Set.of(INTERACTIONS),
            Set.of(ITEMS, USERS),
            0),
    /** {@code aws-personalized-ranking}: a user's ranking of a candidate list. */
    PERSONALIZED_RANKING(
            "aws-personalized-ranking",
            RecipeType.PERSONALIZED_RANKING,
            null,
            InputRule.REQUIRED,
            InputRule.NOT_USED,
            Set.of(INTERACTIONS),
            Set.of(ITEMS, USERS),
            0),
    /** {@code aws-similar-items}: items similar to an item, from co-occurrence and item metadata; no scores. */
    SIMILAR_ITEMS(
            "aws-similar-items",
            RecipeType.RELATED_ITEMS,
            null,
            InputRule.ONLY_FOR_FILTERS,
            InputRule.REQUIRED,
            Set.of(INTERACTIONS),
            Set.of(ITEMS),
            Flags.NO_SCORES),
    /** {@code aws-sims}: items often interacted with together (item-to-item collaborative filtering); no scores. */
    SIMS(
            "aws-sims",
            RecipeType.RELATED_ITEMS,
            null,
            InputRule.ONLY_FOR_FILTERS,
            InputRule.REQUIRED,
            Set.of(INTERACTIONS),
            Set.of(),
            Flags.NO_SCORES),
    /**
     * {@code aws-semantic-similarity}: items whose text means the same; needs an Items dataset with an item name
     * field and a textual field.
     */
    SEMANTIC_SIMILARITY(
            "aws-semantic-similarity",
            RecipeType.RELATED_ITEMS,
            null,
            InputRule.ONLY_FOR_FILTERS,
            InputRule.REQUIRED,
            Set.of(ITEMS),
            Set.of(INTERACTIONS),
            Flags.TEXTUAL | Flags.ITEM_NAME | Flags.METADATA_ALWAYS),
    /** {@code aws-next-best-action}: the actions a user is most likely to take; no batch inference. */
    NEXT_BEST_ACTION(
            "aws-next-best-action",
            RecipeType.PERSONALIZED_ACTIONS,
            null,
            InputRule.REQUIRED,
            InputRule.NOT_USED,
            Set.of(ACTIONS, ACTION_INTERACTIONS),
            Set.of(INTERACTIONS, USERS),
            Flags.NO_BATCH),
    /** {@code aws-item-affinity}: users likely to interact with given items (batch segment jobs only). */
    ITEM_AFFINITY(
            "aws-item-affinity",
            RecipeType.USER_SEGMENTATION,
            null,
            InputRule.NOT_USED,
            InputRule.NOT_USED,
            Set.of(INTERACTIONS),
            Set.of(ITEMS, USERS),
            Flags.NO_REAL_TIME),
    /** {@code aws-item-attribute-affinity}: users likely to interact with items having given attributes. */
    ITEM_ATTRIBUTE_AFFINITY(
            "aws-item-attribute-affinity",
            RecipeType.USER_SEGMENTATION,
            null,
            InputRule.NOT_USED,
            InputRule.NOT_USED,
            Set.of(INTERACTIONS, ITEMS),
            Set.of(USERS),
            Flags.NO_REAL_TIME),
    /** E-commerce use case {@code aws-ecomm-popular-items-by-views} ("Most viewed"). */
    ECOMMERCE_MOST_VIEWED(
            "aws-ecomm-popular-items-by-views",
            RecipeType.POPULAR_ITEMS,
            "ECOMMERCE",
            InputRule.REQUIRED,
            InputRule.NOT_USED,
            Set.of(INTERACTIONS),
            Set.of(ITEMS, USERS),
            0),
    /** E-commerce use case {@code aws-ecomm-popular-items-by-purchases} ("Best sellers"). */
    ECOMMERCE_BEST_SELLERS(
            "aws-ecomm-popular-items-by-purchases",
            RecipeType.POPULAR_ITEMS,
            "ECOMMERCE",
            InputRule.REQUIRED,
            InputRule.NOT_USED,
            Set.of(INTERACTIONS),
            Set.of(ITEMS, USERS),
            0),
    /** E-commerce use case {@code aws-ecomm-frequently-bought-together}. */
    ECOMMERCE_FREQUENTLY_BOUGHT_TOGETHER(
            "aws-ecomm-frequently-bought-together",
            RecipeType.RELATED_ITEMS,
            "ECOMMERCE",
            InputRule.ONLY_FOR_FILTERS,
            InputRule.REQUIRED,
            Set.of(INTERACTIONS),
            Set.of(ITEMS, USERS),
            0),
    /** E-commerce use case {@code aws-ecomm-customers-who-viewed-x-also-viewed}. */
    ECOMMERCE_CUSTOMERS_WHO_VIEWED_X(
            "aws-ecomm-customers-who-viewed-x-also-viewed",
            RecipeType.RELATED_ITEMS,
            "ECOMMERCE",
            InputRule.REQUIRED,
            InputRule.REQUIRED,
            Set.of(INTERACTIONS),
            Set.of(ITEMS, USERS),
            0),
    /** E-commerce use case {@code aws-ecomm-recommended-for-you}. */
    ECOMMERCE_RECOMMENDED_FOR_YOU(
            "aws-ecomm-recommended-for-you",
            RecipeType.USER_PERSONALIZATION,
            "ECOMMERCE",
            InputRule.REQUIRED,
            InputRule.NOT_USED,
            Set.of(INTERACTIONS),
            Set.of(ITEMS, USERS),
            0),
    /** Video-on-demand use case {@code aws-vod-because-you-watched-x}. */
    VIDEO_BECAUSE_YOU_WATCHED_X(
            "aws-vod-because-you-watched-x",
            RecipeType.RELATED_ITEMS,
            "VIDEO_ON_DEMAND",
            InputRule.REQUIRED,
            InputRule.REQUIRED,
            Set.of(INTERACTIONS),
            Set.of(ITEMS, USERS),
            0),
    /** Video-on-demand use case {@code aws-vod-more-like-x}. */
    VIDEO_MORE_LIKE_X(
            "aws-vod-more-like-x",
            RecipeType.RELATED_ITEMS,
            "VIDEO_ON_DEMAND",
            InputRule.REQUIRED,
            InputRule.REQUIRED,
            Set.of(INTERACTIONS, ITEMS),
            Set.of(USERS),
            0),
    /** Video-on-demand use case {@code aws-vod-most-popular}. */
    VIDEO_MOST_POPULAR(
            "aws-vod-most-popular",
            RecipeType.POPULAR_ITEMS,
            "VIDEO_ON_DEMAND",
            InputRule.REQUIRED,
            InputRule.NOT_USED,
            Set.of(INTERACTIONS),
            Set.of(ITEMS, USERS),
            0),
    /** Video-on-demand use case {@code aws-vod-trending-now}. */
    VIDEO_TRENDING_NOW(
            "aws-vod-trending-now",
            RecipeType.POPULAR_ITEMS,
            "VIDEO_ON_DEMAND",
            InputRule.ONLY_FOR_FILTERS,
            InputRule.NOT_USED,
            Set.of(INTERACTIONS),
            Set.of(ITEMS, USERS),
            0),
    /** Video-on-demand use case {@code aws-vod-top-picks} ("Top picks for you"). */
    VIDEO_TOP_PICKS(
            "aws-vod-top-picks",
            RecipeType.USER_PERSONALIZATION,
            "VIDEO_ON_DEMAND",
            InputRule.REQUIRED,
            InputRule.NOT_USED,
            Set.of(INTERACTIONS),
            Set.of(ITEMS, USERS),
            0);

    /** The prefix of every service recipe ARN: {@value}. */
    public static final String ARN_PREFIX = "arn:aws:personalize:::recipe/";

    /** The most results a {@code GetRecommendations} or {@code GetPersonalizedRanking} call returns: {@value}. */
    public static final int MAX_RESULTS = 500;

    /** The most results when metadata columns are requested: {@value}. */
    public static final int MAX_RESULTS_WITH_METADATA = 50;

    /** The most actions a {@code GetActionRecommendations} call returns: {@value}. */
    public static final int MAX_ACTION_RESULTS = 100;

    /** The fewest interactions the service trains on: {@value}. */
    public static final int MIN_INTERACTIONS = 1000;

    private static final class Flags {
        static final int TEXTUAL = 1;
        static final int ITEM_NAME = 2;
        static final int NO_BATCH = 4;
        static final int NO_SCORES = 8;
        static final int METADATA_ALWAYS = 16;
        static final int NO_REAL_TIME = 32;
    }

    private final String recipeName;
    private final RecipeType type;
    private final @Nullable String domain;
    private final InputRule userId;
    private final InputRule itemId;
    private final Set<DatasetType> requiredDatasets;
    private final Set<DatasetType> optionalDatasets;
    private final int flags;

    Recipe(
            String recipeName,
            RecipeType type,
            @Nullable String domain,
            InputRule userId,
            InputRule itemId,
            Set<DatasetType> requiredDatasets,
            Set<DatasetType> optionalDatasets,
            int flags) {
        this.recipeName = recipeName;
        this.type = type;
        this.domain = domain;
        this.userId = userId;
        this.itemId = itemId;
        this.requiredDatasets = Collections.unmodifiableSet(copy(requiredDatasets));
        this.optionalDatasets = Collections.unmodifiableSet(copy(optionalDatasets));
        this.flags = flags;
    }

    private static EnumSet<DatasetType> copy(Set<DatasetType> types) {
        return types.isEmpty() ? EnumSet.noneOf(DatasetType.class) : EnumSet.copyOf(types);
    }

    /**
     * The recipe for a recipe ARN ({@code arn:aws:personalize:::recipe/aws-sims}) or a bare recipe name ({@code
     * aws-sims}).
     *
     * @param arnOrName the ARN or name
     * @return the recipe, or empty when this catalogue does not list it (it is then not checked)
     */
    public static Optional<Recipe> fromArn(String arnOrName) {
        String name = arnOrName.startsWith("arn:") ? arnOrName.substring(arnOrName.lastIndexOf('/') + 1) : arnOrName;
        for (Recipe r : values()) {
            if (r.recipeName.equals(name)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /**
     * The recipe's name, for example {@code aws-user-personalization-v2}.
     *
     * @return the name
     */
    public String recipeName() {
        return recipeName;
    }

    /**
     * The recipe's ARN, for example {@code arn:aws:personalize:::recipe/aws-user-personalization-v2}: the {@code
     * recipeArn} of {@code CreateSolution} or of {@code CreateRecommender}.
     *
     * @return the ARN
     */
    public String arn() {
        return ARN_PREFIX + recipeName;
    }

    /**
     * What the recipe recommends, which decides the runtime call.
     *
     * @return the type
     */
    public RecipeType type() {
        return type;
    }

    /**
     * The domain of a recommender use case ({@code ECOMMERCE} or {@code VIDEO_ON_DEMAND}); empty for a custom
     * recipe trained by a solution.
     *
     * @return the domain, or empty
     */
    public Optional<String> domain() {
        return Optional.ofNullable(domain);
    }

    /**
     * Whether this is a domain use case, served by a recommender rather than a campaign.
     *
     * @return true for the {@code aws-ecomm-*} and {@code aws-vod-*} use cases
     */
    public boolean isUseCase() {
        return domain != null;
    }

    /**
     * Whether a real-time request must carry a {@code userId}.
     *
     * @return the rule
     */
    public InputRule userId() {
        return userId;
    }

    /**
     * Whether a real-time request must carry an {@code itemId}.
     *
     * @return the rule
     */
    public InputRule itemId() {
        return itemId;
    }

    /**
     * The datasets the dataset group must have to train the recipe.
     *
     * @return an unmodifiable set
     */
    public Set<DatasetType> requiredDatasets() {
        return requiredDatasets;
    }

    /**
     * The datasets the recipe uses when present.
     *
     * @return an unmodifiable set
     */
    public Set<DatasetType> optionalDatasets() {
        return optionalDatasets;
    }

    /**
     * Whether the Items schema must have a textual field ({@code "textual": true}).
     *
     * @return true for Semantic-Similarity
     */
    public boolean requiresTextualItemField() {
        return (flags & Flags.TEXTUAL) != 0;
    }

    /**
     * Whether the Items schema must have an item name field ({@code "itemName": true}).
     *
     * @return true for Semantic-Similarity
     */
    public boolean requiresItemNameField() {
        return (flags & Flags.ITEM_NAME) != 0;
    }

    /**
     * Whether batch inference jobs (or batch segment jobs, for {@link RecipeType#USER_SEGMENTATION}) can use it.
     *
     * @return false for Trending-Now and Next-Best-Action
     */
    public boolean supportsBatchInference() {
        return (flags & Flags.NO_BATCH) == 0;
    }

    /**
     * Whether a campaign of the recipe answers real-time calls.
     *
     * @return false for the user segmentation recipes
     */
    public boolean supportsRealTime() {
        return (flags & Flags.NO_REAL_TIME) == 0;
    }

    /**
     * Whether its results carry a score.
     *
     * @return false for Popularity-Count, Similar-Items and SIMS
     */
    public boolean returnsScores() {
        return (flags & Flags.NO_SCORES) == 0;
    }

    /**
     * Whether metadata columns can be requested without {@code enableMetadataWithRecommendations} on the campaign.
     *
     * @return true for User-Personalization-v2 and Semantic-Similarity
     */
    public boolean metadataAlwaysAvailable() {
        return (flags & Flags.METADATA_ALWAYS) != 0;
    }

    /**
     * The most results one real-time call returns.
     *
     * @param withMetadata whether metadata columns are requested
     * @return {@value #MAX_RESULTS}, {@value #MAX_RESULTS_WITH_METADATA} with metadata, or {@value
     *     #MAX_ACTION_RESULTS} for Next-Best-Action
     */
    public int maxResults(boolean withMetadata) {
        if (type == RecipeType.PERSONALIZED_ACTIONS) {
            return MAX_ACTION_RESULTS;
        }
        return withMetadata ? MAX_RESULTS_WITH_METADATA : MAX_RESULTS;
    }

    /**
     * What keeps a dataset group from training this recipe: a required dataset that is missing, or an Items schema
     * without the textual or item name field the recipe reads. Empty when the group fits.
     *
     * @param datasets the group's datasets and their schemas
     * @return one sentence per problem, naming the recipe, the rule and what the group has
     */
    public List<String> datasetProblems(Map<DatasetType, DatasetSchema> datasets) {
        List<String> problems = new ArrayList<>();
        for (DatasetType needed : requiredDatasets) {
            if (!datasets.containsKey(needed)) {
                problems.add("recipe " + recipeName + " needs an " + needed.apiName()
                        + " dataset, but the dataset group has only " + new TreeSet<>(datasets.keySet()));
            }
        }
        DatasetSchema items = datasets.get(ITEMS);
        if (items != null) {
            if (requiresTextualItemField() && items.fields().stream().noneMatch(SchemaField::textual)) {
                problems.add("recipe " + recipeName + " needs a textual field (a string field with \"textual\":"
                        + " true) in the Items schema, but its fields " + items.fieldNames() + " have none");
            }
            if (requiresItemNameField() && items.fields().stream().noneMatch(SchemaField::itemName)) {
                problems.add("recipe " + recipeName + " needs an item name field (a string field with \"itemName\":"
                        + " true) in the Items schema, but its fields " + items.fieldNames() + " have none");
            }
        }
        return problems;
    }

    @Override
    public String toString() {
        return recipeName;
    }
}
