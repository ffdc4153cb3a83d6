package io.personalizekit.cache.redis;

import io.personalizekit.cache.CacheKeyspace;
import io.personalizekit.cache.RecommendationStore;
import io.personalizekit.cache.SimilarItemsCodec;
import io.personalizekit.cache.UserKeyspace;
import io.personalizekit.cache.UserRecommendationStore;
import io.personalizekit.cache.UserRecommendationsCodec;
import io.personalizekit.exception.CacheStoreException;
import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.recommend.UserRecommendations;
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
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * A {@link RecommendationStore} on Redis, through Jedis (a pool of blocking connections, the default) or Lettuce (one
 * multiplexed connection); see {@link RedisDriver}. Thread-safe; one instance serves the whole application.
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
 *   <li>{@code Pkeyspaces:<campaignArn>}: a hash of the campaign's activated keyspaces (field = {@code K}, value =
 *       {@link CacheKeyspace#encode()}), read by {@link #activeKeyspaces(String)}.
 * </ul>
 *
 * <p>As a {@link UserRecommendationStore}, user {@code U}'s lists live under the hash tag {@code {u:H}}, {@code H} a
 * SHA-256 digest of {@code U} (so no user id appears in a key name, and all of a user's keys share a slot): {@code
 * P{u:H}:<userKeyspaceId>} holds one list ({@link UserRecommendationsCodec} text) with its own {@code PX} time to
 * live, and the set {@code P{u:H}} the user keyspace ids written (it expires with the longest-lived list). A write is
 * one script (SET PX, SADD, extend the set's TTL), {@link #invalidateUser(String)} one script that deletes every
 * list the set names and the set, a read one {@code GET}.
 *
 * The keyspace id sits in a hash tag, so all keys of a keyspace share a cluster slot. {@link #activate} is one Lua
 * script (set the pointer, clear the pending mark, restart the TTL), so readers switch atomically; it then
 * <em>retires</em> older generations: they are not deleted but expire after {@link
 * Builder#retiredGenerationGrace(Duration)}. Readers cache the active generation for {@link
 * Builder#generationCacheTtl(Duration)} (1 s by default): another process sees a switch within that time, and until
 * then keeps reading the retired generation, which is still whole: no misses, no live calls, never a mix. A
 * read-through write ({@link #put}) is a script that writes only into the generation the pointer names, so a write
 * racing a switch never lands in (or recreates) a retired generation. A hit is one {@code HGET}.
 *
 * <h2>On a Redis Cluster</h2>
 *
 * With {@link Builder#cluster(String...)} (or a borrowed cluster client), one hash per generation would put the whole
 * keyspace in one slot on one master. Instead generation {@code n} is spread over {@link
 * Builder#clusterBuckets(int)} hashes {@code P{K/b}:g:<n>}, each under its own hash tag (so in its own slot), an item
 * going to bucket {@code b} by a stable hash of its id. The control keys ({@code P{K}:active}, {@code :pending},
 * {@code :seq} and {@code :generations}, the set of begun generations) keep the keyspace's tag, so the switch is
 * still one script in one slot: {@link #activate} first restarts the TTL of every bucket of the new generation, then
 * flips the pointer, then retires the other generations (marks each of their buckets and shortens its TTL to the
 * grace). Readers behave as on a single server: a hit is one {@code HGET} on the item's bucket, {@link #getAll} one
 * {@code HMGET} per bucket, pipelined; {@link #putAll} groups lists by bucket and pipelines the writes (grouped by
 * node by the client). See decision D23 in docs/design/decisions.md.
 *
 * <h2>Connections</h2>
 *
 * {@link Builder#redisUri(String)} creates the client the store owns (and closes), with the library chosen by
 * {@link Builder#driver(RedisDriver)}. With {@link RedisDriver#JEDIS}, up to {@link Builder#maxConnections(int)}
 * pooled connections, each call's socket reads bounded by the command timeout; after a server restart, a call that
 * meets a dropped connection discards the idle ones and retries once on a fresh connection. With {@link
 * RedisDriver#LETTUCE}, one connection that rejects commands at once while disconnected (so a down Redis fails fast
 * instead of queueing) and reconnects in the background. {@link Builder#jedis(UnifiedJedis)} and {@link
 * Builder#connection(io.lettuce.core.api.StatefulRedisConnection)} borrow a client of the caller's, which is never
 * closed. {@link Builder#cluster(String...)} creates a cluster client (Jedis: a pool per node, a command following one
 * redirect or topology change; Lettuce: one connection per node, the topology refreshed on redirects and
 * reconnects). Every call waits at most about {@link Builder#commandTimeout(Duration)}; failures are thrown as {@link
 * CacheStoreException}, which {@code CachingSimilarItemsClient} degrades to a live call.
 *
 * <h2>Dependencies</h2>
 *
 * Jedis ({@code redis.clients:jedis}) comes with this module; Lettuce ({@code io.lettuce:lettuce-core}, with netty
 * and Reactor) is an optional dependency: add it yourself to use {@link RedisDriver#LETTUCE} (on one server or a
 * cluster), {@link Builder#connection(io.lettuce.core.api.StatefulRedisConnection)} or {@link
 * Builder#clusterConnection(io.lettuce.core.cluster.api.StatefulRedisClusterConnection)}. Without it, {@link
 * Builder#build()} says so ({@link IllegalStateException} naming {@code io.lettuce:lettuce-core}); nothing else needs
 * it: the Jedis paths, the cluster one included, parse URIs with our own parser and load no Lettuce class.
 */
public final class RedisRecommendationStore implements RecommendationStore, UserRecommendationStore {
    private static final Logger log = LoggerFactory.getLogger(RedisRecommendationStore.class);

    /** The default most connections of the Jedis pool: {@value}. */
    public static final int DEFAULT_MAX_CONNECTIONS = 16;

    /** The most fields written by one HSET: {@value}. */
    static final int FIELDS_PER_COMMAND = 500;

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

    /**
     * A read-through write: HSET (and EXPIRE) only when the generation written is still the active one (KEYS[1] the
     * pointer, absent meaning {@value #LIVE_GENERATION}), so a write racing a switch can never land in, or recreate, a
     * retired generation. Returns 1 when written, 0 when not.
     */
    private static final String PUT_SCRIPT = "if (redis.call('GET', KEYS[1]) or '0') ~= ARGV[1] then return 0 end "
            + "redis.call('HSET', KEYS[2], ARGV[2], ARGV[3]) "
            + "if tonumber(ARGV[4]) > 0 then redis.call('EXPIRE', KEYS[2], ARGV[4]) end "
            + "return 1";

    /**
     * Retires generations: each key that would outlive the grace period (ARGV[1] milliseconds), or never expire, is
     * made to expire after it; keys expiring sooner keep their time. Returns how many were shortened.
     */
    private static final String RETIRE_SCRIPT = "local n = 0 "
            + "for _, k in ipairs(KEYS) do "
            + "local t = redis.call('PTTL', k) "
            + "if t == -1 or t > tonumber(ARGV[1]) then redis.call('PEXPIRE', k, ARGV[1]) n = n + 1 end "
            + "end "
            + "return n";

    /** The most keys retired by one script call: {@value}. */
    private static final int KEYS_PER_RETIRE = 100;

    /** The default number of buckets a generation is spread over on a Redis Cluster: {@value}. */
    public static final int DEFAULT_CLUSTER_BUCKETS = 256;

    /** The default margin of the retirement grace over {@link Builder#generationCacheTtl(Duration)}: 60 s. */
    public static final Duration DEFAULT_RETIREMENT_MARGIN = Duration.ofSeconds(60);

    private final RedisCommandsAdapter redis;
    private final RedisDriver driver;
    private final String keyPrefix;
    private final @Nullable Duration ttl;
    private final long ttlSeconds;
    private final long generationCacheNanos;
    private final Duration retiredGenerationGrace;
    private final ConcurrentHashMap<String, CachedGeneration> activeCache = new ConcurrentHashMap<>();
    /** The bucketed layout on a Redis Cluster; null on a single server (one hash per generation). */
    private final @Nullable ClusterLayout cluster;

    private RedisRecommendationStore(Builder b) {
        this.keyPrefix = b.keyPrefix;
        this.ttl = b.ttl;
        this.ttlSeconds = b.ttl == null ? 0 : Math.max(1, b.ttl.getSeconds());
        this.generationCacheNanos = b.generationCacheTtl.toNanos();
        if (b.retiredGenerationGrace == null) {
            this.retiredGenerationGrace = b.generationCacheTtl.plus(DEFAULT_RETIREMENT_MARGIN);
        } else if (b.retiredGenerationGrace.compareTo(b.generationCacheTtl) <= 0) {
            throw new IllegalArgumentException("retiredGenerationGrace " + b.retiredGenerationGrace
                    + " must be longer than generationCacheTtl " + b.generationCacheTtl
                    + ", or readers could still use a retired generation after it is gone");
        } else {
            this.retiredGenerationGrace = b.retiredGenerationGrace;
        }
        int sources = (b.redisUri != null ? 1 : 0)
                + (b.connection != null ? 1 : 0)
                + (b.jedis != null ? 1 : 0)
                + (b.clusterUris != null ? 1 : 0)
                + (b.clusterConnection != null ? 1 : 0);
        if (sources > 1) {
            throw new IllegalArgumentException(
                    "Set only one of redisUri, connection, jedis, cluster and clusterConnection"
                            + (b.redisUri == null ? "" : " (redisUri " + b.redisUri.describe() + ")"));
        }
        boolean clustered = b.clusterUris != null
                || b.clusterConnection != null
                || (b.jedis != null && JedisAdapter.isCluster(b.jedis));
        this.cluster = clustered ? new ClusterLayout(b.keyPrefix, b.clusterBuckets) : null;
        if (b.clusterConnection != null) {
            LettuceSupport.require("clusterConnection(StatefulRedisClusterConnection)");
            this.redis = LettuceAdapter.borrowCluster(b.clusterConnection, b.commandTimeout);
            this.driver = RedisDriver.LETTUCE;
        } else if (b.clusterUris != null) {
            List<RedisEndpoint> seeds = b.clusterUris;
            if (b.driver == RedisDriver.LETTUCE) {
                LettuceSupport.require("RedisDriver.LETTUCE");
            }
            try {
                this.redis = b.driver == RedisDriver.LETTUCE
                        ? LettuceAdapter.connectCluster(seeds, b.commandTimeout)
                        : JedisAdapter.connectCluster(seeds, b.commandTimeout, b.maxConnections);
            } catch (RuntimeException e) {
                throw new CacheStoreException(
                        "Cannot connect to the Redis Cluster at " + ClusterLayout.describe(seeds) + ": "
                                + e.getMessage(),
                        null,
                        e);
            }
            this.driver = b.driver;
        } else if (b.connection != null) {
            LettuceSupport.require("connection(StatefulRedisConnection)");
            this.redis = LettuceAdapter.borrow(b.connection, b.commandTimeout);
            this.driver = RedisDriver.LETTUCE;
        } else if (b.jedis != null) {
            this.redis = JedisAdapter.borrow(b.jedis);
            this.driver = RedisDriver.JEDIS;
        } else if (b.redisUri != null) {
            RedisEndpoint uri = b.redisUri;
            if (b.driver == RedisDriver.LETTUCE) {
                LettuceSupport.require("RedisDriver.LETTUCE");
            }
            try {
                this.redis = b.driver == RedisDriver.LETTUCE
                        ? LettuceAdapter.connect(uri, b.commandTimeout)
                        : JedisAdapter.connect(uri, b.commandTimeout, b.maxConnections);
            } catch (RuntimeException e) {
                throw new CacheStoreException(
                        "Cannot connect to Redis at " + uri.describe() + ": " + e.getMessage(), null, e);
            }
            this.driver = b.driver;
        } else {
            throw new NullPointerException("redisUri (or connection, jedis, cluster or clusterConnection)");
        }
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The client library this store talks to Redis through.
     *
     * @return the driver
     */
    public RedisDriver driver() {
        return driver;
    }

    /**
     * Whether the store spreads each generation over a Redis Cluster's slots ({@link Builder#cluster(String...)},
     * {@link Builder#clusterConnection}, or a borrowed Jedis cluster client) rather than keeping it in one hash.
     *
     * @return true on a cluster
     */
    public boolean clustered() {
        return cluster != null;
    }

    /** The active generation of a keyspace as last read, with its hash key (or bucket keys) built once. */
    private static final class CachedGeneration {
        final long generation;
        final String dataKey;
        final String @Nullable [] bucketKeys;
        final long readAtNanos;

        CachedGeneration(long generation, String dataKey, String @Nullable [] bucketKeys, long readAtNanos) {
            this.generation = generation;
            this.dataKey = dataKey;
            this.bucketKeys = bucketKeys;
            this.readAtNanos = readAtNanos;
        }

        /** The key holding {@code itemId}'s list: the generation's hash, or the item's bucket on a cluster. */
        String keyOf(@Nullable ClusterLayout cluster, String itemId) {
            String[] keys = bucketKeys;
            return cluster == null || keys == null ? dataKey : keys[cluster.bucketOf(itemId)];
        }
    }

    private CachedGeneration cached(CacheKeyspace keyspace, long generation, long now) {
        ClusterLayout c = cluster;
        return new CachedGeneration(
                generation,
                dataKey(keyspace, generation),
                c == null ? null : c.bucketKeys(keyspace.id(), generation),
                now);
    }

    String base(CacheKeyspace keyspace) {
        return keyPrefix + "{" + keyspace.id() + "}:";
    }

    String dataKey(CacheKeyspace keyspace, long generation) {
        return base(keyspace) + "g:" + generation;
    }

    /** Runs one adapter call, turning any failure into a {@link CacheStoreException} naming the command. */
    private <T> T call(CacheKeyspace keyspace, String what, Supplier<T> command) {
        try {
            return command.get();
        } catch (RuntimeException e) {
            throw new CacheStoreException(
                    "Redis " + what + " on " + redis.description() + " failed: " + e.getMessage(), keyspace.id(), e);
        }
    }

    private void run(CacheKeyspace keyspace, String what, Runnable command) {
        call(keyspace, what, () -> {
            command.run();
            return null;
        });
    }

    /** The active generation (or {@value #LIVE_GENERATION}) as this instance knows it, read again per cache TTL. */
    private CachedGeneration active(CacheKeyspace keyspace) {
        String id = keyspace.id();
        long now = System.nanoTime();
        CachedGeneration c = activeCache.get(id);
        if (c != null && now - c.readAtNanos < generationCacheNanos) {
            return c;
        }
        long g = activeGeneration(keyspace).orElse(LIVE_GENERATION);
        if (c == null || c.generation != g) {
            c = cached(keyspace, g, now);
        } else {
            c = new CachedGeneration(g, c.dataKey, c.bucketKeys, now);
        }
        activeCache.put(id, c);
        return c;
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
        String key = active(keyspace).keyOf(cluster, itemId);
        String value = call(keyspace, "HGET", () -> redis.hget(key, itemId));
        return Optional.ofNullable(decode(value, itemId));
    }

    @Override
    public Map<String, SimilarItems> getAll(CacheKeyspace keyspace, Collection<String> itemIds) {
        if (itemIds.isEmpty()) {
            return Map.of();
        }
        CachedGeneration generation = active(keyspace);
        if (cluster != null) {
            return getAllFromBuckets(keyspace, generation, itemIds);
        }
        String key = generation.dataKey;
        String[] fields = itemIds.toArray(new String[0]);
        List<@Nullable String> values = call(keyspace, "HMGET", () -> redis.hmget(key, fields));
        Map<String, SimilarItems> found = new HashMap<>();
        for (int i = 0; i < fields.length; i++) {
            SimilarItems s = decode(values.get(i), fields[i]);
            if (s != null) {
                found.put(fields[i], s);
            }
        }
        return found;
    }

    /** getAll on a cluster: one HMGET per bucket holding a requested item, pipelined (grouped by node). */
    private Map<String, SimilarItems> getAllFromBuckets(
            CacheKeyspace keyspace, CachedGeneration generation, Collection<String> itemIds) {
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        for (String id : itemIds) {
            byKey.computeIfAbsent(generation.keyOf(cluster, id), k -> new ArrayList<>())
                    .add(id);
        }
        List<String> keys = new ArrayList<>(byKey.keySet());
        List<String[]> fields = new ArrayList<>(keys.size());
        for (List<String> ids : byKey.values()) {
            fields.add(ids.toArray(new String[0]));
        }
        List<List<@Nullable String>> values =
                call(keyspace, "HMGET of " + keys.size() + " buckets", () -> redis.hmgetMany(keys, fields));
        Map<String, SimilarItems> found = new HashMap<>();
        for (int k = 0; k < keys.size(); k++) {
            String[] f = fields.get(k);
            List<@Nullable String> v = values.get(k);
            for (int i = 0; i < f.length; i++) {
                SimilarItems s = decode(v.get(i), f[i]);
                if (s != null) {
                    found.put(f[i], s);
                }
            }
        }
        return found;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The write is one script that checks the active pointer and writes only if the generation this instance
     * reads is still the active one. When another process has switched generations since this instance last read
     * the pointer, the pointer is read again and the list written into the new active generation; a retired
     * generation is never written to, so it cannot outlive its grace period. On a cluster the pointer and the
     * item's bucket sit in different slots, so the script runs on the bucket and checks the bucket's retirement mark
     * instead: {@link #activate} flips the pointer, then marks every bucket of the generations it retires, so a write
     * that still aims at a retired generation either runs before the mark (and the retirement then shortens its TTL)
     * or meets the mark, reads the pointer again and writes into the new generation.
     */
    @Override
    public void put(CacheKeyspace keyspace, SimilarItems items) {
        String value = SimilarItemsCodec.encode(items);
        CachedGeneration known = active(keyspace);
        if (putIfActive(keyspace, known, items.seedItemId(), value)) {
            return;
        }
        activeCache.remove(keyspace.id(), known);
        CachedGeneration now = active(keyspace);
        if (now.generation == known.generation || !putIfActive(keyspace, now, items.seedItemId(), value)) {
            log.debug(
                    "Read-through write of {} into keyspace {} dropped: generation {} is no longer active",
                    items.seedItemId(),
                    keyspace.id(),
                    now.generation);
        }
    }

    private boolean putIfActive(CacheKeyspace keyspace, CachedGeneration generation, String itemId, String value) {
        if (cluster != null) {
            String bucket = generation.keyOf(cluster, itemId);
            long written = call(
                    keyspace,
                    "HSET (if generation " + generation.generation + " is not retired)",
                    () -> redis.evalLong(
                            ClusterLayout.PUT_SCRIPT,
                            new String[] {bucket},
                            ClusterLayout.RETIRED_FIELD,
                            itemId,
                            value,
                            Long.toString(ttlSeconds)));
            return written == 1;
        }
        String pointer = base(keyspace) + "active";
        long written = call(
                keyspace,
                "HSET (if generation " + generation.generation + " is active)",
                () -> redis.evalLong(
                        PUT_SCRIPT,
                        new String[] {pointer, generation.dataKey},
                        Long.toString(generation.generation),
                        itemId,
                        value,
                        Long.toString(ttlSeconds)));
        return written == 1;
    }

    @Override
    public void putAll(CacheKeyspace keyspace, long generation, Collection<SimilarItems> items) {
        if (items.isEmpty()) {
            return;
        }
        if (cluster != null) {
            putAllIntoBuckets(keyspace, generation, items, cluster);
            return;
        }
        String key = dataKey(keyspace, generation);
        List<Map<String, String>> chunks = new ArrayList<>(items.size() / FIELDS_PER_COMMAND + 1);
        Map<String, String> chunk = new LinkedHashMap<>();
        for (SimilarItems s : items) {
            chunk.put(s.seedItemId(), SimilarItemsCodec.encode(s));
            if (chunk.size() == FIELDS_PER_COMMAND) {
                chunks.add(chunk);
                chunk = new LinkedHashMap<>();
            }
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        run(keyspace, "HSET of " + items.size() + " lists", () -> redis.hsetChunks(key, chunks, ttlSeconds));
    }

    /**
     * putAll on a cluster: the lists grouped by bucket, each bucket written in HSETs of at most {@value
     * #FIELDS_PER_COMMAND} fields, all pipelined (the client groups them by node).
     */
    private void putAllIntoBuckets(
            CacheKeyspace keyspace, long generation, Collection<SimilarItems> items, ClusterLayout layout) {
        String[] keys = layout.bucketKeys(keyspace.id(), generation);
        Map<String, List<Map<String, String>>> byKey = new LinkedHashMap<>();
        for (SimilarItems s : items) {
            String key = keys[layout.bucketOf(s.seedItemId())];
            List<Map<String, String>> chunks = byKey.computeIfAbsent(key, k -> new ArrayList<>());
            Map<String, String> chunk = chunks.isEmpty() ? null : chunks.get(chunks.size() - 1);
            if (chunk == null || chunk.size() == FIELDS_PER_COMMAND) {
                chunk = new LinkedHashMap<>();
                chunks.add(chunk);
            }
            chunk.put(s.seedItemId(), SimilarItemsCodec.encode(s));
        }
        run(
                keyspace,
                "HSET of " + items.size() + " lists into " + byKey.size() + " buckets",
                () -> redis.hsetMany(byKey, ttlSeconds));
    }

    @Override
    public long beginGeneration(CacheKeyspace keyspace) {
        String base = base(keyspace);
        if (cluster != null) {
            return call(
                    keyspace,
                    "begin generation",
                    () -> redis.evalLong(
                            ClusterLayout.BEGIN_SCRIPT,
                            new String[] {base + "seq", base + "active", base + "pending", base + "generations"},
                            Long.toString(ttlSeconds)));
        }
        return call(
                keyspace,
                "begin generation",
                () -> redis.evalLong(
                        BEGIN_SCRIPT,
                        new String[] {base + "seq", base + "active", base + "pending"},
                        Long.toString(ttlSeconds)));
    }

    @Override
    public OptionalLong pendingGeneration(CacheKeyspace keyspace) {
        String key = base(keyspace) + "pending";
        return number(call(keyspace, "GET pending", () -> redis.get(key)));
    }

    @Override
    public OptionalLong activeGeneration(CacheKeyspace keyspace) {
        String key = base(keyspace) + "active";
        return number(call(keyspace, "GET active", () -> redis.get(key)));
    }

    private static OptionalLong number(@Nullable String value) {
        return value == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value));
    }

    @Override
    public Set<String> itemIds(CacheKeyspace keyspace, long generation) {
        ClusterLayout layout = cluster;
        if (layout != null) {
            Set<String> ids = new HashSet<>();
            for (String key : layout.bucketKeys(keyspace.id(), generation)) {
                ids.addAll(call(keyspace, "HKEYS", () -> redis.hkeys(key)));
            }
            ids.remove(ClusterLayout.RETIRED_FIELD);
            return ids;
        }
        String key = dataKey(keyspace, generation);
        return call(keyspace, "HKEYS", () -> redis.hkeys(key));
    }

    @Override
    public void activate(CacheKeyspace keyspace, long generation) {
        if (cluster != null) {
            activateBuckets(keyspace, generation, cluster);
            recordKeyspace(keyspace);
            return;
        }
        String base = base(keyspace);
        String g = Long.toString(generation);
        String key = dataKey(keyspace, generation);
        call(
                keyspace,
                "activate generation " + g,
                () -> redis.evalLong(
                        ACTIVATE_SCRIPT,
                        new String[] {base + "active", base + "pending", key},
                        g,
                        Long.toString(ttlSeconds)));
        activeCache.put(keyspace.id(), cached(keyspace, generation, System.nanoTime()));
        recordKeyspace(keyspace);
        OptionalLong pending = pendingGeneration(keyspace);
        retireGenerationsExcept(keyspace, generation, pending.orElse(-1));
    }

    /** Records the keyspace in its campaign's index, for {@link #activeKeyspaces}. */
    private void recordKeyspace(CacheKeyspace keyspace) {
        String index = campaignIndex(keyspace.campaignArn());
        List<Map<String, String>> entry = List.of(Map.of(keyspace.id(), keyspace.encode()));
        run(keyspace, "HSET of the campaign's keyspace index", () -> redis.hsetChunks(index, entry, ttlSeconds));
    }

    /** The hash of a campaign's activated keyspaces: field = keyspace id, value = {@link CacheKeyspace#encode()}. */
    private String campaignIndex(String campaignArn) {
        return keyPrefix + "keyspaces:" + campaignArn;
    }

    /**
     * {@inheritDoc}
     *
     * <p>{@link #activate} records each keyspace in the hash {@code P keyspaces:<campaignArn>} (with the store's
     * TTL); a recorded keyspace counts while its active pointer exists.
     */
    @Override
    public Set<CacheKeyspace> activeKeyspaces(String campaignArn) {
        String index = campaignIndex(Objects.requireNonNull(campaignArn, "campaignArn"));
        Set<CacheKeyspace> active = new HashSet<>();
        try {
            String[] ids = redis.hkeys(index).toArray(new String[0]);
            if (ids.length == 0) {
                return active;
            }
            List<@Nullable String> encoded = redis.hmget(index, ids);
            for (@Nullable String text : encoded) {
                if (text == null) {
                    continue;
                }
                CacheKeyspace k;
                try {
                    k = CacheKeyspace.decode(text);
                } catch (IllegalArgumentException e) {
                    log.debug("Skipping an unreadable entry of {}: {}", index, e.getMessage());
                    continue;
                }
                if (redis.get(base(k) + "active") != null) {
                    active.add(k);
                }
            }
            return active;
        } catch (RuntimeException e) {
            throw new CacheStoreException(
                    "Redis keyspace index read on " + redis.description() + " failed: " + e.getMessage(), null, e);
        }
    }

    /**
     * activate on a cluster: restart the TTL of every bucket of the generation (before readers can see it), flip the
     * pointer with one script in the keyspace's slot, then retire the other begun generations (and generation
     * {@value #LIVE_GENERATION} on the first activation): mark each of their buckets and make it expire within the
     * grace. The generations retired are then forgotten; if this process dies before that, the next activation
     * retires them again.
     */
    private void activateBuckets(CacheKeyspace keyspace, long generation, ClusterLayout layout) {
        String base = base(keyspace);
        String g = Long.toString(generation);
        String id = keyspace.id();
        if (ttlSeconds > 0) {
            List<String> keys = List.of(layout.bucketKeys(id, generation));
            run(
                    keyspace,
                    "EXPIRE of generation " + g + "'s buckets",
                    () -> redis.evalEach(ClusterLayout.EXPIRE_SCRIPT, keys, Long.toString(ttlSeconds)));
        }
        long previous = call(
                keyspace,
                "activate generation " + g,
                () -> redis.evalLong(
                        ClusterLayout.ACTIVATE_SCRIPT, new String[] {base + "active", base + "pending"}, g));
        activeCache.put(id, cached(keyspace, generation, System.nanoTime()));
        List<String> old = new ArrayList<>(call(
                keyspace,
                "list old generations",
                () -> redis.evalList(
                        ClusterLayout.OLD_GENERATIONS_SCRIPT,
                        new String[] {base + "generations", base + "pending"},
                        g)));
        List<String> retire = new ArrayList<>(old);
        if (previous < 0 && generation != LIVE_GENERATION) {
            retire.add(Long.toString(LIVE_GENERATION));
        }
        if (retire.isEmpty()) {
            return;
        }
        String grace = Long.toString(Math.max(1, retiredGenerationGrace.toMillis()));
        List<String> keys = new ArrayList<>(retire.size() * layout.buckets());
        for (String r : retire) {
            keys.addAll(List.of(layout.bucketKeys(id, Long.parseLong(r))));
        }
        long shortened = call(
                keyspace,
                "retire generations " + retire,
                () -> redis.evalEach(ClusterLayout.RETIRE_SCRIPT, keys, ClusterLayout.RETIRED_FIELD, grace));
        if (!old.isEmpty()) {
            String[] forget = old.toArray(new String[0]);
            run(
                    keyspace,
                    "forget retired generations",
                    () -> redis.evalLong(ClusterLayout.FORGET_SCRIPT, new String[] {base + "generations"}, forget));
        }
        log.debug(
                "Retired generations {} of keyspace {} ({} buckets shortened); they expire within {}",
                retire,
                id,
                shortened,
                retiredGenerationGrace);
    }

    /**
     * Makes every generation other than the active and the pending one expire within the retirement grace: readers
     * of other processes that still hold the previous generation keep reading it until their generation cache
     * expires, and read-through writes no longer reach it (see {@link #put}).
     */
    private void retireGenerationsExcept(CacheKeyspace keyspace, long active, long pending) {
        String prefix = base(keyspace) + "g:";
        List<String> keys = call(keyspace, "SCAN", () -> redis.scan(escapeGlob(prefix) + "*"));
        List<String> old = new ArrayList<>();
        for (String key : keys) {
            String suffix = key.substring(prefix.length());
            if (!suffix.equals(Long.toString(active)) && !suffix.equals(Long.toString(pending))) {
                old.add(key);
            }
        }
        String grace = Long.toString(Math.max(1, retiredGenerationGrace.toMillis()));
        long shortened = 0;
        for (int from = 0; from < old.size(); from += KEYS_PER_RETIRE) {
            String[] chunk = old.subList(from, Math.min(old.size(), from + KEYS_PER_RETIRE))
                    .toArray(new String[0]);
            shortened += call(keyspace, "retire generations", () -> redis.evalLong(RETIRE_SCRIPT, chunk, grace));
        }
        if (shortened > 0) {
            log.debug(
                    "Retired {} generations of keyspace {}; they expire within {}",
                    shortened,
                    keyspace.id(),
                    retiredGenerationGrace);
        }
    }

    /**
     * How long a retired generation stays readable after a switch.
     *
     * @return the grace period
     */
    public Duration retiredGenerationGrace() {
        return retiredGenerationGrace;
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

    private static final String PUT_USER_SCRIPT = "redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) "
            + "redis.call('SADD', KEYS[2], ARGV[3]) "
            + "if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[2], ARGV[2]) end "
            + "return 1";

    private static final String INVALIDATE_USER_SCRIPT = "local ids = redis.call('SMEMBERS', KEYS[1]) "
            + "local removed = {} "
            + "for _, id in ipairs(ids) do "
            + "if redis.call('DEL', ARGV[1] .. id) == 1 then table.insert(removed, id) end "
            + "end "
            + "redis.call('DEL', KEYS[1]) "
            + "return removed";

    /** The key of the set of a user's keyspaces; its lists' keys are this plus {@code ":<keyspace id>"}. */
    String userIndexKey(String userId) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Objects.requireNonNull(userId, "userId").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(32);
            for (int i = 0; i < 16; i++) {
                hex.append(Character.forDigit((hash[i] >> 4) & 0xF, 16)).append(Character.forDigit(hash[i] & 0xF, 16));
            }
            return keyPrefix + "{u:" + hex + "}";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private <T> T userCall(String userId, String what, Supplier<T> command) {
        try {
            return command.get();
        } catch (RuntimeException e) {
            throw new CacheStoreException(
                    "Redis " + what + " of user lists on " + redis.description() + " failed: " + e.getMessage(),
                    "user",
                    e);
        }
    }

    @Override
    public Optional<UserRecommendations> getUser(UserKeyspace keyspace, String userId) {
        String key = userIndexKey(userId) + ":" + keyspace.id();
        String value = userCall(userId, "GET", () -> redis.get(key));
        if (value == null) {
            return Optional.empty();
        }
        try {
            UserRecommendations list = UserRecommendationsCodec.decode(value);
            return list.userId().filter(userId::equals).map(u -> list);
        } catch (IllegalArgumentException e) {
            log.debug("Unreadable cached list of a user treated as absent: {}", e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void putUser(UserKeyspace keyspace, String userId, UserRecommendations list, Duration timeToLive) {
        Objects.requireNonNull(keyspace, "keyspace");
        long millis = timeToLive.toMillis();
        if (millis <= 0) {
            throw new IllegalArgumentException("timeToLive must be positive, but it is " + timeToLive);
        }
        String index = userIndexKey(userId);
        String value = UserRecommendationsCodec.encode(
                list.userId().isPresent()
                        ? list
                        : list.toBuilder().userId(userId).build());
        userCall(
                userId,
                "SET",
                () -> redis.evalLong(
                        PUT_USER_SCRIPT,
                        new String[] {index + ":" + keyspace.id(), index},
                        value,
                        Long.toString(millis),
                        keyspace.id()));
    }

    @Override
    public Set<String> invalidateUser(String userId) {
        String index = userIndexKey(userId);
        List<String> removed = userCall(
                userId, "DEL", () -> redis.evalList(INVALIDATE_USER_SCRIPT, new String[] {index}, index + ":"));
        return Set.copyOf(removed);
    }

    /** Closes the connections and client when the store created them; a borrowed client is left open. */
    @Override
    public void close() {
        redis.close();
    }

    @Override
    public String toString() {
        return "RedisRecommendationStore{" + redis.description() + ", keyPrefix=" + keyPrefix
                + (ttl == null ? "" : ", ttl=" + ttl) + "}";
    }

    /**
     * Parses a {@code redis://} or {@code rediss://} (TLS) URI, with optional {@code user:password@} for AUTH and a
     * database number path.
     *
     * @param uri the URI
     * @return the parsed URI
     * @throws IllegalArgumentException when the scheme is not redis or rediss, or the URI is malformed
     */
    static RedisEndpoint parse(String uri) {
        return RedisUris.parse(uri);
    }

    /** Builder of {@link RedisRecommendationStore}; not thread-safe. */
    public static final class Builder {
        private @Nullable RedisEndpoint redisUri;
        /** A Lettuce {@code StatefulRedisConnection}, held as Object so that no field type names Lettuce. */
        private @Nullable Object connection;

        private @Nullable UnifiedJedis jedis;
        private @Nullable List<RedisEndpoint> clusterUris;
        /**
         * A Lettuce {@code StatefulRedisClusterConnection}, held as Object so that no field type names Lettuce.
         */
        private @Nullable Object clusterConnection;

        private int clusterBuckets = DEFAULT_CLUSTER_BUCKETS;
        private RedisDriver driver = RedisDriver.JEDIS;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private String keyPrefix = "pk:";
        private @Nullable Duration ttl = Duration.ofDays(7);
        private Duration commandTimeout = Duration.ofMillis(500);
        private Duration generationCacheTtl = Duration.ofSeconds(1);
        private @Nullable Duration retiredGenerationGrace;

        private Builder() {}

        /**
         * Connects to Redis at a URI; the store owns and closes the client. {@code redis://[[user]:password@]
         * host[:port][/database]}, or {@code rediss://...} for TLS (the server certificate and host name are verified
         * against the JVM's trust store, {@code javax.net.ssl.trustStore}; for anything else, configure a client
         * yourself and pass it to {@link #jedis(UnifiedJedis)} or {@link
         * #connection(io.lettuce.core.api.StatefulRedisConnection)}).
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
         * Uses a caller's Lettuce connection (Lettuce, {@code io.lettuce:lettuce-core}, is an optional dependency of
         * this module: add it yourself). Borrowed: never closed by the store. Configure it to reject commands while
         * disconnected ({@code ClientOptions.DisconnectedBehavior.REJECT_COMMANDS}) so an outage fails fast.
         *
         * @param connection the connection, with String keys and values (UTF-8)
         * @return this builder
         */
        public Builder connection(io.lettuce.core.api.StatefulRedisConnection<String, String> connection) {
            this.connection = Objects.requireNonNull(connection, "connection");
            return this;
        }

        /**
         * Uses a caller's Jedis client ({@code RedisClient}, or a cluster client, {@code RedisClusterClient} or {@code
         * JedisCluster}, with which each generation is spread over the cluster's slots as {@link #cluster(String...)}
         * does). Borrowed: never closed by the store. Its own timeouts and pool settings apply; keep the socket timeout
         * short so an outage fails fast.
         *
         * @param jedis the client
         * @return this builder
         */
        public Builder jedis(UnifiedJedis jedis) {
            this.jedis = Objects.requireNonNull(jedis, "jedis");
            return this;
        }

        /**
         * Connects to a Redis Cluster through seed nodes (the topology is discovered from any that answers); the store
         * owns and closes the client, with the library chosen by {@link #driver(RedisDriver)}. Each URI has the form of
         * {@link #redisUri(String)} without a database (a cluster has only database 0); credentials and TLS are taken
         * from the first. On a cluster each generation is spread over {@link #clusterBuckets(int)} hashes in different
         * slots, so lists and load spread over the masters (see the class comment).
         *
         * @param seedUris one or more {@code redis://} or {@code rediss://} URIs of cluster nodes
         * @return this builder
         * @throws IllegalArgumentException when none is given, a URI is malformed or names a database other than 0
         */
        public Builder cluster(String... seedUris) {
            Objects.requireNonNull(seedUris, "seedUris");
            if (seedUris.length == 0) {
                throw new IllegalArgumentException("cluster needs at least one seed node URI, but none was given");
            }
            List<RedisEndpoint> uris = new ArrayList<>(seedUris.length);
            for (String u : seedUris) {
                RedisEndpoint uri = parse(u);
                if (uri.database() != 0) {
                    throw new IllegalArgumentException("A Redis Cluster has only database 0, but seed node "
                            + uri.describe() + " names database " + uri.database());
                }
                uris.add(uri);
            }
            this.clusterUris = List.copyOf(uris);
            return this;
        }

        /**
         * Uses a caller's Lettuce cluster connection, spreading each generation over the cluster's slots as {@link
         * #cluster(String...)} does. Borrowed: never closed by the store. Configure its client to reject commands
         * while disconnected and to refresh the topology adaptively, so a failover is followed quickly. Lettuce
         * ({@code io.lettuce:lettuce-core}) is an optional dependency of this module: the caller brings it.
         *
         * @param connection the cluster connection, with String keys and values (UTF-8)
         * @return this builder
         */
        public Builder clusterConnection(
                io.lettuce.core.cluster.api.StatefulRedisClusterConnection<String, String> connection) {
            this.clusterConnection = Objects.requireNonNull(connection, "connection");
            return this;
        }

        /**
         * Sets how many hashes (buckets, each in its own cluster slot) one generation is spread over on a cluster;
         * defaults to {@value RedisRecommendationStore#DEFAULT_CLUSTER_BUCKETS}. More buckets spread lists more evenly
         * over more masters; each activation touches every bucket once. Part of the layout: every process sharing a
         * keyspace must use the same count, or readers miss. Ignored on a single server.
         *
         * @param clusterBuckets 1 to 16384
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder clusterBuckets(int clusterBuckets) {
            if (clusterBuckets < 1 || clusterBuckets > 16384) {
                throw new IllegalArgumentException(
                        "clusterBuckets must be between 1 and 16384, but it is " + clusterBuckets);
            }
            this.clusterBuckets = clusterBuckets;
            return this;
        }

        /**
         * Sets the client library used when connecting by {@link #redisUri(String)} or {@link #cluster(String...)};
         * defaults to {@link RedisDriver#JEDIS} (see {@link RedisDriver} for the measured difference). {@link
         * RedisDriver#LETTUCE} needs the optional dependency {@code io.lettuce:lettuce-core} on the class path ({@link
         * #build()} says so when it is missing).
         *
         * @param driver the client library
         * @return this builder
         */
        public Builder driver(RedisDriver driver) {
            this.driver = Objects.requireNonNull(driver, "driver");
            return this;
        }

        /**
         * Sets the most connections the store opens with {@link RedisDriver#JEDIS} (each blocking call holds one);
         * defaults to {@value RedisRecommendationStore#DEFAULT_MAX_CONNECTIONS}. Size it to the threads that read
         * the cache at once. {@link RedisDriver#LETTUCE} multiplexes one connection and ignores it.
         *
         * @param maxConnections 1 to 1024
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder maxConnections(int maxConnections) {
            if (maxConnections < 1 || maxConnections > 1024) {
                throw new IllegalArgumentException(
                        "maxConnections must be between 1 and 1024, but it is " + maxConnections);
            }
            this.maxConnections = maxConnections;
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
         * Sets how long one call waits for Redis; defaults to 500 ms. With {@link RedisDriver#JEDIS} it bounds the wait
         * for a pooled connection and each socket read; with {@link RedisDriver#LETTUCE}, the wait for the reply.
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
         * Sets how long the previous generation stays readable after {@link RedisRecommendationStore#activate}
         * switches readers away from it; defaults to {@link #generationCacheTtl(Duration)} plus {@link
         * RedisRecommendationStore#DEFAULT_RETIREMENT_MARGIN} (61 s with the defaults). Other processes keep reading
         * the generation they cached for up to their own generation cache TTL: set this above the longest of them
         * (with a margin for slow calls), or their reads miss and go live until they notice the switch. A retired
         * generation never receives read-through writes, so it is gone once the grace has passed.
         *
         * @param grace a positive duration, longer than the generation cache TTL (checked by {@link #build()}); or
         *     {@code null} for the default
         * @return this builder
         * @throws IllegalArgumentException when zero or negative
         */
        public Builder retiredGenerationGrace(@Nullable Duration grace) {
            if (grace != null && (grace.isZero() || grace.isNegative())) {
                throw new IllegalArgumentException("retiredGenerationGrace must be positive, but it is " + grace);
            }
            this.retiredGenerationGrace = grace;
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
         * @throws NullPointerException when none of a URI, cluster seed URIs, a Lettuce connection or cluster connection
         *     or a Jedis client was given
         * @throws IllegalArgumentException when more than one was given, or when retiredGenerationGrace is not longer
         *     than generationCacheTtl
         * @throws IllegalStateException when {@link RedisDriver#LETTUCE} or a Lettuce connection is used and Lettuce
         *     ({@code io.lettuce:lettuce-core}) is not on the class path
         * @throws CacheStoreException when the connection fails
         */
        public RedisRecommendationStore build() {
            return new RedisRecommendationStore(this);
        }
    }
}
