package io.personalizekit.cache.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/**
 * Parsing and printing of {@code redis://} and {@code rediss://} URIs, shared by both client adapters. Our own
 * parser on {@link URI} (not Lettuce's), so that the Jedis path needs no Lettuce on the class path.
 */
final class RedisUris {
    private RedisUris() {}

    /**
     * Parses a {@code redis://} or {@code rediss://} (TLS) URI, with optional {@code user:password@} for AUTH and a
     * database number path: {@code redis[s]://[[user]:password@]host[:port][/database]}. User info is {@code
     * user:password}, {@code :password} or {@code password} alone, percent-decoded; the port defaults to {@value
     * RedisEndpoint#DEFAULT_PORT} and the database to 0. No message of the exceptions it throws holds the URI's user
     * info (user and password), and none has a cause that would: the parser's own messages quote the whole URI, so
     * they are cleaned of it.
     *
     * @throws IllegalArgumentException when the scheme is not redis or rediss, the URI is malformed, has no host,
     *     has a query or fragment, or its path is not a database number
     */
    static RedisEndpoint parse(String uri) {
        Objects.requireNonNull(uri, "redisUri");
        if (!uri.startsWith("redis://") && !uri.startsWith("rediss://")) {
            throw new IllegalArgumentException(
                    "redisUri must start with redis:// or rediss:// (TLS), but it is " + masked(uri));
        }
        URI parsed;
        try {
            parsed = new URI(uri).parseServerAuthority();
        } catch (URISyntaxException | RuntimeException e) {
            // Not chained: the parser's exception quotes the URI with the password.
            throw malformed(uri, reason(e, uri));
        }
        String host = parsed.getHost();
        if (host == null || host.isEmpty()) {
            throw malformed(uri, "no host");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (parsed.getRawQuery() != null || parsed.getRawFragment() != null) {
            throw malformed(
                    uri,
                    "query parameters and fragments are not supported; for other settings, configure a client"
                            + " yourself and pass it to jedis(..) or connection(..)");
        }
        int database = database(uri, parsed.getRawPath());
        String username = null;
        char[] password = null;
        String rawUserInfo = parsed.getRawUserInfo();
        if (rawUserInfo != null && !rawUserInfo.isEmpty()) {
            int colon = rawUserInfo.indexOf(':');
            String rawUser = colon < 0 ? "" : rawUserInfo.substring(0, colon);
            String rawPassword = colon < 0 ? rawUserInfo : rawUserInfo.substring(colon + 1);
            username = rawUser.isEmpty() ? null : decode(rawUser);
            password = rawPassword.isEmpty() ? null : decode(rawPassword).toCharArray();
        }
        return new RedisEndpoint(
                uri.startsWith("rediss://"),
                host,
                parsed.getPort() < 0 ? RedisEndpoint.DEFAULT_PORT : parsed.getPort(),
                database,
                username,
                password);
    }

    private static int database(String uri, @org.jspecify.annotations.Nullable String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.equals("/")) {
            return 0;
        }
        String digits = rawPath.substring(1);
        if (!digits.matches("\\d{1,5}")) {
            throw malformed(uri, "the path must be a database number, such as /0, but it is " + rawPath);
        }
        return Integer.parseInt(digits);
    }

    /** Percent-decodes a part of the user info ({@code +} stays a plus sign). */
    private static String decode(String raw) {
        return java.net.URLDecoder.decode(raw.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static IllegalArgumentException malformed(String uri, String reason) {
        return new IllegalArgumentException("Malformed redisUri " + masked(uri) + ": " + reason
                + (userInfo(uri).isEmpty()
                        ? ""
                        : " (user info hidden; percent-encode reserved characters in it, % as %25)"));
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
    private static String reason(Exception e, String uri) {
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
}
