package io.personalizekit.cache.redis;

import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.util.Pool;

/**
 * Jedis: a pool of blocking connections; the calling thread writes the command and reads the reply itself, with no
 * thread hand-off. A call waits at most the command timeout for a free connection and the command timeout for its
 * reply (the socket read timeout).
 */
final class JedisAdapter implements RedisCommandsAdapter {
    /** The most attempts of one command on a cluster (the first, and one after a redirect or a topology change). */
    static final int CLUSTER_MAX_ATTEMPTS = 2;

    private final UnifiedJedis jedis;
    private final @Nullable Pool<Connection> ownedPool;
    private final boolean owned;
    private final String description;

    private JedisAdapter(UnifiedJedis jedis, @Nullable Pool<Connection> ownedPool, boolean owned, String description) {
        this.jedis = jedis;
        this.ownedPool = ownedPool;
        this.owned = owned;
        this.description = description;
    }

    /** Borrows a caller's client; it is never closed here. */
    static JedisAdapter borrow(UnifiedJedis jedis) {
        return new JedisAdapter(jedis, null, false, "borrowed Jedis client");
    }

    /** Whether a caller's client talks to a Redis Cluster (its keys then spread over slots). */
    static boolean isCluster(UnifiedJedis jedis) {
        return jedis instanceof RedisClusterClient || jedis instanceof JedisCluster;
    }

    /** Creates a pooled client of at most {@code maxConnections} connections and checks it with a PING. */
    static JedisAdapter connect(RedisEndpoint uri, Duration commandTimeout, int maxConnections) {
        ConnectionPoolConfig pool = poolConfig(commandTimeout, maxConnections);
        RedisClient client = RedisClient.builder()
                .hostAndPort(uri.host(), uri.port())
                .clientConfig(clientConfig(uri, commandTimeout))
                .poolConfig(pool)
                .build();
        try {
            client.ping();
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        return new JedisAdapter(client, client.getPool(), true, uri.describe() + " (Jedis)");
    }

    /**
     * Creates a cluster client from seed nodes (the topology is discovered from them), with a pool of at most {@code
     * maxConnections} connections per node. A command follows a redirect or a topology change once ({@value
     * #CLUSTER_MAX_ATTEMPTS} attempts within two command timeouts), then fails, so a failed master costs callers at
     * most that long per call until its replica takes over. The credentials and TLS setting of the first seed apply
     * to every node.
     */
    static JedisAdapter connectCluster(List<RedisEndpoint> seeds, Duration commandTimeout, int maxConnections) {
        Set<HostAndPort> nodes = new LinkedHashSet<>();
        for (RedisEndpoint seed : seeds) {
            nodes.add(new HostAndPort(seed.host(), seed.port()));
        }
        RedisClusterClient client = RedisClusterClient.builder()
                .nodes(nodes)
                .clientConfig(clientConfig(seeds.get(0), commandTimeout))
                .poolConfig(poolConfig(commandTimeout, maxConnections))
                .maxAttempts(CLUSTER_MAX_ATTEMPTS)
                .maxTotalRetriesDuration(commandTimeout.multipliedBy(CLUSTER_MAX_ATTEMPTS))
                .build();
        return new JedisAdapter(client, null, true, ClusterLayout.describe(seeds) + " (Jedis cluster)");
    }

    private static ConnectionPoolConfig poolConfig(Duration commandTimeout, int maxConnections) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(maxConnections);
        pool.setMaxIdle(maxConnections);
        pool.setMaxWait(commandTimeout);
        pool.setJmxEnabled(false);
        return pool;
    }

