package io.personalizekit.cache;

import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.testing.FakeClock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real in-memory store behind a counter per call kind, which can be taken down, and whose reads and writes can be
 * made to take a given time on the test's clock (a slow store without sleeping).
 */
final class CountingStore implements RecommendationStore {
    final InMemoryRecommendationStore inner;
    final FakeClock clock;
    final AtomicInteger gets = new AtomicInteger();
    final AtomicInteger puts = new AtomicInteger();
    final AtomicInteger activeKeyspaceCalls = new AtomicInteger();
    volatile boolean down;
    volatile boolean writesDown;
    volatile boolean activeKeyspacesDown;
    volatile boolean closed;
    volatile Duration readTakes = Duration.ZERO;
    volatile Duration writeTakes = Duration.ZERO;
    /** Runs after a read has found its answer and before the store returns it. */
    volatile Runnable afterRead = () -> {};

    CountingStore(FakeClock clock) {
        this.clock = clock;
        this.inner = InMemoryRecommendationStore.builder().clock(clock).build();
    }

    private void check() {
        if (down) {
            throw new IllegalStateException("store is down");
        }
    }

    @Override
    public Optional<SimilarItems> get(CacheKeyspace keyspace, String itemId) {
        gets.incrementAndGet();
        clock.advance(readTakes);
        check();
        Optional<SimilarItems> found = inner.get(keyspace, itemId);
        afterRead.run();
        return found;
    }

    @Override
    public Map<String, SimilarItems> getAll(CacheKeyspace keyspace, Collection<String> itemIds) {
        check();
        return inner.getAll(keyspace, itemIds);
    }

    @Override
    public void put(CacheKeyspace keyspace, SimilarItems items) {
        puts.incrementAndGet();
        clock.advance(writeTakes);
        check();
        if (writesDown) {
            throw new IllegalStateException("store is down");
        }
        inner.put(keyspace, items);
    }

    @Override
    public void putAll(CacheKeyspace keyspace, long generation, Collection<SimilarItems> items) {
        check();
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
    public Set<CacheKeyspace> activeKeyspaces(String campaignArn) {
        activeKeyspaceCalls.incrementAndGet();
        check();
        if (activeKeyspacesDown) {
            throw new IllegalStateException("cannot list keyspaces");
        }
        return inner.activeKeyspaces(campaignArn);
    }

    @Override
    public void close() {
        closed = true;
        inner.close();
    }

    @Override
    public String toString() {
        return "CountingStore";
    }
}
