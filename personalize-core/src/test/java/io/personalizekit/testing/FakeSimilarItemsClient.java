package io.personalizekit.testing;

import io.personalizekit.recommend.RecommendedItem;
import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.recommend.SimilarItemsRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A test double of the live client (not a class under test): answers {@code <seed>-sim-<i>} lists tagged with a
 * version string, counts calls per seed, and fails on demand. Thread-safe. Shared with the other modules' tests
 * through personalize-core's test-jar.
 */
public final class FakeSimilarItemsClient implements SimilarItemsClient {
    /** Calls made. */
    public final AtomicInteger calls = new AtomicInteger();
    /** Calls made per seed item id. */
    public final Map<String, AtomicInteger> callsPerItem = new ConcurrentHashMap<>();
    /** The version tag of the answers (their recommendation id is {@code RID-<version>-<seed>}). */
    public volatile String version = "v1";
    /** The failure to throw for a request, or null to answer it. */
    public volatile Function<SimilarItemsRequest, RuntimeException> failure = r -> null;
    /** Runs before each answer (after counting), for example to block or to count. */
    public volatile Runnable beforeAnswer = () -> {};
    /** Whether {@link #close()} was called. */
    public volatile boolean closed;

    private final Clock clock;

    /**
     * A client stamping its answers with the clock.
     *
     * @param clock the clock
     */
    public FakeSimilarItemsClient(Clock clock) {
        this.clock = clock;
    }

    @Override
    public SimilarItems similarItems(SimilarItemsRequest request) {
        calls.incrementAndGet();
        callsPerItem.computeIfAbsent(request.itemId(), k -> new AtomicInteger()).incrementAndGet();
        beforeAnswer.run();
        RuntimeException e = failure.apply(request);
        if (e != null) {
            throw e;
        }
        return answer(request.itemId(), request.numResults(), version, clock);
    }

    /**
     * The answer for a seed: {@code <seed>-sim-0 .. <seed>-sim-<n-1>}, marked {@code FALLBACK} when the seed starts
     * with {@code unknown}.
     *
     * @param seed the seed item id
     * @param n how many items
     * @param version the version tag
     * @param clock stamps the answer
     * @return the list
     */
    public static SimilarItems answer(String seed, int n, String version, Clock clock) {
        List<RecommendedItem> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(RecommendedItem.of(seed + "-sim-" + i));
        }
        return SimilarItems.builder()
                .seedItemId(seed)
                .items(items)
                .recommendationId("RID-" + version + "-" + seed)
                .source(seed.startsWith("unknown") ? ResultSource.FALLBACK : ResultSource.LIVE)
                .fetchedAt(clock.instant())
                .build();
    }

    @Override
    public void close() {
        closed = true;
    }
}
