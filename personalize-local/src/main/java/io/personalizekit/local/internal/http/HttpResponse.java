package io.personalizekit.local.internal.http;

import java.util.ArrayList;
import java.util.List;

/** A complete response: status, headers and body, written in one go (with {@code Content-Length}). */
public final class HttpResponse {
    private final int status;
    private final List<String> headerNames = new ArrayList<>(4);
    private final List<String> headerValues = new ArrayList<>(4);
    private final byte[] body;
    private long headLength = -1;

    private HttpResponse(int status, byte[] body) {
        this.status = status;
        this.body = body;
    }

    /**
     * @param status the HTTP status
     * @param body the body (not copied)
     * @return a response without headers yet
     */
    public static HttpResponse of(int status, byte[] body) {
        return new HttpResponse(status, body);
    }

    /**
     * Adds a header. {@code Content-Length} and {@code Connection} are the server's and must not be set here.
     *
     * @param name the name
     * @param value the value, without CR or LF
     * @return this response
     */
    public HttpResponse header(String name, String value) {
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("Header " + name + " value contains CR or LF");
        }
        headerNames.add(name);
        headerValues.add(value);
        return this;
    }

    /**
     * For an answer to {@code HEAD}, which has no body: the {@code Content-Length} a {@code GET} would have sent.
     *
     * @param length the length in bytes, 0 or more
     * @return this response
     */
    public HttpResponse headLength(long length) {
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0: " + length);
        }
        this.headLength = length;
        return this;
    }

    /** @return the {@code Content-Length} to send: the {@link #headLength(long)} when set, else the body's */
    long contentLength() {
        return headLength >= 0 ? headLength : body.length;
    }

    /** @return the status */
    public int status() {
        return status;
    }

    /** @return the body */
    public byte[] body() {
        return body;
    }

    List<String> headerNames() {
        return headerNames;
    }

    List<String> headerValues() {
        return headerValues;
    }
}
