package io.personalizekit.local.internal.http;

/** Answers one request. Called on the connection's own thread; must be thread-safe across connections. */
@FunctionalInterface
public interface HttpHandler {
    /**
     * @param request the request
     * @return the response
     */
    HttpResponse handle(HttpRequest request);
}
