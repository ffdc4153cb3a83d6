package io.personalizekit.cache.redis;

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
 * version string, counts calls per seed, and fails on demand.
 */
final class FakeSimilarItemsClient implements SimilarItemsClient {
    final AtomicInteger calls = new AtomicInteger();
    final Map<String, AtomicInteger> callsPerItem = new ConcurrentHashMap<>();
    volatile String version = "v1";
    volatile Function<SimilarItemsRequest, RuntimeException> failure = r -> null;
    volatile Runnable beforeAnswer = () -> {};
    volatile boolean closed;
    private final Clock clock;

    FakeSimilarItemsClient(Clock clock) {
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

    static SimilarItems answer(String seed, int n, String version, Clock clock) {
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
