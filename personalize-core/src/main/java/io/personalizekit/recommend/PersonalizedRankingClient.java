package io.personalizekit.recommend;

import io.personalizekit.internal.recommend.DefaultPersonalizedRankingClient;
import io.personalizekit.recipe.Recipe;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;

/**
 * Asks a Personalized-Ranking campaign to order a list of candidate items for a user ({@code
 * GetPersonalizedRanking}), for example the articles of a search result or a category page. Implementations are
 * thread-safe; one instance serves the whole application.
 *
 * <pre>{@code
 * try (PersonalizedRankingClient ranking = PersonalizedRankingClient.builder()
 *         .runtimeClient(runtime)                  // borrowed: not closed by the client
 *         .campaignArn(rankingCampaignArn)
 *         .build()) {
 *     PersonalizedRanking ranked = ranking.rank("reader-7", List.of("a-1", "a-2", "a-3"));
 * }
 * }</pre>
 *
 * <p><b>Checked before calling.</b> A request carries a user and 1 to 500 candidates (50 with metadata columns),
 * checked when it is built; the client also checks it against its {@link Recipe}'s limits and throws {@link
 * io.personalizekit.exception.RecipeRuleException} when it breaks one. Candidates the model has never seen are
 * returned last without a score, as the service appends them.
 *
 * <p><b>Errors.</b> The SDK's exceptions from {@code GetPersonalizedRanking} propagate unchanged: {@code
 * ResourceNotFoundException} for a missing campaign or filter, {@code InvalidInputException} (for example a campaign
 * that does not serve a ranking recipe), and throttling after the SDK's own retries.
 */
public interface PersonalizedRankingClient extends AutoCloseable {

    /**
     * Ranks candidates for a user, with no filter, context or metadata.
     *
     * @param userId the user id
     * @param itemIds the candidates, 1 to 500
     * @return the candidates, best first
     * @throws IllegalArgumentException when an id or the list breaks a limit (before any call)
     */
    default PersonalizedRanking rank(String userId, List<String> itemIds) {
        return rank(PersonalizedRankingRequest.of(userId, itemIds));
    }

    /**
     * Ranks the request's candidates for its user.
     *
     * @param request the request
     * @return the candidates, best first
     * @throws io.personalizekit.exception.RecipeRuleException when the recipe refuses the request (before any call)
     */
    PersonalizedRanking rank(PersonalizedRankingRequest request);

    /**
     * Ranks candidates for a request built by a consumer.
     *
     * @param request sets the request's values
     * @return the candidates, best first
     * @throws io.personalizekit.exception.RecipeRuleException when the recipe refuses the request (before any call)
     */
    default PersonalizedRanking rank(Consumer<PersonalizedRankingRequest.Builder> request) {
        PersonalizedRankingRequest.Builder b = PersonalizedRankingRequest.builder();
        request.accept(b);
        return rank(b.build());
    }

    /**
     * The recipe the campaign's solution was trained with.
     *
     * @return the recipe
     */
    Recipe recipe();

    /**
     * Starts a builder of the default client, which calls {@code GetPersonalizedRanking} on a runtime client you
     * provide.
     *
     * @return a new builder
     */
    static Builder builder() {
        return DefaultPersonalizedRankingClient.builder();
    }

    /** Releases what this client created itself (nothing today); the runtime client is borrowed and left open. */
    @Override
    void close();

    /** Builder of the default {@link PersonalizedRankingClient}; not thread-safe. */
    interface Builder {
        /**
         * Sets the runtime client to call (required). It is borrowed: closing this client leaves it open.
         *
         * @param runtimeClient the SDK runtime client
         * @return this builder
         */
        Builder runtimeClient(PersonalizeRuntimeClient runtimeClient);

        /**
         * Sets the campaign to ask (required; rankings are served by campaigns only, not recommenders).
         *
         * @param campaignArn the campaign ARN
         * @return this builder
         * @throws IllegalArgumentException when the value is not a Personalize ARN of at most 256 characters
         */
        Builder campaignArn(String campaignArn);

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
         * Sets the recipe the campaign's solution was trained with; defaults to {@link
         * Recipe#PERSONALIZED_RANKING_V2}.
         *
         * @param recipe a recipe of type {@code PERSONALIZED_RANKING}
         * @return this builder
         * @throws IllegalArgumentException when the recipe is of another type
         */
        Builder recipe(Recipe recipe);

        /**
         * Sets the clock that stamps {@link PersonalizedRanking#fetchedAt()}; defaults to the system UTC clock.
         *
         * @param clock the clock
         * @return this builder
         */
        Builder clock(Clock clock);

        /**
         * Builds the client.
         *
         * @return the client
         * @throws NullPointerException when the runtime client or the campaign is missing
         */
        PersonalizedRankingClient build();
    }
}
