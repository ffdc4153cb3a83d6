package io.personalizekit.cache.redis;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
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
    private final UnifiedJedis jedis;
    private final @Nullable Pool<Connection> ownedPool;
    private final String description;

    private JedisAdapter(UnifiedJedis jedis, @Nullable Pool<Connection> ownedPool, String description) {
        this.jedis = jedis;
        this.ownedPool = ownedPool;
        this.description = description;
    }

    /** Borrows a caller's client; it is never closed here. */
    static JedisAdapter borrow(UnifiedJedis jedis) {
        return new JedisAdapter(jedis, null, "borrowed Jedis client");
    }

    /** Creates a pooled client of at most {@code maxConnections} connections and checks it with a PING. */
    static JedisAdapter connect(RedisEndpoint uri, Duration commandTimeout, int maxConnections) {
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
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(maxConnections);
        pool.setMaxIdle(maxConnections);
        pool.setMaxWait(commandTimeout);
        pool.setJmxEnabled(false);
        RedisClient client = RedisClient.builder()
                .hostAndPort(uri.host(), uri.port())
                .clientConfig(config.build())
                .poolConfig(pool)
                .build();
        try {
            client.ping();
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        return new JedisAdapter(client, client.getPool(), uri.describe() + " (Jedis)");
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
        if (ownedPool != null) {
            jedis.close();
        }
    }
}
