package io.personalizekit.cache.redis;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Where and how to connect, parsed from a {@code redis://} or {@code rediss://} URI by {@link RedisUris#parse}: no
 * type of either client library, so the store's classes load with only one of them present. {@link #toString()} never
 * shows the credentials.
 */
final class RedisEndpoint {
    /** Redis' default port. */
    static final int DEFAULT_PORT = 6379;

    private final boolean ssl;
    private final String host;
    private final int port;
    private final int database;
    private final @Nullable String username;
    private final char @Nullable [] password;

    RedisEndpoint(
            boolean ssl, String host, int port, int database, @Nullable String username, char @Nullable [] password) {
        this.ssl = ssl;
        this.host = host;
        this.port = port;
        this.database = database;
        this.username = username;
        this.password = password == null ? null : password.clone();
    }

    /** Whether to speak TLS ({@code rediss://}); the server's certificate and host name are always verified. */
    boolean ssl() {
        return ssl;
    }

    /** The host name or address, without brackets for an IPv6 address. */
    String host() {
        return host;
    }

    int port() {
        return port;
    }

    int database() {
        return database;
    }

    /** The AUTH user, or null for the default user. */
    @Nullable
    String username() {
        return username;
    }

    /** A copy of the AUTH password, or null when none is set. */
    char @Nullable [] password() {
        return password == null ? null : password.clone();
    }

    /** The URI without credentials, for messages: {@code rediss://host:6380/2}. */
    String describe() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return (ssl ? "rediss://" : "redis://") + h + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return describe();
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (!(o instanceof RedisEndpoint)) {
            return false;
        }
        RedisEndpoint e = (RedisEndpoint) o;
        return ssl == e.ssl
                && port == e.port
                && database == e.database
                && host.equals(e.host)
                && java.util.Objects.equals(username, e.username)
                && Arrays.equals(password, e.password);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(ssl, host, port, database, username) * 31 + Arrays.hashCode(password);
    }
}
