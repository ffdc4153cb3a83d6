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
     * database number path. No message of the exceptions it throws holds the URI's user info (user and password),
     * and none has a cause that would: the parser's own messages quote the whole URI, so they are cleaned of it.
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
            // Not chained: the parser's exception (and its own causes) quote the URI with the password.
            throw new IllegalArgumentException("Malformed redisUri " + masked(uri) + ": " + reason(e, uri)
                    + (userInfo(uri).isEmpty()
                            ? ""
                            : " (user info hidden; percent-encode reserved characters in it, % as %25)"));
        }
    }

    /**
     * The URI with its user info (everything between {@code ://} and the last {@code @}, so a password holding
     * {@code @}, {@code :} or {@code /} is hidden whole) replaced by {@code ***}.
     */
    private static String masked(String uri) {
        String info = userInfo(uri);
        if (info.isEmpty()) {
            return uri;
        }
        int start = uri.indexOf("://") + 3;
        return uri.substring(0, start) + "***" + uri.substring(start + info.length());
    }

    private static String userInfo(String uri) {
        int scheme = uri.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        int at = uri.lastIndexOf('@');
        return at < start ? "" : uri.substring(start, at);
    }

    /**
     * The parser's reason without the URI: its message with the URI masked, or only the exception's type when the
     * user info (or a part of it) would still show.
     */
    private static String reason(RuntimeException e, String uri) {
        String message = e.getMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        message = message.replace(uri, masked(uri));
        String info = userInfo(uri);
        if (!info.isEmpty()) {
            for (String part : info.split("[:@/%]")) {
                if (part.length() >= 3 && message.contains(part)) {
                    return e.getClass().getSimpleName();
                }
            }
        }
        return message;
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
