package io.personalizekit.internal.recommend;

import io.personalizekit.exception.RecommendationException;
import io.personalizekit.recommend.RecommendedItem;
import io.personalizekit.recommend.RelatedItems;
import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.recommend.SimilarItemsRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;
import software.amazon.awssdk.services.personalizeruntime.model.GetRecommendationsRequest;
import software.amazon.awssdk.services.personalizeruntime.model.GetRecommendationsResponse;
import software.amazon.awssdk.services.personalizeruntime.model.PredictedItem;

/**
 * The default {@link SimilarItemsClient}: one {@code GetRecommendations} call per request on a borrowed runtime
 * client. Thread-safe.
 *
 * <p>Exclusions: when the seed or given ids are to be removed, the client asks the service for that many more
 * results (within the 500 / 50 limits), removes them, and trims to {@code numResults}; so an excluded item that the
 * service returns does not shorten the list. With a promotion the promoted share is computed by the service on the
 * larger number, so it may differ by one item.
 */
public final class DefaultSimilarItemsClient implements SimilarItemsClient {
    private static final Logger log = LoggerFactory.getLogger(DefaultSimilarItemsClient.class);
    private static final int MAX_CONCURRENCY = 64;
    private static final AtomicInteger POOL_IDS = new AtomicInteger();

