package io.personalizekit.cache.redis;

import io.personalizekit.cache.CacheKeyspace;
import io.personalizekit.cache.RecommendationStore;
import io.personalizekit.recommend.SimilarItems;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

/**
 * Passes every call to the real store and counts them: all calls, and the lists each item gets written by {@code
 * putAll}. {@link #beforeActivate} runs before each {@code activate} is passed on (a test holds the fetcher there,
 * between filling a generation and publishing it). Closing it leaves the real store open.
 */
final class CountingStore implements RecommendationStore {
    final RecommendationStore inner;
    final AtomicInteger calls = new AtomicInteger();
    final Map<String, AtomicInteger> writesPerItem = new ConcurrentHashMap<>();
    /** Runs on the activating thread before {@code activate} reaches the real store; receives the generation. */
    volatile LongConsumer beforeActivate = g -> {};

    CountingStore(RecommendationStore inner) {
        this.inner = inner;
    }

    @Override
    public Optional<SimilarItems> get(CacheKeyspace keyspace, String itemId) {
        calls.incrementAndGet();
        return inner.get(keyspace, itemId);
    }

    @Override
    public Map<String, SimilarItems> getAll(CacheKeyspace keyspace, Collection<String> itemIds) {
        calls.incrementAndGet();
        return inner.getAll(keyspace, itemIds);
    }

    @Override
    public void put(CacheKeyspace keyspace, SimilarItems items) {
        calls.incrementAndGet();
        inner.put(keyspace, items);
    }

    @Override
    public void putAll(CacheKeyspace keyspace, long generation, Collection<SimilarItems> items) {
        calls.incrementAndGet();
        items.forEach(i -> writesPerItem
                .computeIfAbsent(i.seedItemId(), k -> new AtomicInteger())
                .incrementAndGet());
        inner.putAll(keyspace, generation, items);
    }

    @Override
    public long beginGeneration(CacheKeyspace keyspace) {
        calls.incrementAndGet();
        return inner.beginGeneration(keyspace);
    }

    @Override
    public OptionalLong pendingGeneration(CacheKeyspace keyspace) {
        calls.incrementAndGet();
        return inner.pendingGeneration(keyspace);
    }

    @Override
    public OptionalLong activeGeneration(CacheKeyspace keyspace) {
        calls.incrementAndGet();
        return inner.activeGeneration(keyspace);
    }

    @Override
    public Set<String> itemIds(CacheKeyspace keyspace, long generation) {
        calls.incrementAndGet();
        return inner.itemIds(keyspace, generation);
    }

    @Override
    public void activate(CacheKeyspace keyspace, long generation) {
        calls.incrementAndGet();
        beforeActivate.accept(generation);
        inner.activate(keyspace, generation);
    }

    @Override
    public void close() {}
}
