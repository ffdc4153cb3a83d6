package io.personalizekit.spring;

import io.personalizekit.cache.CacheKeyspace;
import io.personalizekit.cache.RecommendationStore;
import java.util.Objects;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.Campaign;
import software.amazon.awssdk.services.personalize.model.ResourceNotFoundException;

/**
 * Health of the recommendations path, as the {@code personalize} component of Boot's health endpoint: UP when the
 * campaign is {@code ACTIVE} ({@code DescribeCampaign}) and the cache's store answers; DOWN when the campaign is in
 * another state, missing or cannot be described, or the store fails. Each check makes one {@code DescribeCampaign}
 * call and one store read ({@link RecommendationStore#activeGeneration}). Thread-safe.
 *
 * <p>Details: {@code campaign} (the ARN), {@code status}, {@code solutionVersion}, {@code failureReason} (when the
 * service gives one), {@code store} ({@code UP} or the error) and {@code activeGeneration} (whether the fetcher has
 * filled the cache for the current model).
 */
public final class PersonalizeHealthIndicator implements HealthIndicator {
    private final PersonalizeClient personalize;
    private final String campaignArn;
    private final @Nullable RecommendationStore store;
    private final int numResults;

    /**
     * Creates the indicator.
     *
     * @param personalize the control-plane client (borrowed)
     * @param campaignArn the campaign to check
     * @param store the cache's store (borrowed), or null when there is no cache
     * @param numResults the request shape the cache stores, to name the keyspace whose generation is reported
     */
    public PersonalizeHealthIndicator(
            PersonalizeClient personalize, String campaignArn, @Nullable RecommendationStore store, int numResults) {
        this.personalize = Objects.requireNonNull(personalize, "personalize");
        this.campaignArn = Objects.requireNonNull(campaignArn, "campaignArn");
        this.store = store;
        this.numResults = numResults;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up().withDetail("campaign", campaignArn);
        String solutionVersion = null;
        try {
            Campaign campaign = personalize
                    .describeCampaign(r -> r.campaignArn(campaignArn))
                    .campaign();
            String status = campaign.status();
            health.withDetail("status", String.valueOf(status));
            solutionVersion = campaign.solutionVersionArn();
            if (solutionVersion != null) {
                health.withDetail("solutionVersion", solutionVersion);
            }
            if (campaign.failureReason() != null) {
                health.withDetail("failureReason", campaign.failureReason());
            }
            if (!"ACTIVE".equals(status)) {
                health.down();
            }
        } catch (ResourceNotFoundException e) {
            health.down().withDetail("status", "NOT FOUND").withDetail("error", String.valueOf(e.getMessage()));
        } catch (RuntimeException e) {
            health.down().withDetail("status", "UNKNOWN").withException(e);
        }
        RecommendationStore s = store;
        if (s != null) {
            try {
                CacheKeyspace keyspace = CacheKeyspace.builder()
                        .campaignArn(campaignArn)
                        .solutionVersionArn(solutionVersion != null ? solutionVersion : campaignArn + "/unknown")
                        .numResults(numResults)
                        .build();
                OptionalLong generation = s.activeGeneration(keyspace);
                health.withDetail("store", "UP")
                        .withDetail("activeGeneration", generation.isPresent() ? generation.getAsLong() : "none");
            } catch (RuntimeException e) {
                health.down().withDetail("store", "DOWN: " + e);
            }
        }
        return health.build();
    }

    @Override
    public String toString() {
        return "PersonalizeHealthIndicator{campaign=" + campaignArn + ", store=" + store + "}";
    }
}