    private final PersonalizeRuntimeClient runtime;
    private final @Nullable String campaignArn;
    private final @Nullable String recommenderArn;
    private final @Nullable Predicate<String> catalog;
    private final Clock clock;
    private final ThreadPoolExecutor executor;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DefaultSimilarItemsClient(BuilderImpl b) {
        this.runtime = Objects.requireNonNull(b.runtime, "runtimeClient");
        if (b.campaignArn == null && b.recommenderArn == null) {
            throw new NullPointerException("campaignArn or recommenderArn: set the one to ask");
        }
        if (b.campaignArn != null && b.recommenderArn != null) {
            throw new IllegalArgumentException("Both campaignArn " + b.campaignArn + " and recommenderArn "
                    + b.recommenderArn + " are set; set exactly one");
        }
        this.campaignArn = b.campaignArn;
        this.recommenderArn = b.recommenderArn;
        this.catalog = b.catalog;
        this.clock = b.clock;
        int poolId = POOL_IDS.incrementAndGet();
        AtomicInteger threadIds = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "personalizekit-similar-" + poolId + "-" + threadIds.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = new ThreadPoolExecutor(
                b.maxConcurrency, b.maxConcurrency, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
        this.executor.allowCoreThreadTimeOut(true);
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static SimilarItemsClient.Builder builder() {
        return new BuilderImpl();
    }

    @Override
    public SimilarItems similarItems(SimilarItemsRequest request) {
        checkOpen();
        String seed = request.itemId();
        Set<String> excluded = new HashSet<>(request.excludedItemIds());
        if (request.excludeSeed()) {
            excluded.add(seed);
        }
        int cap = request.metadataColumns().isEmpty()
                ? SimilarItemsRequest.MAX_NUM_RESULTS
                : SimilarItemsRequest.MAX_NUM_RESULTS_WITH_METADATA;
        int asked = Math.min(cap, request.numResults() + excluded.size());
        boolean known = catalog == null || catalog.test(seed);

        GetRecommendationsResponse response = runtime.getRecommendations(toSdk(request, asked));

        List<RecommendedItem> items =
                new ArrayList<>(Math.min(asked, response.itemList().size()));
        for (PredictedItem p : response.itemList()) {
            if (items.size() == request.numResults()) {
                break;
            }
            if (!excluded.contains(p.itemId())) {
                items.add(RuntimeMapping.toItem(p));
            }
        }
        ResultSource source = known ? ResultSource.LIVE : ResultSource.FALLBACK;
        log.debug(
                "GetRecommendations seed={} asked={} returned={} kept={} source={}",
                seed,
                asked,
                response.itemList().size(),
                items.size(),
                source);
        return SimilarItems.builder()
                .seedItemId(seed)
                .items(items)
                .recommendationId(response.recommendationId())
                .source(source)
                .fetchedAt(clock.instant())
                .build();
    }

    @Override
    public RelatedItems similarToMany(List<String> seedItemIds, Consumer<SimilarItemsRequest.Builder> options) {
        checkOpen();
        if (seedItemIds.isEmpty()) {
            throw new IllegalArgumentException("seedItemIds must hold at least 1 seed, but it is empty");
        }
        List<SimilarItemsRequest> requests = new ArrayList<>();
        for (String seed : new LinkedHashSet<>(seedItemIds)) {
            SimilarItemsRequest.Builder b = SimilarItemsRequest.builder();
            options.accept(b);
            requests.add(b.itemId(seed).build());
        }
        List<Future<SimilarItems>> futures = new ArrayList<>(requests.size());
        List<SimilarItems> results = new ArrayList<>(requests.size());
        try {
            for (SimilarItemsRequest r : requests) {
                futures.add(executor.submit(() -> similarItems(r)));
            }
            for (Future<SimilarItems> f : futures) {
                results.add(f.get());
            }
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new RecommendationException(
                    "A similar-items call to " + target() + " for the seeds " + seeds(requests) + " failed: " + cause,
                    target(),
                    seeds(requests),
                    cause);
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new RecommendationException(
                    "Interrupted while waiting for the similar items of " + requests.size() + " seeds from " + target()
                            + "; the interrupt flag is restored",
                    target(),
                    seeds(requests),
                    e);
        }
        SimilarItemsRequest first = requests.get(0);
        return RelatedItems.merge(results, first.numResults(), first.excludeSeed());
    }

    private String target() {
        return String.valueOf(campaignArn != null ? campaignArn : recommenderArn);
    }

    private static List<String> seeds(List<SimilarItemsRequest> requests) {
        List<String> seeds = new ArrayList<>(requests.size());
        for (SimilarItemsRequest r : requests) {
            seeds.add(r.itemId());
        }
        return seeds;
    }

    /** Stops the fan-out threads this client created; the runtime client is borrowed and stays open. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            executor.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "SimilarItemsClient{"
                + (campaignArn != null ? "campaign=" + campaignArn : "recommender=" + recommenderArn)
                + (catalog != null ? ", catalog" : "") + "}";
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("This SimilarItemsClient is closed");
        }
    }

    private GetRecommendationsRequest toSdk(SimilarItemsRequest r, int numResults) {
        GetRecommendationsRequest.Builder b =
                GetRecommendationsRequest.builder().itemId(r.itemId()).numResults(numResults);
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

    static final class BuilderImpl implements SimilarItemsClient.Builder {
        private @Nullable PersonalizeRuntimeClient runtime;
        private @Nullable String campaignArn;
        private @Nullable String recommenderArn;
        private @Nullable Predicate<String> catalog;
        private Clock clock = Clock.systemUTC();
        private int maxConcurrency = 4;

        @Override
        public SimilarItemsClient.Builder runtimeClient(PersonalizeRuntimeClient runtimeClient) {
            this.runtime = Objects.requireNonNull(runtimeClient, "runtimeClient");
            return this;
        }

        @Override
        public SimilarItemsClient.Builder campaignArn(@Nullable String campaignArn) {
            this.campaignArn = campaignArn == null ? null : RuntimeMapping.checkArn("campaignArn", campaignArn);
            return this;
        }

        @Override
        public SimilarItemsClient.Builder recommenderArn(@Nullable String recommenderArn) {
            this.recommenderArn =
                    recommenderArn == null ? null : RuntimeMapping.checkArn("recommenderArn", recommenderArn);
            return this;
        }

        @Override
        public SimilarItemsClient.Builder catalog(@Nullable Predicate<String> knownItem) {
            this.catalog = knownItem;
            return this;
        }

        @Override
        public SimilarItemsClient.Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        @Override
        public SimilarItemsClient.Builder maxConcurrency(int maxConcurrency) {
            if (maxConcurrency < 1 || maxConcurrency > MAX_CONCURRENCY) {
                throw new IllegalArgumentException(
                        "maxConcurrency must be between 1 and " + MAX_CONCURRENCY + ", but it is " + maxConcurrency);
            }
            this.maxConcurrency = maxConcurrency;
            return this;
        }

        @Override
        public SimilarItemsClient build() {
            return new DefaultSimilarItemsClient(this);
        }
    }
}
