package io.personalizekit.local.internal.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One parsed request: method, raw path and query exactly as sent (percent-encoding kept, as SigV4 needs), headers
 * in arrival order with case-insensitive lookup, and the whole body (de-chunked). Immutable once handed to a
 * handler.
 */
public final class HttpRequest {
    private final String method;
    private final String rawPath;
    private final @Nullable String rawQuery;
    private final List<String> headerNames;
    private final List<String> headerValues;
    private final byte[] body;

    HttpRequest(
            String method,
            String rawPath,
            @Nullable String rawQuery,
            List<String> headerNames,
            List<String> headerValues,
            byte[] body) {
        this.method = method;
        this.rawPath = rawPath;
        this.rawQuery = rawQuery;
        this.headerNames = headerNames;
        this.headerValues = headerValues;
        this.body = body;
    }

    /** @return the method, for example {@code POST} */
    public String method() {
        return method;
    }

    /** @return the path as sent, still percent-encoded; {@code /} when the target had none */
    public String rawPath() {
        return rawPath;
    }

    /** @return the query as sent (without {@code ?}), or {@code null} when there is none */
    public @Nullable String rawQuery() {
        return rawQuery;
    }

    /** @return the body (empty when none); the array is the request's own, do not modify it */
    public byte[] body() {
        return body;
    }

    /**
     * @param name a header name, any case
     * @return the first value of that header, or {@code null}
     */
    public @Nullable String header(String name) {
        return first(headerNames, headerValues, name);
    }

    /** The first value of a header in parallel name/value lists, any case; {@code null} when absent. */
    static @Nullable String first(List<String> names, List<String> values, String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return values.get(i);
            }
        }
        return null;
    }

    /**
     * @param name a header name, any case
     * @return every value of that header in arrival order (empty when absent)
     */
    public List<String> headers(String name) {
        List<String> out = new ArrayList<>(1);
        for (int i = 0; i < headerNames.size(); i++) {
            if (headerNames.get(i).equalsIgnoreCase(name)) {
                out.add(headerValues.get(i));
            }
        }
        return out;
    }

    /** @return the header names in arrival order, as sent (a name sent twice appears twice) */
    public List<String> headerNames() {
        return java.util.Collections.unmodifiableList(headerNames);
    }

    @Override
    public String toString() {
        return method + " " + rawPath + (rawQuery == null ? "" : "?" + rawQuery) + " (" + body.length + " bytes)";
    }

    static String latin1(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
