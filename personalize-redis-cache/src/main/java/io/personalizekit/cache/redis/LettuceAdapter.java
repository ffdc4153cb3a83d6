package io.personalizekit.cache.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Lettuce: one multiplexed connection, asynchronous commands awaited with the command timeout. Each call hands the
 * command to netty's event loop and the reply back to the caller (two thread hand-offs).
 */
final class LettuceAdapter implements RedisCommandsAdapter {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private final @Nullable Runnable closeOwned;
    private final RedisClusterAsyncCommands<String, String> redis;
    private final long timeoutNanos;
    private final String description;

    private LettuceAdapter(
            @Nullable Runnable closeOwned,
            RedisClusterAsyncCommands<String, String> redis,
            Duration commandTimeout,
            String description) {
        this.closeOwned = closeOwned;
        this.redis = redis;
        this.timeoutNanos = commandTimeout.toNanos();
        this.description = description;
    }

    /**
     * Borrows a caller's connection; it is never closed here.
     *
     * @param connection a {@code StatefulRedisConnection<String, String>}, typed {@code Object} where the store holds
     *     it so that the store's classes mention no Lettuce type
     */
    @SuppressWarnings("unchecked")
    static LettuceAdapter borrow(Object connection, Duration commandTimeout) {
        return new LettuceAdapter(
                null,
                ((StatefulRedisConnection<String, String>) connection).async(),
                commandTimeout,
                "borrowed Lettuce connection");
    }

    /**
     * Borrows a caller's cluster connection; it is never closed here.
     *
     * @param connection a {@code StatefulRedisClusterConnection<String, String>}, typed {@code Object} where the store
     *     holds it so that the store's classes mention no Lettuce type
     */
    @SuppressWarnings("unchecked")
    static LettuceAdapter borrowCluster(Object connection, Duration commandTimeout) {
        return new LettuceAdapter(
                null,
                ((StatefulRedisClusterConnection<String, String>) connection).async(),
                commandTimeout,
                "borrowed Lettuce cluster connection");
    }

