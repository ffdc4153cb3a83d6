package io.personalizekit.spring;

import io.personalizekit.spring.PersonalizeProperties.StoreType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Where the Redis store connects: {@code personalize.cache.redis.url}, else the application's own {@code
 * spring.data.redis.*} settings (those of Spring Data Redis, read from the environment, so Spring Data Redis need not
 * be on the class path). Immutable.
 */
final class RedisSettings {
    private static final String SPRING = "spring.data.redis.";

    /** One {@code redis[s]://} URI per server: one for a single server, the seeds for a cluster. */
    private final List<String> uris;

    private final boolean cluster;

    /** Where the settings came from, for the log and the health details (no password in it). */
    private final String origin;

    private RedisSettings(List<String> uris, boolean cluster, String origin) {
        this.uris = List.copyOf(uris);
        this.cluster = cluster;
        this.origin = origin;
    }

    List<String> uris() {
        return uris;
    }

    boolean cluster() {
        return cluster;
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
            return Optional.of(new RedisSettings(List.of(ownUrl), false, "personalize.cache.redis.url"));
        }
        Binder binder = Binder.get(env);
        List<String> nodes = binder.bind(SPRING + "cluster.nodes", Bindable.listOf(String.class))
                .orElse(List.of());
        String url = env.getProperty(SPRING + "url");
        String host = env.getProperty(SPRING + "host");
        if (type == StoreType.AUTO && nodes.isEmpty() && isBlank(url) && isBlank(host)) {
            return Optional.empty();
        }
        if (!nodes.isEmpty()) {
            List<String> seeds = nodes.stream()
                    .map(n -> uri(env, n.trim(), 0))
                    .toList();
            return Optional.of(new RedisSettings(seeds, true, SPRING + "cluster.nodes " + nodes));
        }
        if (!isBlank(url)) {
            return Optional.of(new RedisSettings(List.of(url), false, SPRING + "url"));
        }
        String hostPort = (isBlank(host) ? "localhost" : host) + ":" + env.getProperty(SPRING + "port", "6379");
        int database = env.getProperty(SPRING + "database", Integer.class, 0);
        return Optional.of(new RedisSettings(
                List.of(uri(env, hostPort, database)), false, SPRING + "host/port (" + hostPort + ")"));
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
