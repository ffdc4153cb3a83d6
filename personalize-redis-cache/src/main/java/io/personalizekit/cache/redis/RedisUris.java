package io.personalizekit.cache.redis;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Parsing and printing of {@code redis://} and {@code rediss://} URIs, shared by both client adapters. */
final class RedisUris {
    private RedisUris() {}

    /**
     * Parses a {@code redis://} or {@code rediss://} (TLS) URI, with optional {@code user:password@} for AUTH and a
     * database number path.
     *
     * @throws IllegalArgumentException when the scheme is not redis or rediss, or the URI is malformed
     */
    static RedisURI parse(String uri) {
        Objects.requireNonNull(uri, "redisUri");
        if (!uri.startsWith("redis://") && !uri.startsWith("rediss://")) {
            throw new IllegalArgumentException(
                    "redisUri must start with redis:// or rediss:// (TLS), but it is " + masked(uri));
        }
        try {
            return RedisURI.create(uri);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Malformed redisUri " + masked(uri) + ": " + e.getMessage(), e);
        }
    }

    private static String masked(String uri) {
        return uri.replaceAll(":[^:@/]*@", ":***@");
    }

    /** The URI without credentials. */
    static String describe(RedisURI uri) {
        return (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
    }

    /** The URI's user and password, or null when it has none. */
    static @Nullable RedisCredentials credentials(RedisURI uri) {
        RedisCredentials c = uri.getCredentialsProvider().resolveCredentials().block();
        return c == null || (!c.hasUsername() && !c.hasPassword()) ? null : c;
    }
}
