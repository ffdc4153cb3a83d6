package io.personalizekit.cache.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.personalizekit.cache.CacheKeyspace;
import io.personalizekit.cache.RecommendationStore;
import io.personalizekit.cache.SimilarItemsCodec;
import io.personalizekit.exception.CacheStoreException;
import io.personalizekit.recommend.SimilarItems;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RecommendationStore} on Redis, through Lettuce's asynchronous API. Thread-safe; one instance (one
 * connection, which Lettuce multiplexes) serves the whole application.
 *
 * <h2>Layout</h2>
 *
 * For keyspace {@code K} ({@link CacheKeyspace#id()}) under prefix {@code P}:
 *
 * <ul>
 *   <li>{@code P{K}:g:<n>}: a hash holding generation {@code n}, field = seed item id, value = {@link
 *       SimilarItemsCodec} text. One key per generation gives a TTL per generation (restarted when the generation is
 *       activated, and on each write) and makes removing a generation one {@code UNLINK} (freed in the background).
 *   <li>{@code P{K}:active}: the active generation's number; {@code P{K}:pending}: the pending one; {@code
 *       P{K}:seq}: the generation counter.
 * </ul>
 *
 * The keyspace id sits in a hash tag, so all keys of a keyspace share a cluster slot. {@link #activate} is one Lua
 * script (set the pointer, clear the pending mark, restart the TTL), so readers switch atomically; it then removes
 * older generations. Readers cache the active generation for {@link Builder#generationCacheTtl(Duration)} (1 s by
 * default): another process sees a switch within that time, and while it still reads a removed generation it gets
 * misses (served live), never a mix.
 *
 * <h2>Connections</h2>
 *
 * {@link Builder#redisUri(String)} creates a client and connection owned (and closed) by the store, with commands
 * rejected at once while disconnected (so a down Redis fails fast instead of queueing) and automatic reconnection.
 * {@link Builder#connection(StatefulRedisConnection)} borrows the caller's connection, which is never closed. Every
 * call waits at most {@link Builder#commandTimeout(Duration)}; failures are thrown as {@link CacheStoreException},
 * which {@code CachingSimilarItemsClient} degrades to a live call.
 */
public final class RedisRecommendationStore implements RecommendationStore {
    private static final Logger log = LoggerFactory.getLogger(RedisRecommendationStore.class);

    /** The most fields written by one HSET: {@value}. */
    static final int FIELDS_PER_COMMAND = 500;

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private static final String BEGIN_SCRIPT = "local n = redis.call('INCR', KEYS[1]) "
            + "local a = tonumber(redis.call('GET', KEYS[2]) or '-1') "
            + "if n <= a then n = a + 1 redis.call('SET', KEYS[1], n) end "
            + "if tonumber(ARGV[1]) > 0 then redis.call('SET', KEYS[3], n, 'EX', ARGV[1]) "
            + "else redis.call('SET', KEYS[3], n) end "
            + "return n";

    private static final String ACTIVATE_SCRIPT = "redis.call('SET', KEYS[1], ARGV[1]) "
            + "if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end "
            + "if tonumber(ARGV[2]) > 0 then redis.call('EXPIRE', KEYS[3], ARGV[2]) end "
            + "return 1";

    private final @Nullable RedisClient ownedClient;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisAsyncCommands<String, String> redis;
    private final String keyPrefix;
    private final @Nullable Duration ttl;
    private final long ttlSeconds;
    private final long timeoutNanos;
    private final long generationCacheNanos;
    private final String description;
    private final ConcurrentHashMap<String, CachedGeneration> activeCache = new ConcurrentHashMap<>();

    private RedisRecommendationStore(Builder b) {
        this.keyPrefix = b.keyPrefix;
        this.ttl = b.ttl;
        this.ttlSeconds = b.ttl == null ? 0 : Math.max(1, b.ttl.getSeconds());
        this.timeoutNanos = b.commandTimeout.toNanos();
        this.generationCacheNanos = b.generationCacheTtl.toNanos();
        if (b.connection != null) {
            if (b.redisUri != null) {
                throw new IllegalArgumentException(
                        "Set either redisUri or connection, not both (redisUri " + describe(b.redisUri) + ")");
            }
            this.ownedClient = null;
            this.connection = b.connection;
            this.description = "borrowed connection";
        } else if (b.redisUri != null) {
            RedisURI uri = b.redisUri;
            // The first connect starts netty (about 0.5 s): give the handshake room; commands use commandTimeout.
            uri.setTimeout(b.commandTimeout.compareTo(CONNECT_TIMEOUT) > 0 ? b.commandTimeout : CONNECT_TIMEOUT);
            RedisClient client = RedisClient.create(uri);
            client.setOptions(ClientOptions.builder()
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .build());
            try {
                this.connection = client.connect();
            } catch (RuntimeException e) {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
                throw new CacheStoreException(
                        "Cannot connect to Redis at " + describe(uri) + ": " + e.getMessage(), null, e);
            }
            this.ownedClient = client;
            this.description = describe(uri);
        } else {
            throw new NullPointerException("redisUri (or connection)");
        }
        this.redis = connection.async();
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    private static final class CachedGeneration {
        final long generation;
        final long readAtNanos;

        CachedGeneration(long generation, long readAtNanos) {
            this.generation = generation;
            this.readAtNanos = readAtNanos;
        }
    }

    String base(CacheKeyspace keyspace) {
        return keyPrefix + "{" + keyspace.id() + "}:";
    }

    String dataKey(CacheKeyspace keyspace, long generation) {
        return base(keyspace) + "g:" + generation;
    }

    private <T> T await(RedisFuture<T> future, CacheKeyspace keyspace, String what) {
        return await(future, keyspace, what, System.nanoTime() + timeoutNanos);
    }

    private <T> T await(RedisFuture<T> future, CacheKeyspace keyspace, String what, long deadlineNanos) {
        try {
            return future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new CacheStoreException("Interrupted during Redis " + what, keyspace.id(), e);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new CacheStoreException(
                    "Redis " + what + " on " + description + " took longer than " + Duration.ofNanos(timeoutNanos)
                            + " per command (commandTimeout)",
                    keyspace.id(),
                    e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new CacheStoreException(
                    "Redis " + what + " on " + description + " failed: " + cause.getMessage(), keyspace.id(), cause);
        }
    }

    private long readGeneration(CacheKeyspace keyspace) {
        String id = keyspace.id();
        long now = System.nanoTime();
        CachedGeneration c = activeCache.get(id);
        if (c != null && now - c.readAtNanos < generationCacheNanos) {
            return c.generation;
        }
        OptionalLong active = activeGeneration(keyspace);
        long g = active.orElse(LIVE_GENERATION);
        activeCache.put(id, new CachedGeneration(g, now));
        return g;
    }

    private static @Nullable SimilarItems decode(@Nullable String value, String itemId) {
        if (value == null) {
            return null;
        }
        try {
            return SimilarItemsCodec.decode(value);
        } catch (IllegalArgumentException e) {
            log.debug("Unreadable cached list for {} treated as absent: {}", itemId, e.getMessage());
            return null;
        }
    }

    @Override
    public Optional<SimilarItems> get(CacheKeyspace keyspace, String itemId) {
        long g = readGeneration(keyspace);
        String value = await(redis.hget(dataKey(keyspace, g), itemId), keyspace, "HGET");
        return Optional.ofNullable(decode(value, itemId));
    }

    @Override
    public Map<String, SimilarItems> getAll(CacheKeyspace keyspace, Collection<String> itemIds) {
        if (itemIds.isEmpty()) {
            return Map.of();
        }
        long g = readGeneration(keyspace);
        List<KeyValue<String, String>> values =
                await(redis.hmget(dataKey(keyspace, g), itemIds.toArray(new String[0])), keyspace, "HMGET");
        Map<String, SimilarItems> found = new HashMap<>();
        for (KeyValue<String, String> kv : values) {
            if (kv.hasValue()) {
                SimilarItems s = decode(kv.getValue(), kv.getKey());
                if (s != null) {
                    found.put(kv.getKey(), s);
                }
            }
        }
        return found;
    }

    @Override
    public void put(CacheKeyspace keyspace, SimilarItems items) {
        String key = dataKey(keyspace, readGeneration(keyspace));
        RedisFuture<Boolean> set = redis.hset(key, items.seedItemId(), SimilarItemsCodec.encode(items));
        RedisFuture<Boolean> expire = ttlSeconds > 0 ? redis.expire(key, ttlSeconds) : null;
        await(set, keyspace, "HSET");
        if (expire != null) {
            await(expire, keyspace, "EXPIRE");
        }
    }

    @Override
    public void putAll(CacheKeyspace keyspace, long generation, Collection<SimilarItems> items) {
        if (items.isEmpty()) {
            return;
        }
        String key = dataKey(keyspace, generation);
        List<RedisFuture<?>> futures = new ArrayList<>(items.size() / FIELDS_PER_COMMAND + 2);
        Map<String, String> chunk = new LinkedHashMap<>();
        for (SimilarItems s : items) {
            chunk.put(s.seedItemId(), SimilarItemsCodec.encode(s));
            if (chunk.size() == FIELDS_PER_COMMAND) {
                futures.add(redis.hset(key, chunk));
                chunk = new LinkedHashMap<>();
            }
        }
        if (!chunk.isEmpty()) {
            futures.add(redis.hset(key, chunk));
        }
        if (ttlSeconds > 0) {
            futures.add(redis.expire(key, ttlSeconds));
        }
        // One commandTimeout per command sent: a bulk write is judged as a whole, not by its first reply.
        long deadline = System.nanoTime() + timeoutNanos * futures.size();
        for (RedisFuture<?> f : futures) {
            await(f, keyspace, "HSET of " + items.size() + " lists", deadline);
        }
    }

    @Override
    public long beginGeneration(CacheKeyspace keyspace) {
        String base = base(keyspace);
        Long n = await(
                redis.<Long>eval(
                        BEGIN_SCRIPT,
                        ScriptOutputType.INTEGER,
                        new String[] {base + "seq", base + "active", base + "pending"},
                        Long.toString(ttlSeconds)),
                keyspace,
                "begin generation");
        return n;
    }

    @Override
    public OptionalLong pendingGeneration(CacheKeyspace keyspace) {
        return number(await(redis.get(base(keyspace) + "pending"), keyspace, "GET pending"));
    }

    @Override
    public OptionalLong activeGeneration(CacheKeyspace keyspace) {
        return number(await(redis.get(base(keyspace) + "active"), keyspace, "GET active"));
    }

    private static OptionalLong number(@Nullable String value) {
        return value == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value));
    }

    @Override
    public Set<String> itemIds(CacheKeyspace keyspace, long generation) {
        return new HashSet<>(await(redis.hkeys(dataKey(keyspace, generation)), keyspace, "HKEYS"));
    }

    @Override
    public void activate(CacheKeyspace keyspace, long generation) {
        String base = base(keyspace);
        String g = Long.toString(generation);
        await(
                redis.<Long>eval(
                        ACTIVATE_SCRIPT,
                        ScriptOutputType.INTEGER,
                        new String[] {base + "active", base + "pending", dataKey(keyspace, generation)},
                        g,
                        Long.toString(ttlSeconds)),
                keyspace,
                "activate generation " + g);
        activeCache.put(keyspace.id(), new CachedGeneration(generation, System.nanoTime()));
        OptionalLong pending = pendingGeneration(keyspace);
        removeGenerationsExcept(keyspace, generation, pending.orElse(-1));
    }

    private void removeGenerationsExcept(CacheKeyspace keyspace, long active, long pending) {
        String prefix = base(keyspace) + "g:";
        ScanArgs args = ScanArgs.Builder.matches(escapeGlob(prefix) + "*").limit(1000);
        ScanCursor cursor = ScanCursor.INITIAL;
        List<String> old = new ArrayList<>();
        do {
            KeyScanCursor<String> page = await(redis.scan(cursor, args), keyspace, "SCAN");
            for (String key : page.getKeys()) {
                String suffix = key.substring(prefix.length());
                if (!suffix.equals(Long.toString(active)) && !suffix.equals(Long.toString(pending))) {
                    old.add(key);
                }
            }
            cursor = page;
        } while (!cursor.isFinished());
        if (!old.isEmpty()) {
            await(redis.unlink(old.toArray(new String[0])), keyspace, "UNLINK");
            log.debug("Removed {} old generations of keyspace {}", old.size(), keyspace.id());
        }
    }

    static String escapeGlob(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** Closes the connection and client when the store created them; a borrowed connection is left open. */
    @Override
    public void close() {
        if (ownedClient != null) {
            connection.close();
            ownedClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Override
    public String toString() {
        return "RedisRecommendationStore{" + description + ", keyPrefix=" + keyPrefix
                + (ttl == null ? "" : ", ttl=" + ttl) + "}";
    }

    private static String describe(RedisURI uri) {
        // Never the password.
        return (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
    }

    /**
     * Parses a {@code redis://} or {@code rediss://} (TLS) URI, with optional {@code user:password@} for AUTH and a
     * database number path.
     *
     * @param uri the URI
     * @return the parsed URI
     * @throws IllegalArgumentException when the scheme is not redis or rediss, or the URI is malformed
     */
    static RedisURI parse(String uri) {
        Objects.requireNonNull(uri, "redisUri");
        if (!uri.startsWith("redis://") && !uri.startsWith("rediss://")) {
            throw new IllegalArgumentException("redisUri must start with redis:// or rediss:// (TLS), but it is "
                    + uri.replaceAll(":[^:@/]*@", ":***@"));
        }
        try {
            return RedisURI.create(uri);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "Malformed redisUri " + uri.replaceAll(":[^:@/]*@", ":***@") + ": " + e.getMessage(), e);
        }
    }

    /** Builder of {@link RedisRecommendationStore}; not thread-safe. */
    public static final class Builder {
        private @Nullable RedisURI redisUri;
        private @Nullable StatefulRedisConnection<String, String> connection;
        private String keyPrefix = "pk:";
        private @Nullable Duration ttl = Duration.ofDays(7);
        private Duration commandTimeout = Duration.ofMillis(500);
        private Duration generationCacheTtl = Duration.ofSeconds(1);

        private Builder() {}

        /**
         * Connects to Redis at a URI; the store owns and closes the connection. {@code redis://[[user]:password@]
         * host[:port][/database]}, or {@code rediss://...} for TLS (the server certificate is verified).
         *
         * @param redisUri the URI
         * @return this builder
         * @throws IllegalArgumentException when the scheme is not redis or rediss, or the URI is malformed
         */
        public Builder redisUri(String redisUri) {
            this.redisUri = parse(redisUri);
            return this;
        }

        /**
         * Uses a caller's connection. Borrowed: never closed by the store. Configure it to reject commands while
         * disconnected ({@code ClientOptions.DisconnectedBehavior.REJECT_COMMANDS}) so an outage fails fast.
         *
         * @param connection the connection, with String keys and values (UTF-8)
         * @return this builder
         */
        public Builder connection(StatefulRedisConnection<String, String> connection) {
            this.connection = Objects.requireNonNull(connection, "connection");
            return this;
        }

        /**
         * Sets the prefix of every key, one per application sharing a Redis; defaults to {@code "pk:"}.
         *
         * @param keyPrefix the prefix, may be empty
         * @return this builder
         * @throws IllegalArgumentException when longer than 100 characters or containing whitespace
         */
        public Builder keyPrefix(String keyPrefix) {
            Objects.requireNonNull(keyPrefix, "keyPrefix");
            if (keyPrefix.length() > 100 || keyPrefix.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException(
                        "keyPrefix must be at most 100 characters without whitespace, but it is '" + keyPrefix + "'");
            }
            this.keyPrefix = keyPrefix;
            return this;
        }

        /**
         * Sets the time to live of a generation, counted from its activation and from each write; defaults to 7
         * days. Keep it longer than the interval between fetcher runs, and longer than the caching client's TTL so
         * stale lists remain to serve when Personalize fails.
         *
         * @param ttl at least one second, or {@code null} for no expiry
         * @return this builder
         * @throws IllegalArgumentException when shorter than one second
         */
        public Builder ttl(@Nullable Duration ttl) {
            if (ttl != null && ttl.getSeconds() < 1) {
                throw new IllegalArgumentException("ttl must be at least 1 second, but it is " + ttl);
            }
            this.ttl = ttl;
            return this;
        }

        /**
         * Sets how long one call waits for Redis; defaults to 500 ms.
         *
         * @param commandTimeout a positive duration
         * @return this builder
         * @throws IllegalArgumentException when not positive
         */
        public Builder commandTimeout(Duration commandTimeout) {
            Objects.requireNonNull(commandTimeout, "commandTimeout");
            if (commandTimeout.isZero() || commandTimeout.isNegative()) {
                throw new IllegalArgumentException("commandTimeout must be positive, but it is " + commandTimeout);
            }
            this.commandTimeout = commandTimeout;
            return this;
        }

        /**
         * Sets how long readers reuse the active generation number before reading it again; defaults to 1 second.
         *
         * @param generationCacheTtl zero (read it on every call) or more
         * @return this builder
         * @throws IllegalArgumentException when negative
         */
        public Builder generationCacheTtl(Duration generationCacheTtl) {
            Objects.requireNonNull(generationCacheTtl, "generationCacheTtl");
            if (generationCacheTtl.isNegative()) {
                throw new IllegalArgumentException(
                        "generationCacheTtl must not be negative, but it is " + generationCacheTtl);
            }
            this.generationCacheTtl = generationCacheTtl;
            return this;
        }

        /**
         * Applies a consumer to this builder.
         *
         * @param mutation changes this builder
         * @return this builder
         */
        public Builder applyMutation(Consumer<Builder> mutation) {
            mutation.accept(this);
            return this;
        }

        /**
         * Builds the store, connecting when a URI was given.
         *
         * @return the store
         * @throws NullPointerException when neither a URI nor a connection was given
         * @throws IllegalArgumentException when both were given
         * @throws CacheStoreException when the connection fails
         */
        public RedisRecommendationStore build() {
            return new RedisRecommendationStore(this);
        }
    }
}
