package io.personalizekit.cache;

import io.personalizekit.recommend.SimilarItems;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A store double around the real in-memory store: can be taken down, and counts calls and writes per item. */
final class FlakyStore implements RecommendationStore {
    final InMemoryRecommendationStore inner;
    final AtomicInteger calls = new AtomicInteger();
    final Map<String, AtomicInteger> writesPerItem = new ConcurrentHashMap<>();
    volatile boolean down;
    volatile boolean closed;

    FlakyStore(InMemoryRecommendationStore inner) {
        this.inner = inner;
    }

    private void check() {
        calls.incrementAndGet();
        if (down) {
            throw new IllegalStateException("store is down");
        }
    }

    @Override
    public Optional<SimilarItems> get(CacheKeyspace keyspace, String itemId) {
        check();
        return inner.get(keyspace, itemId);
    }

    @Override
    public Map<String, SimilarItems> getAll(CacheKeyspace keyspace, Collection<String> itemIds) {
        check();
        return inner.getAll(keyspace, itemIds);
    }

    @Override
    public void put(CacheKeyspace keyspace, SimilarItems items) {
        check();
        inner.put(keyspace, items);
    }

    @Override
    public void putAll(CacheKeyspace keyspace, long generation, Collection<SimilarItems> items) {
        check();
        items.forEach(i -> writesPerItem
                .computeIfAbsent(i.seedItemId(), k -> new AtomicInteger())
                .incrementAndGet());
        inner.putAll(keyspace, generation, items);
    }

    @Override
    public long beginGeneration(CacheKeyspace keyspace) {
        check();
        return inner.beginGeneration(keyspace);
    }

    @Override
    public OptionalLong pendingGeneration(CacheKeyspace keyspace) {
        check();
        return inner.pendingGeneration(keyspace);
    }

    @Override
    public OptionalLong activeGeneration(CacheKeyspace keyspace) {
        check();
        return inner.activeGeneration(keyspace);
    }

    @Override
    public Set<String> itemIds(CacheKeyspace keyspace, long generation) {
        check();
        return inner.itemIds(keyspace, generation);
    }

    @Override
    public void activate(CacheKeyspace keyspace, long generation) {
        check();
        inner.activate(keyspace, generation);
    }

    @Override
    public void close() {
        closed = true;
    }
}
