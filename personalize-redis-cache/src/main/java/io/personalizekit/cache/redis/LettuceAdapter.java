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
import io.lettuce.core.api.async.RedisAsyncCommands;
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

    private final @Nullable RedisClient ownedClient;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisAsyncCommands<String, String> redis;
    private final long timeoutNanos;
    private final String description;

    private LettuceAdapter(
            @Nullable RedisClient ownedClient,
            StatefulRedisConnection<String, String> connection,
            Duration commandTimeout,
            String description) {
        this.ownedClient = ownedClient;
        this.connection = connection;
        this.redis = connection.async();
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
                (StatefulRedisConnection<String, String>) connection,
                commandTimeout,
                "borrowed Lettuce connection");
    }

    /**
     * Creates a client and one connection, rejecting commands while disconnected (so a down Redis fails fast) and
     * reconnecting automatically.
     */
    static LettuceAdapter connect(RedisEndpoint uri, Duration commandTimeout) {
        // The first connect starts netty (about 0.5 s): give the handshake room; commands use commandTimeout.
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
        RedisURI u = b.build();
        RedisClient client = RedisClient.create(u);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        try {
            return new LettuceAdapter(client, client.connect(), commandTimeout, uri.describe() + " (Lettuce)");
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
        long deadline = System.nanoTime() + timeoutNanos * futures.size();
        for (RedisFuture<?> f : futures) {
            await(f, deadline);
        }
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
        if (ownedClient != null) {
            connection.close();
            ownedClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
