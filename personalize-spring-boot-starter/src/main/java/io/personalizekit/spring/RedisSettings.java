package io.personalizekit.spring;

import io.personalizekit.spring.PersonalizeProperties.StoreType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;

/**
 * Where the Redis store connects: {@code personalize.cache.redis.url}, else the application's own {@code
 * spring.data.redis.*} settings (those of Spring Data Redis, read from the environment, so Spring Data Redis need not
 * be on the class path): url, else host, port, username, password, database and ssl.enabled. A Redis Cluster
 * ({@code spring.data.redis.cluster.nodes}) is not read: define a {@code RecommendationStore} bean with {@code
 * RedisRecommendationStore.builder().cluster(..)} for it. Immutable.
 */
final class RedisSettings {
    private static final String SPRING = "spring.data.redis.";

    /** The server's {@code redis[s]://} URI. */
    private final String uri;

    /** Where the settings came from, for the log and the health details (no password in it). */
    private final String origin;

    private RedisSettings(String uri, String origin) {
        this.uri = uri;
        this.origin = origin;
    }

    String uri() {
        return uri;
    }

    String origin() {
        return origin;
    }

    /**
     * The Redis the cache uses, or empty for the in-memory store.
     *
     * @param type the configured store type
     * @param ownUrl {@code personalize.cache.redis.url}
     * @param env the application's environment
     */
    static Optional<RedisSettings> resolve(StoreType type, @Nullable String ownUrl, Environment env) {
        if (type == StoreType.MEMORY) {
            return Optional.empty();
        }
        if (ownUrl != null && !ownUrl.isBlank()) {
            return Optional.of(new RedisSettings(ownUrl, "personalize.cache.redis.url"));
        }
        String url = env.getProperty(SPRING + "url");
        String host = env.getProperty(SPRING + "host");
        if (type == StoreType.AUTO && isBlank(url) && isBlank(host)) {
            return Optional.empty();
        }
        if (!isBlank(url)) {
            return Optional.of(new RedisSettings(url, SPRING + "url"));
        }
        String hostPort = (isBlank(host) ? "localhost" : host) + ":" + env.getProperty(SPRING + "port", "6379");
        int database = env.getProperty(SPRING + "database", Integer.class, 0);
        return Optional.of(new RedisSettings(uri(env, hostPort, database), SPRING + "host/port (" + hostPort + ")"));
    }

    /** A URI for {@code host:port} with the spring.data.redis credentials, TLS flag and database. */
    private static String uri(Environment env, String hostPort, int database) {
        boolean tls = env.getProperty(SPRING + "ssl.enabled", Boolean.class, false);
        String user = env.getProperty(SPRING + "username");
        String password = env.getProperty(SPRING + "password");
        StringBuilder sb = new StringBuilder(tls ? "rediss://" : "redis://");
        if (!isBlank(password)) {
            if (!isBlank(user)) {
                sb.append(encode(user));
            }
            sb.append(':').append(encode(password)).append('@');
        }
        sb.append(hostPort);
        if (database != 0) {
            sb.append('/').append(database);
        }
        return sb.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static boolean isBlank(@Nullable String s) {
        return s == null || s.isBlank();
    }
}
