package io.personalizekit.examples.snippets;

import io.personalizekit.cache.CacheStats;
import io.personalizekit.cache.CachingUserRecommendationsClient;
import io.personalizekit.cache.redis.RedisRecommendationStore;
import io.personalizekit.events.EventRecorder;
import io.personalizekit.examples.news.Reading;
import io.personalizekit.recommend.UserRecommendations;
import io.personalizekit.recommend.UserRecommendationsClient;
import io.personalizekit.resource.Deployment;
import io.personalizekit.schema.BoundSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.personalizeevents.PersonalizeEventsClient;

/** Samples of the caching section of docs/user-recommendations.md. */
final class UserCacheSnippets {
    private UserCacheSnippets() {}

    static List<String> cachedForYou(
            UserRecommendationsClient live, RedisRecommendationStore store, Deployment forYou) {
        CachingUserRecommendationsClient cached = CachingUserRecommendationsClient.builder()
                .delegate(live) // the plain client: it makes the live calls
                .deployment(forYou) // its campaign is part of every key
                .store(store) // the Redis store keeps users' lists apart from similar items
                .ttl(Duration.ofMinutes(10)) // the default: a reader's list goes stale with their next click
                .storeTtl(Duration.ofDays(1)) // kept this long to serve STALE when Personalize fails
                .build();
        UserRecommendations forReader = cached.forUser("reader-7"); // LIVE, then CACHE for 10 minutes
        return forReader.itemIds();
    }

    static void invalidateOnEvents(
            CachingUserRecommendationsClient cached,
            BoundSchema<Reading> interactions,
            PersonalizeEventsClient events,
            Deployment forYou) {
        EventRecorder<Reading> recorder = EventRecorder.builder(interactions)
                .eventsClient(events)
                .eventTracker(forYou.eventTracker())
                .eventType("read") // the schema has no EVENT_TYPE field
                .invalidates(cached) // after each user's PutEvents, that user's cached lists are removed
                .build();
        recorder.record(new Reading("reader-7", "article-42", Instant.now()));
        cached.forUser("reader-7"); // LIVE: the campaign already counts the new reading
    }

    static String purgeAndStats(CachingUserRecommendationsClient cached) {
        Set<String> removed = cached.purgeUser("reader-7"); // the keyspace ids whose list was removed
        CacheStats stats = cached.stats();
        return removed.size() + " list(s) removed; " + stats.hitCount() + " hits, " + stats.liveCallCount()
                + " live calls";
    }
}
