package io.personalizekit.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.personalizekit.cache.CacheKeyspace;
import io.personalizekit.cache.CachingSimilarItemsClient;
import io.personalizekit.cache.RecommendationStore;
import io.personalizekit.examples.news.Article;
import io.personalizekit.recommend.RecommendedItem;
import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.recommend.SimilarItemsRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The article's serving API: {@code GET /articles/{id}/similar?n=25} answered as JSON from the cache through a
 * {@link CachingSimilarItemsClient} (read-through: a miss asks Personalize and fills the cache). Unknown article
 * ids get 404; responses carry {@code Cache-Control} and an {@code ETag}, and {@code If-None-Match} gets 304.
 */
final class SimilarArticlesApi implements AutoCloseable {
    private static final Pattern PATH = Pattern.compile("^/articles/([^/]+)/similar/?$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final CachingSimilarItemsClient cached;
    private final Map<String, Article> articles;

    private SimilarArticlesApi(
            HttpServer server,
            ExecutorService executor,
            CachingSimilarItemsClient cached,
            Map<String, Article> articles) {
        this.server = server;
        this.executor = executor;
        this.cached = cached;
        this.articles = articles;
    }

    static SimilarArticlesApi start(
            int port,
            SimilarItemsClient live,
            RecommendationStore store,
            CacheKeyspace keyspace,
            Map<String, Article> articles) {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        CachingSimilarItemsClient cached = CachingSimilarItemsClient.builder()
                .delegate(live)
                .store(store)
                .keyspace(keyspace) // the fetcher's: same campaign, model and list length
                .ttl(Duration.ofDays(14))
                .build();
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            ExecutorService executor = Executors.newFixedThreadPool(4);
            SimilarArticlesApi api = new SimilarArticlesApi(server, executor, cached, articles);
            server.createContext("/articles/", api::handle);
            server.setExecutor(executor);
            server.start();
            return api;
        } catch (IOException e) {
            cached.close();
            throw new UncheckedIOException("cannot listen on port " + port, e);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Matcher m = PATH.matcher(ex.getRequestURI().getPath());
            if (!"GET".equals(ex.getRequestMethod())) {
                send(ex, 405, error("only GET is supported"), null);
                return;
            }
            if (!m.matches()) {
                send(ex, 404, error("no such resource; try /articles/{id}/similar?n=25"), null);
                return;
            }
            String id = m.group(1);
            Article seed = articles.get(id);
            if (seed == null) {
                send(ex, 404, error("unknown article '" + id + "'"), null);
                return;
            }
            int n;
            try {
                n = numResults(ex.getRequestURI().getRawQuery());
            } catch (IllegalArgumentException e) {
                send(ex, 400, error(e.getMessage()), null);
                return;
            }
            SimilarItems similar = similarArticles(id, n);
            ObjectNode body = JSON.createObjectNode();
            body.put("articleId", id);
            body.set("labels", JSON.valueToTree(seed.labels()));
            body.put("source", similar.source().name());
            similar.recommendationId().ifPresent(r -> body.put("recommendationId", r));
            body.put("fetchedAt", similar.fetchedAt().toString());
            ArrayNode items = body.putArray("similar");
            for (RecommendedItem item : similar.items()) {
                ObjectNode o = items.addObject();
                o.put("id", item.itemId());
                Article a = articles.get(item.itemId());
                if (a != null) {
                    o.set("labels", JSON.valueToTree(a.labels()));
                }
            }
            byte[] bytes = JSON.writeValueAsBytes(body);
            String etag = "\"" + sha256(bytes).substring(0, 32) + "\"";
            if (etag.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                ex.getResponseHeaders().set("ETag", etag);
                ex.sendResponseHeaders(304, -1);
                return;
            }
            send(ex, 200, bytes, etag);
        } catch (RuntimeException e) {
            send(ex, 503, error("similar articles are unavailable right now: " + e.getMessage()), null);
        }
    }

    /**
     * Up to the keyspace's length, the first {@code n} of the cached list (a shorter list is the head of a longer
     * one); beyond it, a request of its own, cached in its own keyspace.
     */
    private SimilarItems similarArticles(String id, int n) {
        SimilarItems full = n <= cached.keyspace().numResults()
                ? cached.similarTo(id)
                : cached.similarItems(r -> r.itemId(id).numResults(n));
        return full.items().size() <= n
                ? full
                : full.toBuilder().items(full.items().subList(0, n)).build();
    }

    private static int numResults(String query) {
        if (query == null) {
            return 25;
        }
        for (String p : query.split("&")) {
            if (p.startsWith("n=")) {
                int n;
                try {
                    n = Integer.parseInt(p.substring(2));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("n must be a number between 1 and 500");
                }
                if (n < 1 || n > SimilarItemsRequest.MAX_NUM_RESULTS) {
                    throw new IllegalArgumentException(
                            "n must be between 1 and " + SimilarItemsRequest.MAX_NUM_RESULTS);
                }
                return n;
            }
        }
        return 25;
    }

    private static byte[] error(String message) {
        ObjectNode o = JSON.createObjectNode().put("error", message);
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange ex, int status, byte[] body, String etag) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        if (status == 200) {
            ex.getResponseHeaders().set("Cache-Control", "public, max-age=3600");
            ex.getResponseHeaders().set("ETag", etag);
        } else {
            ex.getResponseHeaders().set("Cache-Control", "no-store");
        }
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        cached.close();
    }
}