    /**
     * Creates a cluster client from seed nodes and one cluster connection (one connection per node underneath, each
     * command routed to its slot's master), refreshing the topology on redirects and reconnects, so commands reach a
     * promoted replica after a failover. Unlike the single-server connection it accepts commands while a node is
     * disconnected: the cluster client opens node connections lazily and would reject the first command to each
     * node; the command timeout still bounds every wait (a timed-out command is cancelled).
     */
    static LettuceAdapter connectCluster(List<RedisEndpoint> seeds, Duration commandTimeout) {
        List<RedisURI> uris = new ArrayList<>(seeds.size());
        for (RedisEndpoint seed : seeds) {
            uris.add(redisUri(seed, commandTimeout));
        }
        RedisClusterClient client = RedisClusterClient.create(uris);
        client.setOptions(ClusterClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enableAllAdaptiveRefreshTriggers()
                        .enablePeriodicRefresh(Duration.ofSeconds(30))
                        .build())
                .build());
        try {
            StatefulRedisClusterConnection<String, String> connection = client.connect();
            Runnable close = () -> {
                connection.close();
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            };
            return new LettuceAdapter(
                    close, connection.async(), commandTimeout, ClusterLayout.describe(seeds) + " (Lettuce cluster)");
        } catch (RuntimeException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            throw e;
        }
    }

    /**
     * Lettuce's form of one of our endpoints. The first connect starts netty (about 0.5 s): the handshake gets room
     * ({@code CONNECT_TIMEOUT} at least); commands use the command timeout.
     */
    private static RedisURI redisUri(RedisEndpoint uri, Duration commandTimeout) {
        RedisURI.Builder b = RedisURI.builder()
                .withHost(uri.host())
                .withPort(uri.port())
                .withDatabase(uri.database())
                .withSsl(uri.ssl())
                .withVerifyPeer(true)
                .withTimeout(commandTimeout.compareTo(CONNECT_TIMEOUT) > 0 ? commandTimeout : CONNECT_TIMEOUT);
        char[] password = uri.password();
        String user = uri.username();
        if (password != null && user != null) {
            b.withAuthentication(user, password);
        } else if (password != null) {
            b.withPassword(password);
        }
        return b.build();
    }

    /**
     * Creates a client and one connection, rejecting commands while disconnected (so a down Redis fails fast) and
     * reconnecting automatically.
     */
    static LettuceAdapter connect(RedisEndpoint uri, Duration commandTimeout) {
        RedisClient client = RedisClient.create(redisUri(uri, commandTimeout));
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        try {
            StatefulRedisConnection<String, String> connection = client.connect();
            Runnable close = () -> {
                connection.close();
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            };
            return new LettuceAdapter(close, connection.async(), commandTimeout, uri.describe() + " (Lettuce)");
        } catch (RuntimeException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            throw e;
        }
    }

    private <T> T await(RedisFuture<T> future) {
        return await(future, System.nanoTime() + timeoutNanos);
    }

    /**
     * Waits for a reply until the deadline, in Lettuce's own terms: a late reply cancels the command and throws
     * {@code RedisCommandTimeoutException}, an interrupt restores the flag and throws {@code
     * RedisCommandInterruptedException}, an error reply throws {@code RedisCommandExecutionException}. The store
     * wraps each in a {@code CacheStoreException} naming the command.
     */
    private <T> T await(RedisFuture<T> future, long deadlineNanos) {
        return LettuceFutures.awaitOrCancel(
                future, Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    @Override
    public @Nullable String hget(String key, String field) {
        return await(redis.hget(key, field));
    }

    @Override
    public List<@Nullable String> hmget(String key, String[] fields) {
        List<KeyValue<String, String>> values = await(redis.hmget(key, fields));
        List<@Nullable String> out = new ArrayList<>(values.size());
        for (KeyValue<String, String> kv : values) {
            out.add(kv.hasValue() ? kv.getValue() : null);
        }
        return out;
    }

    @Override
    public void hsetChunks(String key, List<Map<String, String>> chunks, long ttlSeconds) {
        List<RedisFuture<?>> futures = new ArrayList<>(chunks.size() + 1);
        for (Map<String, String> chunk : chunks) {
            futures.add(redis.hset(key, chunk));
        }
        if (ttlSeconds > 0) {
            futures.add(redis.expire(key, ttlSeconds));
        }
        // One commandTimeout per command sent: a bulk write is judged as a whole, not by its first reply.
        awaitAll(futures);
    }

    @Override
    public void hsetMany(Map<String, List<Map<String, String>>> chunksByKey, long ttlSeconds) {
        List<RedisFuture<?>> futures = new ArrayList<>();
        for (Map.Entry<String, List<Map<String, String>>> e : chunksByKey.entrySet()) {
            for (Map<String, String> chunk : e.getValue()) {
                futures.add(redis.hset(e.getKey(), chunk));
            }
            if (ttlSeconds > 0) {
                futures.add(redis.expire(e.getKey(), ttlSeconds));
            }
        }
        awaitAll(futures);
    }

    /** Waits for every reply, one commandTimeout per command sent: a pipeline is judged as a whole. */
    private void awaitAll(List<? extends RedisFuture<?>> futures) {
        long deadline = System.nanoTime() + timeoutNanos * Math.max(1, futures.size());
        for (RedisFuture<?> f : futures) {
            await(f, deadline);
        }
    }

    @Override
    public List<List<@Nullable String>> hmgetMany(List<String> keys, List<String[]> fields) {
        List<RedisFuture<List<KeyValue<String, String>>>> futures = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            futures.add(redis.hmget(keys.get(i), fields.get(i)));
        }
        long deadline = System.nanoTime() + timeoutNanos;
        List<List<@Nullable String>> out = new ArrayList<>(keys.size());
        for (RedisFuture<List<KeyValue<String, String>>> f : futures) {
            List<@Nullable String> values = new ArrayList<>();
            for (KeyValue<String, String> kv : await(f, deadline)) {
                values.add(kv.hasValue() ? kv.getValue() : null);
            }
            out.add(values);
        }
        return out;
    }

    @Override
    public long evalEach(String script, List<String> keys, String... args) {
        List<RedisFuture<Long>> futures = new ArrayList<>(keys.size());
        for (String key : keys) {
            futures.add(redis.<Long>eval(script, ScriptOutputType.INTEGER, new String[] {key}, args));
        }
        awaitAll(futures);
        long sum = 0;
        for (RedisFuture<Long> f : futures) {
            sum += await(f);
        }
        return sum;
    }

    @Override
    public List<String> evalList(String script, String[] keys, String... args) {
        List<Object> reply = await(redis.<List<Object>>eval(script, ScriptOutputType.MULTI, keys, args));
        List<String> out = new ArrayList<>(reply.size());
        for (Object o : reply) {
            out.add(String.valueOf(o));
        }
        return out;
    }

    @Override
    public long evalLong(String script, String[] keys, String... args) {
        Long n = await(redis.<Long>eval(script, ScriptOutputType.INTEGER, keys, args));
        return n;
    }

    @Override
    public @Nullable String get(String key) {
        return await(redis.get(key));
    }

    @Override
    public Set<String> hkeys(String key) {
        return new HashSet<>(await(redis.hkeys(key)));
    }

    @Override
    public List<String> scan(String pattern) {
        ScanArgs args = ScanArgs.Builder.matches(pattern).limit(1000);
        ScanCursor cursor = ScanCursor.INITIAL;
        List<String> keys = new ArrayList<>();
        do {
            KeyScanCursor<String> page = await(redis.scan(cursor, args));
            keys.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished());
        return keys;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void close() {
        if (closeOwned != null) {
            closeOwned.run();
        }
    }
}
