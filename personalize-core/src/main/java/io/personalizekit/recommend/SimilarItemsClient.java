package io.personalizekit.recommend;

import io.personalizekit.internal.recommend.DefaultSimilarItemsClient;
import io.personalizekit.resource.CampaignRef;
import io.personalizekit.resource.Deployment;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;

/**
 * Asks a Personalize campaign (or recommender) for the items similar to a seed item. Implementations are
 * thread-safe; one instance serves the whole application.
 *
 * <p>The default implementation, made by {@link #builder()}, calls {@code GetRecommendations} on a caller-provided
 * {@code PersonalizeRuntimeClient}; {@code io.personalizekit.cache.CachingSimilarItemsClient} decorates any
 * implementation with a read-through cache.
 *
 * <pre>{@code
 * try (SimilarItemsClient similar = SimilarItemsClient.builder()
 *         .runtimeClient(runtime)                 // borrowed: not closed by the client
 *         .deployment(deployment)                 // its campaign; or .campaign(ref), or .campaignArn(arn)
 *         .catalog(articles::containsKey)         // optional: flags unknown seeds as FALLBACK
 *         .build()) {
 *     SimilarItems items = similar.similarItems(r -> r.itemId("a-42").metadataColumns(List.of("LABELS")));
 * }
 * }</pre>
 *
 * <p><b>Unknown seeds.</b> For a seed the model has never seen, Similar-Items and SIMS answer with popular items,
 * silently. Only a catalog lookup ({@link Builder#catalog}) lets the client tell: then the result's source is
 * {@link ResultSource#FALLBACK}. Without one, such a result passes as {@link ResultSource#LIVE}.
 *
 * <p><b>Errors.</b> The SDK's exceptions from {@code GetRecommendations} propagate unchanged: {@code
 * ResourceNotFoundException} for a missing campaign or filter, {@code InvalidInputException}, and throttling (a
 * {@code PersonalizeRuntimeException} whose {@code isThrottlingException()} is true, after the SDK's own retries).
 */
public interface SimilarItemsClient extends AutoCloseable {

    /**
     * The items similar to one seed, with the defaults (25 results, seed excluded).
     *
     * @param itemId the seed item id
     * @return the similar items, best first
     */
    default SimilarItems similarTo(String itemId) {
        return similarItems(SimilarItemsRequest.of(itemId));
    }

    /**
     * The items similar to one seed.
     *
     * @param request the request
     * @return the similar items, best first
     */
    SimilarItems similarItems(SimilarItemsRequest request);

    /**
     * The items similar to one seed, with the request built by a consumer.
     *
     * @param request sets the request's values
     * @return the similar items, best first
     */
    default SimilarItems similarItems(Consumer<SimilarItemsRequest.Builder> request) {
        SimilarItemsRequest.Builder b = SimilarItemsRequest.builder();
        request.accept(b);
        return similarItems(b.build());
    }

    /**
     * The items related to several seeds at once: one request per seed (each with the options), merged by rank
     * and de-duplicated as {@link RelatedItems#merge} describes, capped at the options' {@code numResults}.
     *
     * <p>This default asks one seed after the other; the client made by {@link #builder()} asks them
     * concurrently on a bounded executor it owns. A failure of any seed's call propagates.
     *
     * @param seedItemIds the seeds, in priority order; repeats are asked once
     * @param options sets the values every per-seed request shares (its {@code itemId} is replaced by each seed)
     * @return the merged result
     * @throws IllegalArgumentException when no seed is given, or an option or seed breaks a limit (before any
     *     call)
     * @throws io.personalizekit.exception.RecommendationException when the concurrent client is interrupted while
     *     waiting for the calls (the interrupt flag is restored); an SDK exception of a failed call propagates
     *     unchanged
     */
    default RelatedItems similarToMany(List<String> seedItemIds, Consumer<SimilarItemsRequest.Builder> options) {
        List<SimilarItemsRequest> requests = perSeedRequests(seedItemIds, options);
        List<SimilarItems> results = new ArrayList<>(requests.size());
        for (SimilarItemsRequest r : requests) {
            results.add(similarItems(r));
        }
        return RelatedItems.merge(
                results, requests.get(0).numResults(), requests.get(0).excludeSeed());
    }

