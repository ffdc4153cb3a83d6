package io.personalizekit.cache;

import io.personalizekit.exception.FetchStoppedException;
import io.personalizekit.internal.time.SmoothRateLimiter;
import io.personalizekit.internal.time.Ticker;
import io.personalizekit.recommend.UserRecommendations;
import io.personalizekit.recommend.UserRecommendationsClient;
import io.personalizekit.recommend.UserRecommendationsRequest;
import io.personalizekit.resource.Deployment;
import io.personalizekit.waiter.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the lists of a given set of users into a {@link UserRecommendationStore}, in the keyspace a {@link
 * CachingUserRecommendationsClient} of the same campaign and request shape reads: to warm the cache before a known
 * burst (a newsletter to these readers, a push notification). Calls are paced like {@link RecommendationFetcher}'s
 * (at most {@link Builder#maxTps(double)}, no burst, the same rate limiter), each user tried up to 3 times. A warmed
 * list is fresh for the caching client's TTL from its fetch time, so run it shortly before the burst. Thread-safe;
 * holds nothing between runs.
 */
public final class UserRecommendationsFetcher {
    private static final Logger log = LoggerFactory.getLogger(UserRecommendationsFetcher.class);
    private static final int MAX_ATTEMPTS = 3;

    private final UserRecommendationsClient client;
    private final UserRecommendationStore store;
    private final String targetArn;
    private final Consumer<UserRecommendationsRequest.Builder> shape;
    private final Duration storeTtl;
    private final double maxTps;
    private final int maxConcurrency;
    private final Clock clock;
    private final Ticker ticker;
    private final Sleeper sleeper;

    private UserRecommendationsFetcher(Builder b) {
        this.client = Objects.requireNonNull(b.client, "client");
        this.store = Objects.requireNonNull(b.store, "store");
        if (b.targetArn == null) {
            throw new NullPointerException("campaignArn (or recommenderArn, or deployment): the caching client's");
        }
        this.targetArn = b.targetArn;
        this.shape = b.shape;
        this.storeTtl = b.storeTtl;
        this.maxTps = b.maxTps;
        this.maxConcurrency = b.maxConcurrency;
        this.clock = b.clock;
        this.ticker = b.ticker;
        this.sleeper = b.sleeper;
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** What a run did. */
    public record Result(int total, int fetched, Map<String, String> failures, Duration elapsed) {
        /**
         * Copies the failures.
         *
         * @param total the users asked for, without repeats
         * @param fetched the users whose list was stored
         * @param failures per user that failed every attempt, the last error
         * @param elapsed how long the run took
         */
        public Result {
            failures = Map.copyOf(failures);
        }
    }

    /**
     * The keyspace the lists are written to.
     *
     * @return the keyspace
     */
    public UserKeyspace keyspace() {
        return UserKeyspace.of(targetArn, request("-"));
    }

    private UserRecommendationsRequest request(String userId) {
        UserRecommendationsRequest.Builder b = UserRecommendationsRequest.builder();
        shape.accept(b);
        return b.userId(userId).build();
    }

    /**
     * Fetches and stores the list of every user.
     *
     * @param userIds the users; repeats are fetched once
     * @return what was fetched and what failed
     * @throws FetchStoppedException when the thread is interrupted
     */
    public Result run(Collection<String> userIds) {
        Instant start = clock.instant();
        List<String> todo = List.copyOf(new LinkedHashSet<>(userIds));
        UserKeyspace keyspace = keyspace();
        SmoothRateLimiter pacer = SmoothRateLimiter.budgetBuilder(maxTps)
                .ticker(ticker)
                .sleeper(sleeper)
                .build();
        Iterator<String> it = todo.iterator();
        AtomicInteger fetched = new AtomicInteger();
        Map<String, String> failures = new ConcurrentHashMap<>();
        int threads = Math.max(1, Math.min(maxConcurrency, todo.size()));
        AtomicInteger n = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "personalize-user-fetcher-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            for (int i = 0; i < threads; i++) {
                workers.execute(() -> {
                    String id;
                    while ((id = next(it)) != null && !Thread.currentThread().isInterrupted()) {
                        fetchOne(id, keyspace, pacer, fetched, failures);
                    }
                });
            }
            workers.shutdown();
            while (!workers.awaitTermination(1, TimeUnit.SECONDS)) {
                // the workers end when the ids run out
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
            throw new FetchStoppedException(
                    "Fetch of the lists of " + todo.size() + " users was interrupted; run again", keyspace.id(), e);
        }
        Result result = new Result(todo.size(), fetched.get(), failures, Duration.between(start, clock.instant()));
        log.info(
                "Fetched the lists of {}/{} users into keyspace {} ({} failed) in {}",
                result.fetched(),
                result.total(),
                keyspace.id(),
                failures.size(),
                result.elapsed());
        return result;
    }

    private static @Nullable String next(Iterator<String> it) {
        synchronized (it) {
            return it.hasNext() ? it.next() : null;
        }
    }

    private void fetchOne(
            String userId,
            UserKeyspace keyspace,
            SmoothRateLimiter pacer,
            AtomicInteger fetched,
            Map<String, String> failures) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                pacer.acquire();
                UserRecommendations list = client.recommendations(request(userId));
                store.putUser(keyspace, userId, list, storeTtl);
                fetched.incrementAndGet();
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.put(userId, "interrupted");
                return;
            } catch (RuntimeException e) {
                last = e;
                log.debug(
                        "Fetch of user {} failed (attempt {} of {}): {}", userId, attempt, MAX_ATTEMPTS, e.toString());
            }
        }
        failures.put(userId, String.valueOf(last));
    }

    /** Builder of {@link UserRecommendationsFetcher}; not thread-safe. */
    public static final class Builder {
        private @Nullable UserRecommendationsClient client;
        private @Nullable UserRecommendationStore store;
        private @Nullable String targetArn;
        private Consumer<UserRecommendationsRequest.Builder> shape = b -> {};
        private Duration storeTtl = Duration.ofDays(1);
        private double maxTps = 100;
        private int maxConcurrency = 8;
        private Clock clock = Clock.systemUTC();
        private Ticker ticker = Ticker.system();
        private Sleeper sleeper = Sleeper.system();

        private Builder() {}

        /**
         * Sets the plain client that makes the calls (required), not the caching one.
         *
         * @param client the live client
         * @return this builder
         */
        public Builder client(UserRecommendationsClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * Sets the store the caching client reads (required).
         *
         * @param store the store
         * @return this builder
         */
        public Builder store(UserRecommendationStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Sets the campaign, as the caching client's {@code campaignArn} (this, {@link #recommenderArn} or {@link
         * #deployment} is required).
         *
         * @param campaignArn the ARN
         * @return this builder
         */
        public Builder campaignArn(String campaignArn) {
            this.targetArn = Objects.requireNonNull(campaignArn, "campaignArn");
            return this;
        }

        /**
         * Sets the recommender, as the caching client's {@code recommenderArn}.
         *
         * @param recommenderArn the ARN
         * @return this builder
         */
        public Builder recommenderArn(String recommenderArn) {
            this.targetArn = Objects.requireNonNull(recommenderArn, "recommenderArn");
            return this;
        }

        /**
         * Sets the campaign to the deployment's, as the caching client's {@code deployment(..)}.
         *
         * @param deployment the deployment
         * @return this builder
         */
        public Builder deployment(Deployment deployment) {
            return campaignArn(
                    Objects.requireNonNull(deployment, "deployment").campaign().arn());
        }

        /**
         * Sets the request shape (numResults, filter, ...) every user is asked with; the defaults of {@link
         * UserRecommendationsRequest} otherwise, which {@code forUser(id)} of the caching client reads.
         *
         * @param shape sets the request's values other than the user id
         * @return this builder
         */
        public Builder request(Consumer<UserRecommendationsRequest.Builder> shape) {
            this.shape = Objects.requireNonNull(shape, "shape");
            return this;
        }

        /**
         * Sets how long the store keeps each list; defaults to 1 day, as the caching client's {@code storeTtl}.
         *
         * @param storeTtl a positive duration
         * @return this builder
         */
        public Builder storeTtl(Duration storeTtl) {
            this.storeTtl = ReadThroughOptions.positive("storeTtl", storeTtl);
            return this;
        }

        /**
         * Sets the most calls per second, retries included; defaults to 100.
         *
         * @param maxTps above 0, at most {@value RecommendationFetcher#MAX_CAMPAIGN_TPS}
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder maxTps(double maxTps) {
            if (!(maxTps > 0) || maxTps > RecommendationFetcher.MAX_CAMPAIGN_TPS) {
                throw new IllegalArgumentException("maxTps must be above 0 and at most "
                        + RecommendationFetcher.MAX_CAMPAIGN_TPS + ", but it is " + maxTps);
            }
            this.maxTps = maxTps;
            return this;
        }

        /**
         * Sets the most calls in flight at once; defaults to 8.
         *
         * @param maxConcurrency 1 to 256
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder maxConcurrency(int maxConcurrency) {
            if (maxConcurrency < 1 || maxConcurrency > 256) {
                throw new IllegalArgumentException("maxConcurrency must be 1 to 256, but it is " + maxConcurrency);
            }
            this.maxConcurrency = maxConcurrency;
            return this;
        }

        /**
         * Sets the clock that measures the run; defaults to the UTC system clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets what waits between paced calls; defaults to {@link Sleeper#system()}.
         *
         * @param sleeper the sleeper
         * @return this builder
         */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** Sets the ticker the pacing reads (tests: a fake time line with {@link #sleeper(Sleeper)}). */
        Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /**
         * Builds the fetcher.
         *
         * @return the fetcher
         * @throws NullPointerException when the client, the store or the campaign is missing
         */
        public UserRecommendationsFetcher build() {
            return new UserRecommendationsFetcher(this);
        }
    }
}
