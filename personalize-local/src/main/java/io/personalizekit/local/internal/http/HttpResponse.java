package io.personalizekit.local.internal.http;

import java.util.ArrayList;
import java.util.List;

/** A complete response: status, headers and body, written in one go (with {@code Content-Length}). */
public final class HttpResponse {
    private final int status;
    private final List<String> headerNames = new ArrayList<>(4);
    private final List<String> headerValues = new ArrayList<>(4);
    private final byte[] body;

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
