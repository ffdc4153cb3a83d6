package io.personalizekit.benchmarks.cache;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.personalizekit.cache.CacheKeyspace;
import io.personalizekit.cache.RecommendationStore;
import io.personalizekit.cache.SimilarItemsCodec;
import io.personalizekit.recommend.SimilarItems;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Candidate (b) of {@link CacheHitBenchmark}: the hit path of {@code RedisRecommendationStore} (active generation
 * cached for 1 s, one HGET, decode) on Lettuce with several connections used round-robin. Benchmark-only: it
 * implements reads, not writes.
 */
final class LettuceRoundRobinStore implements RecommendationStore {
    private final RedisClient client;
    private final List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();
    private final List<RedisAsyncCommands<String, String>> async = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private final String prefix;
    private final ConcurrentHashMap<String, Object[]> active = new ConcurrentHashMap<>();

    LettuceRoundRobinStore(String uri, String prefix, int n) {
        this.client = RedisClient.create(uri);
        this.prefix = prefix;
        for (int i = 0; i < n; i++) {
            StatefulRedisConnection<String, String> c = client.connect();
            connections.add(c);
            async.add(c.async());
        }
    }

    private RedisAsyncCommands<String, String> redis() {
        return async.get(Math.floorMod(next.getAndIncrement(), async.size()));
    }

    private static <T> T await(java.util.concurrent.Future<T> f) {
        try {
            return f.get(CacheHitBenchmark.CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    private String dataKey(CacheKeyspace ks) {
        long now = System.nanoTime();
        Object[] c = active.get(ks.id());
        if (c != null && now - (Long) c[1] < TimeUnit.SECONDS.toNanos(1)) {
            return (String) c[0];
        }
        String base = prefix + "{" + ks.id() + "}:";
        String g = await(redis().get(base + "active"));
        String key = base + "g:" + (g == null ? "0" : g);
        active.put(ks.id(), new Object[] {key, now});
        return key;
    }

    @Override
    public Optional<SimilarItems> get(CacheKeyspace keyspace, String itemId) {
        String v = await(redis().hget(dataKey(keyspace), itemId));
        return v == null ? Optional.empty() : Optional.of(SimilarItemsCodec.decode(v));
    }

    @Override
    public Map<String, SimilarItems> getAll(CacheKeyspace keyspace, Collection<String> itemIds) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void put(CacheKeyspace keyspace, SimilarItems items) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void putAll(CacheKeyspace keyspace, long generation, Collection<SimilarItems> items) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long beginGeneration(CacheKeyspace keyspace) {
        throw new UnsupportedOperationException();
    }

    @Override
    public OptionalLong pendingGeneration(CacheKeyspace keyspace) {
        throw new UnsupportedOperationException();
    }

    @Override
    public OptionalLong activeGeneration(CacheKeyspace keyspace) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Set<String> itemIds(CacheKeyspace keyspace, long generation) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void activate(CacheKeyspace keyspace, long generation) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
        connections.forEach(StatefulRedisConnection::close);
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    @Override
    public String toString() {
        return "LettuceRoundRobinStore{" + connections.size() + " connections}";
    }
}