    private static DefaultJedisClientConfig clientConfig(RedisEndpoint uri, Duration commandTimeout) {
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, commandTimeout.toMillis()));
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMillis)
                .socketTimeoutMillis(timeoutMillis)
                .database(uri.database());
        String user = uri.username();
        if (user != null) {
            config.user(user);
        }
        char[] password = uri.password();
        if (password != null) {
            config.password(new String(password));
        }
        if (uri.ssl()) {
            // FULL checks the certificate chain against the JVM's trust store and the host name.
            config.ssl(true)
                    .sslOptions(SslOptions.builder()
                            .sslVerifyMode(SslVerifyMode.FULL)
                            .build());
        }
        return config.build();
    }

    /**
     * Runs a command; after a connection failure other than a timeout, drops the pool's idle connections (stale
     * after a server restart) and tries once more on a fresh one, which fails at once if Redis is down.
     */
    private <T> T call(Function<UnifiedJedis, T> command) {
        try {
            return command.apply(jedis);
        } catch (JedisConnectionException e) {
            if (ownedPool == null || isTimeout(e)) {
                throw e;
            }
            ownedPool.clear();
            return command.apply(jedis);
        }
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public @Nullable String hget(String key, String field) {
        return call(j -> j.hget(key, field));
    }

    @Override
    public List<@Nullable String> hmget(String key, String[] fields) {
        return call(j -> j.hmget(key, fields));
    }

    @Override
    public void hsetChunks(String key, List<Map<String, String>> chunks, long ttlSeconds) {
        call(j -> {
            try (AbstractPipeline p = j.pipelined()) {
                List<Response<Long>> replies = new ArrayList<>(chunks.size() + 1);
                for (Map<String, String> chunk : chunks) {
                    replies.add(p.hset(key, chunk));
                }
                if (ttlSeconds > 0) {
                    replies.add(p.expire(key, ttlSeconds));
                }
                p.sync();
                for (Response<Long> r : replies) {
                    r.get(); // throws an error reply
                }
                return null;
            }
        });
    }

    @Override
    public void hsetMany(Map<String, List<Map<String, String>>> chunksByKey, long ttlSeconds) {
        call(j -> {
            try (AbstractPipeline p = j.pipelined()) {
                List<Response<Long>> replies = new ArrayList<>();
                for (Map.Entry<String, List<Map<String, String>>> e : chunksByKey.entrySet()) {
                    for (Map<String, String> chunk : e.getValue()) {
                        replies.add(p.hset(e.getKey(), chunk));
                    }
                    if (ttlSeconds > 0) {
                        replies.add(p.expire(e.getKey(), ttlSeconds));
                    }
                }
                p.sync();
                for (Response<Long> r : replies) {
                    r.get(); // throws an error reply
                }
                return null;
            }
        });
    }

    @Override
    public List<List<@Nullable String>> hmgetMany(List<String> keys, List<String[]> fields) {
        if (keys.size() == 1) {
            return List.of(hmget(keys.get(0), fields.get(0)));
        }
        return call(j -> {
            try (AbstractPipeline p = j.pipelined()) {
                List<Response<List<String>>> replies = new ArrayList<>(keys.size());
                for (int i = 0; i < keys.size(); i++) {
                    replies.add(p.hmget(keys.get(i), fields.get(i)));
                }
                p.sync();
                List<List<@Nullable String>> out = new ArrayList<>(keys.size());
                for (Response<List<String>> r : replies) {
                    out.add(r.get());
                }
                return out;
            }
        });
    }

    @Override
    public long evalEach(String script, List<String> keys, String... args) {
        List<String> argList = List.of(args);
        return call(j -> {
            try (AbstractPipeline p = j.pipelined()) {
                List<Response<Object>> replies = new ArrayList<>(keys.size());
                for (String key : keys) {
                    replies.add(p.eval(script, List.of(key), argList));
                }
                p.sync();
                long sum = 0;
                for (Response<Object> r : replies) {
                    sum += (Long) r.get();
                }
                return sum;
            }
        });
    }

    @Override
    public List<String> evalList(String script, String[] keys, String... args) {
        return call(j -> {
            Object reply = j.eval(script, List.of(keys), List.of(args));
            List<String> out = new ArrayList<>();
            if (reply instanceof List<?>) {
                for (Object o : (List<?>) reply) {
                    out.add(o instanceof byte[] ? new String((byte[]) o, StandardCharsets.UTF_8) : String.valueOf(o));
                }
            }
            return out;
        });
    }

    @Override
    public long evalLong(String script, String[] keys, String... args) {
        return call(j -> (Long) j.eval(script, List.of(keys), List.of(args)));
    }

    @Override
    public @Nullable String get(String key) {
        return call(j -> j.get(key));
    }

    @Override
    public Set<String> hkeys(String key) {
        return call(j -> new HashSet<>(j.hkeys(key)));
    }

    @Override
    public List<String> scan(String pattern) {
        return call(j -> {
            ScanParams params = new ScanParams().match(pattern).count(1000);
            List<String> keys = new ArrayList<>();
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = j.scan(cursor, params);
                keys.addAll(page.getResult());
                cursor = page.getCursor();
            } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
            return keys;
        });
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void close() {
        if (owned) {
            jedis.close();
        }
    }
}
