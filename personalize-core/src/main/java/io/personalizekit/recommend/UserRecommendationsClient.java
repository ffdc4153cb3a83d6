package io.personalizekit.recommend;

import io.personalizekit.internal.recommend.DefaultUserRecommendationsClient;
import io.personalizekit.recipe.Recipe;
import java.time.Clock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;

/**
 * Asks a Personalize campaign or recommender for the items recommended to a user ("recommended for you":
 * User-Personalization-v2, User-Personalization, a recommender's {@code aws-ecomm-recommended-for-you} or {@code
 * aws-vod-top-picks}) or for the popular items (Popularity-Count, Trending-Now, the "most viewed" and "best
 * sellers" use cases). Implementations are thread-safe; one instance serves the whole application.
 *
 * <pre>{@code
 * try (UserRecommendationsClient forYou = UserRecommendationsClient.builder()
 *         .runtimeClient(runtime)                  // borrowed: not closed by the client
 *         .campaignArn(campaignArn)
 *         .recipe(Recipe.USER_PERSONALIZATION_V2)  // what the campaign serves: requests are checked against it
 *         .build()) {
 *     UserRecommendations items = forYou.recommendations(r -> r.userId("reader-7").numResults(10));
 * }
 * }</pre>
 *
 * <p><b>Checked before calling.</b> Each request is checked against the {@link Recipe} the client is built for: a
 * User-Personalization recipe (or a use case that needs one) refuses a request without a {@code userId}, and no
 * request may ask for more results than the recipe returns (500, or 50 with metadata columns). A request that
 * breaks a rule throws {@link io.personalizekit.exception.RecipeRuleException} naming the recipe, the rule and the
 * value; nothing is sent.
 *
 * <p><b>Errors.</b> The SDK's exceptions from {@code GetRecommendations} propagate unchanged: {@code
 * ResourceNotFoundException} for a missing campaign, recommender or filter, {@code InvalidInputException} (for
 * example metadata columns on a campaign without {@code enableMetadataWithRecommendations}), and throttling (a
 * {@code PersonalizeRuntimeException} whose {@code isThrottlingException()} is true, after the SDK's own retries).
 */
public interface UserRecommendationsClient extends AutoCloseable {

    /**
     * The items recommended to one user, with the defaults (25 results, no filter).
     *
     * @param userId the user id
     * @return the items, best first
     * @throws io.personalizekit.exception.RecipeRuleException when the recipe refuses the request (before any call)
     */
    default UserRecommendations forUser(String userId) {
        return recommendations(UserRecommendationsRequest.forUser(userId));
    }

    /**
     * The items recommended for a request.
     *
     * @param request the request
     * @return the items, best first
     * @throws io.personalizekit.exception.RecipeRuleException when the recipe refuses the request (before any call)
     */
    UserRecommendations recommendations(UserRecommendationsRequest request);

    /**
     * The items recommended for a request built by a consumer.
     *
     * @param request sets the request's values
     * @return the items, best first
     * @throws io.personalizekit.exception.RecipeRuleException when the recipe refuses the request (before any call)
     */
    default UserRecommendations recommendations(Consumer<UserRecommendationsRequest.Builder> request) {
        UserRecommendationsRequest.Builder b = UserRecommendationsRequest.builder();
        request.accept(b);
        return recommendations(b.build());
    }

    /**
     * The recipe or use case the campaign or recommender serves, whose rules requests are checked against.
     *
     * @return the recipe
     */
    Recipe recipe();

    /**
     * Starts a builder of the default client, which calls {@code GetRecommendations} on a runtime client you
     * provide.
     *
     * @return a new builder
     */
    static Builder builder() {
        return DefaultUserRecommendationsClient.builder();
    }

    /** Releases what this client created itself (nothing today); the runtime client is borrowed and left open. */
    @Override
    void close();

    /** Builder of the default {@link UserRecommendationsClient}; not thread-safe. */
    interface Builder {
        /**
         * Sets the runtime client to call (required). It is borrowed: closing this client leaves it open.
         *
         * @param runtimeClient the SDK runtime client
         * @return this builder
         */
        Builder runtimeClient(PersonalizeRuntimeClient runtimeClient);

        /**
         * Sets the campaign to ask; exactly one of campaign and recommender is required.
         *
         * @param campaignArn the campaign ARN, or {@code null} to unset
         * @return this builder
         * @throws IllegalArgumentException when the value is not a Personalize ARN of at most 256 characters
         */
        Builder campaignArn(@Nullable String campaignArn);

        /**
         * Sets the campaign to ask; the same as {@code campaignArn(campaign.arn())}.
         *
         * @param campaign the campaign, for example {@code deployment.campaign()}
         * @return this builder
         */
        default Builder campaign(io.personalizekit.resource.CampaignRef campaign) {
            return campaignArn(
                    java.util.Objects.requireNonNull(campaign, "campaign").arn());
        }

        /**
         * Sets the campaign to ask to the deployment's; the same as {@code campaign(deployment.campaign())}. The
         * recipe is not taken from the deployment: set it too when the client needs it.
         *
         * @param deployment the deployment, for example {@code pipeline.run(spec).deployment()}
         * @return this builder
         * @throws IllegalStateException when the deployment has no campaign
         */
        default Builder deployment(io.personalizekit.resource.Deployment deployment) {
            return campaign(
                    java.util.Objects.requireNonNull(deployment, "deployment").campaign());
        }

        /**
         * Sets the recommender to ask; exactly one of campaign and recommender is required.
         *
         * @param recommenderArn the recommender ARN, or {@code null} to unset
         * @return this builder
         * @throws IllegalArgumentException when the value is not a Personalize ARN of at most 256 characters
         */
        Builder recommenderArn(@Nullable String recommenderArn);

        /**
         * Sets what the campaign's solution was trained with (a custom recipe such as {@link
         * Recipe#USER_PERSONALIZATION_V2}), or the recommender's use case (such as {@link
         * Recipe#ECOMMERCE_RECOMMENDED_FOR_YOU}); required. Requests are checked against its rules.
         *
         * @param recipe a recipe of type {@code USER_PERSONALIZATION} or {@code POPULAR_ITEMS}
         * @return this builder
         */
        Builder recipe(Recipe recipe);

        /**
         * Sets the clock that stamps {@link UserRecommendations#fetchedAt()}; defaults to the system UTC clock.
         *
         * @param clock the clock
         * @return this builder
         */
        Builder clock(Clock clock);

        /**
         * Builds the client.
         *
         * @return the client
         * @throws NullPointerException when the runtime client, the recipe, or both campaign and recommender are
         *     missing
         * @throws IllegalArgumentException when both a campaign and a recommender are set, when the recipe is not
         *     of type {@code USER_PERSONALIZATION} or {@code POPULAR_ITEMS} (related items and rankings have their
         *     own clients), or when a recommender is given a custom recipe or a campaign a domain use case
         */
        UserRecommendationsClient build();
    }
}
