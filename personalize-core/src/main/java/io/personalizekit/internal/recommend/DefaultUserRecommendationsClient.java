package io.personalizekit.internal.recommend;

import io.personalizekit.exception.RecipeRuleException;
import io.personalizekit.recipe.InputRule;
import io.personalizekit.recipe.Recipe;
import io.personalizekit.recipe.RecipeType;
import io.personalizekit.recommend.RecommendedItem;
import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.UserRecommendations;
import io.personalizekit.recommend.UserRecommendationsClient;
import io.personalizekit.recommend.UserRecommendationsRequest;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;
import software.amazon.awssdk.services.personalizeruntime.model.GetRecommendationsRequest;
import software.amazon.awssdk.services.personalizeruntime.model.GetRecommendationsResponse;

/**
 * The default {@link UserRecommendationsClient}: checks each request against the recipe's rules, then makes one
 * {@code GetRecommendations} call on a borrowed runtime client. Thread-safe.
 */
public final class DefaultUserRecommendationsClient implements UserRecommendationsClient {
    private static final Logger log = LoggerFactory.getLogger(DefaultUserRecommendationsClient.class);

    private final PersonalizeRuntimeClient runtime;
    private final @Nullable String campaignArn;
    private final @Nullable String recommenderArn;
    private final Recipe recipe;
    private final Clock clock;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DefaultUserRecommendationsClient(BuilderImpl b) {
        this.runtime = Objects.requireNonNull(b.runtime, "runtimeClient");
        Recipe r = b.recipe;
        if (r == null) {
            throw new NullPointerException("recipe: set what the campaign or recommender serves, for example"
                    + " Recipe.USER_PERSONALIZATION_V2 or Recipe.ECOMMERCE_RECOMMENDED_FOR_YOU");
        }
        if (b.campaignArn == null && b.recommenderArn == null) {
            throw new NullPointerException("campaignArn or recommenderArn: set the one to ask");
        }
        if (b.campaignArn != null && b.recommenderArn != null) {
            throw new IllegalArgumentException("Both campaignArn " + b.campaignArn + " and recommenderArn "
                    + b.recommenderArn + " are set; set exactly one");
        }
        if (r.type() != RecipeType.USER_PERSONALIZATION && r.type() != RecipeType.POPULAR_ITEMS) {
            String other = r.type() == RecipeType.RELATED_ITEMS
                    ? "use SimilarItemsClient for it"
                    : r.type() == RecipeType.PERSONALIZED_RANKING
                            ? "use PersonalizedRankingClient for it"
                            : "it has no GetRecommendations API";
            throw new IllegalArgumentException("recipe " + r.recipeName() + " is of type " + r.type()
                    + "; this client serves USER_PERSONALIZATION and POPULAR_ITEMS recipes: " + other);
        }
        if (b.recommenderArn != null && !r.isUseCase()) {
            throw new IllegalArgumentException("recommenderArn " + b.recommenderArn + " is set but recipe "
                    + r.recipeName() + " is a custom recipe, served by campaigns; set the recommender's use case"
                    + " (for example Recipe.ECOMMERCE_RECOMMENDED_FOR_YOU)");
        }
        if (b.campaignArn != null && r.isUseCase()) {
            throw new IllegalArgumentException("campaignArn " + b.campaignArn + " is set but recipe "
                    + r.recipeName() + " is a domain use case, served by recommenders; set the recipe the"
                    + " campaign's solution was trained with, or the recommenderArn");
        }
        this.campaignArn = b.campaignArn;
        this.recommenderArn = b.recommenderArn;
        this.recipe = r;
        this.clock = b.clock;
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static UserRecommendationsClient.Builder builder() {
        return new BuilderImpl();
    }

    @Override
    public UserRecommendations recommendations(UserRecommendationsRequest request) {
        if (closed.get()) {
            throw new IllegalStateException("This UserRecommendationsClient is closed");
        }
        check(request);
        GetRecommendationsResponse response = runtime.getRecommendations(toSdk(request));
        List<RecommendedItem> items = RuntimeMapping.toItems(response.itemList());
        log.debug(
                "GetRecommendations recipe={} user={} asked={} returned={}",
                recipe,
                request.userId().orElse(null),
                request.numResults(),
                items.size());
        return UserRecommendations.builder()
                .userId(request.userId().orElse(null))
                .items(items)
                .recommendationId(response.recommendationId())
                .source(ResultSource.LIVE)
                .fetchedAt(clock.instant())
                .build();
    }

    private void check(UserRecommendationsRequest request) {
        if (recipe.userId() == InputRule.REQUIRED && request.userId().isEmpty()) {
            throw new RecipeRuleException(
                    recipe.recipeName(),
                    "userId",
                    null,
                    "a " + recipe.type() + (recipe.isUseCase() ? " use case" : " recipe")
                            + " recommends for a user, so every request needs a userId");
        }
        boolean withMetadata = !request.metadataColumns().isEmpty();
        int max = recipe.maxResults(withMetadata);
        if (request.numResults() > max) {
            throw new RecipeRuleException(
                    recipe.recipeName(),
                    "numResults",
                    String.valueOf(request.numResults()),
                    "at most " + max + " results" + (withMetadata ? " with metadata columns" : ""));
        }
    }

    @Override
    public Recipe recipe() {
        return recipe;
    }

    /** Marks the client closed; the runtime client is borrowed and stays open. */
    @Override
    public void close() {
        closed.set(true);
    }

    @Override
    public String toString() {
        return "UserRecommendationsClient{"
                + (campaignArn != null ? "campaign=" + campaignArn : "recommender=" + recommenderArn) + ", recipe="
                + recipe + "}";
    }

    private GetRecommendationsRequest toSdk(UserRecommendationsRequest r) {
        GetRecommendationsRequest.Builder b =
                GetRecommendationsRequest.builder().numResults(r.numResults());
        r.userId().ifPresent(b::userId);
        return RuntimeMapping.getRecommendations(
                b,
                campaignArn,
                recommenderArn,
                r.filterArn(),
                r.filterValues(),
                r.context(),
                r.metadataColumns(),
                r.promotion(),
                r.overrideConfiguration());
    }

    static final class BuilderImpl implements UserRecommendationsClient.Builder {
        private @Nullable PersonalizeRuntimeClient runtime;
        private @Nullable String campaignArn;
        private @Nullable String recommenderArn;
        private @Nullable Recipe recipe;
        private Clock clock = Clock.systemUTC();

        @Override
        public UserRecommendationsClient.Builder runtimeClient(PersonalizeRuntimeClient runtimeClient) {
            this.runtime = Objects.requireNonNull(runtimeClient, "runtimeClient");
            return this;
        }

        @Override
        public UserRecommendationsClient.Builder campaignArn(@Nullable String campaignArn) {
            this.campaignArn = campaignArn == null ? null : RuntimeMapping.checkArn("campaignArn", campaignArn);
            return this;
        }

        @Override
        public UserRecommendationsClient.Builder recommenderArn(@Nullable String recommenderArn) {
            this.recommenderArn =
                    recommenderArn == null ? null : RuntimeMapping.checkArn("recommenderArn", recommenderArn);
            return this;
        }

        @Override
        public UserRecommendationsClient.Builder recipe(Recipe recipe) {
            this.recipe = Objects.requireNonNull(recipe, "recipe");
            return this;
        }

        @Override
        public UserRecommendationsClient.Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        @Override
        public UserRecommendationsClient build() {
            return new DefaultUserRecommendationsClient(this);
        }
    }
}