    /**
     * The items related to several seeds at once, with the default options (25 results, seeds excluded).
     *
     * @param seedItemIds the seeds, in priority order; repeats are asked once
     * @return the merged result
     * @throws IllegalArgumentException when no seed is given, or a seed id breaks a limit (before any call)
     */
    default RelatedItems similarToMany(List<String> seedItemIds) {
        return similarToMany(seedItemIds, b -> {});
    }

    // One validated request per distinct seed, all built (so validated) before any call is made.
    private static List<SimilarItemsRequest> perSeedRequests(
            List<String> seedItemIds, Consumer<SimilarItemsRequest.Builder> options) {
        if (seedItemIds.isEmpty()) {
            throw new IllegalArgumentException("seedItemIds must hold at least 1 seed, but it is empty");
        }
        List<SimilarItemsRequest> requests = new ArrayList<>();
        for (String seed : new LinkedHashSet<>(seedItemIds)) {
            SimilarItemsRequest.Builder b = SimilarItemsRequest.builder();
            options.accept(b);
            requests.add(b.itemId(seed).build());
        }
        return requests;
    }

    /**
     * Starts a builder of the default client, which calls {@code GetRecommendations} on a runtime client you
     * provide.
     *
     * @return a new builder
     */
    static Builder builder() {
        return DefaultSimilarItemsClient.builder();
    }

    /** Releases what this client created itself; clients that were passed in are borrowed and left open. */
    @Override
    void close();

    /** Builder of the default {@link SimilarItemsClient}; not thread-safe. */
    interface Builder {
        /**
         * Sets the runtime client to call (required). It is borrowed: closing the similar-items client leaves it
         * open.
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
         * Sets the campaign to ask; exactly one of campaign and recommender is required.
         *
         * @param campaign the campaign, for example {@code deployment.campaign()}
         * @return this builder
         */
        default Builder campaign(CampaignRef campaign) {
            return campaignArn(Objects.requireNonNull(campaign, "campaign").arn());
        }

        /**
         * Sets the campaign to ask to the deployment's; the same as {@code campaign(deployment.campaign())}.
         *
         * @param deployment the deployment, for example {@code pipeline.run(spec).deployment()}
         * @return this builder
         * @throws IllegalStateException when the deployment has no campaign
         */
        default Builder deployment(Deployment deployment) {
            return campaign(Objects.requireNonNull(deployment, "deployment").campaign());
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
         * Sets a lookup of the known catalog. When it says a seed is unknown, the result is flagged {@link
         * ResultSource#FALLBACK}: the service answered with popular items, not similar ones. Without it the client
         * cannot tell. It is called once per request, on the thread making the call (a fan-out thread for {@link
         * SimilarItemsClient#similarToMany}), so it should be fast and thread-safe.
         *
         * @param knownItem true for item ids the model knows, or {@code null} for no lookup
         * @return this builder
         */
        Builder catalog(@Nullable Predicate<String> knownItem);

        /**
         * Sets the clock that stamps {@link SimilarItems#fetchedAt()}; defaults to the system UTC clock.
         *
         * @param clock the clock
         * @return this builder
         */
        Builder clock(Clock clock);

        /**
         * Sets how many calls {@link SimilarItemsClient#similarToMany} makes at once; defaults to 4. Keep it
         * within the campaign's provisioned TPS.
         *
         * @param maxConcurrency 1 to 64
         * @return this builder
         * @throws IllegalArgumentException when outside 1 to 64
         */
        Builder maxConcurrency(int maxConcurrency);

        /**
         * Builds the client.
         *
         * @return the client
         * @throws NullPointerException when the runtime client, or both campaign and recommender, are missing
         * @throws IllegalArgumentException when both a campaign and a recommender are set
         */
        SimilarItemsClient build();
    }
}
