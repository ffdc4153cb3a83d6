package io.personalizekit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.personalizekit.cache.CacheKeyspace;
import io.personalizekit.cache.CachingSimilarItemsClient;
import io.personalizekit.cache.RecommendationStore;
import io.personalizekit.recommend.RecommendedItem;
import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.recommend.SimilarItemsRequest;
import io.personalizekit.resource.Deployment;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code personalize-kit serve}: {@code GET /items/{id}/similar?n=25} from the Redis cache. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Serves GET /items/{id}/similar?n=25 as JSON from the Redis cache that 'fetch' filled, read-through: a"
                    + " miss asks the campaign and fills the cache; when the campaign fails, a stale list is served.",
            "Prints the URL once listening (with -o json, one document {\"url\": ...}); runs until Ctrl-C (exit"
                    + " code 130)."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  personalize-kit serve --pipeline news-pipeline.json --redis-url redis://127.0.0.1:6379 --port 8080",
            "  curl 'http://127.0.0.1:8080/items/article-1/similar?n=10'"
        })
final class ServeCommand extends CliCommand {
    private static final Pattern PATH = Pattern.compile("^/items/([^/]+)/similar/?$");

    @Mixin
    final TargetOptions target = new TargetOptions();

    @Mixin
    final CacheOptions cache = new CacheOptions();

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "8080",
            description = "0 picks a free port. Default: ${DEFAULT-VALUE}.")
    int port = 8080;

    @Option(
            names = "--host",
            paramLabel = "ADDR",
            defaultValue = "127.0.0.1",
            description = "The address to bind. Default: ${DEFAULT-VALUE}.")
    String host = "127.0.0.1";

    @Override
    int run(Session session) throws InterruptedException {
        Output out = session.output();
        Deployment deployment = target.deployment(session);
        CacheKeyspace keyspace = cache.keyspace(deployment);
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try (RecommendationStore store = cache.store();
                SimilarItemsClient live = SimilarItemsClient.builder()
                        .runtimeClient(session.runtime())
                        .deployment(deployment)
                        .build();
                CachingSimilarItemsClient cached = CachingSimilarItemsClient.builder()
                        .delegate(live)
                        .store(store)
                        .keyspace(keyspace)
                        .ttl(Duration.ofDays(14))
                        .build()) {
            HttpServer server;
            try {
                server = HttpServer.create(new InetSocketAddress(host, port), 0);
            } catch (IOException e) {
                throw CliException.badInput("cannot listen on " + host + ":" + port + ": " + e.getMessage());
            }
            server.createContext("/", ex -> handle(ex, cached));
            server.setExecutor(executor);
            server.start();
            String url = "http://" + host + ":" + server.getAddress().getPort();
            ObjectNode json = Output.object();
            json.put("url", url);
            json.put("keyspace", keyspace.id());
            out.result(
                    json,
                    w -> w.println("Serving " + url + "/items/{id}/similar?n=" + cache.numResults + " from "
                            + cache.redactedUrl() + " (keyspace " + keyspace.id() + "); Ctrl-C stops."));
            try {
                new CountDownLatch(1).await();
            } finally {
                server.stop(0);
                executor.shutdownNow();
            }
        }
        return ExitCodes.OK; // not reached: the await ends with an interrupt
    }

    private void handle(HttpExchange ex, CachingSimilarItemsClient cached) throws IOException {
        try (ex) {
            if (!"GET".equals(ex.getRequestMethod())) {
                send(ex, 405, error("only GET is supported"));
                return;
            }
            Matcher m = PATH.matcher(ex.getRequestURI().getPath());
            if (!m.matches()) {
                send(ex, 404, error("no such resource; try /items/{id}/similar?n=" + cache.numResults));
                return;
            }
            String id = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
            int n;
            try {
                n = numResults(ex.getRequestURI().getRawQuery());
            } catch (IllegalArgumentException e) {
                send(ex, 400, error(e.getMessage()));
                return;
            }
            SimilarItems similar;
            try {
                similar = n <= cache.numResults
                        ? cached.similarTo(id)
                        : cached.similarItems(r -> r.itemId(id).numResults(n));
            } catch (IllegalArgumentException e) {
                send(ex, 400, error(e.getMessage()));
                return;
            } catch (RuntimeException e) {
                send(ex, 503, error("similar items are unavailable right now: " + e.getMessage()));
                return;
            }
            ObjectNode body = Output.object();
            body.put("itemId", id);
            body.put("source", similar.source().name());
            similar.recommendationId().ifPresent(r -> body.put("recommendationId", r));
            ArrayNode items = body.putArray("items");
            similar.items().stream().limit(n).map(RecommendedItem::itemId).forEach(items::add);
            send(ex, 200, Output.JSON.writeValueAsBytes(body));
        }
    }

    private int numResults(String query) {
        if (query == null) {
            return cache.numResults;
        }
        for (String p : query.split("&")) {
            if (p.startsWith("n=")) {
                try {
                    int n = Integer.parseInt(p.substring(2));
                    if (n >= 1 && n <= SimilarItemsRequest.MAX_NUM_RESULTS) {
                        return n;
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
                throw new IllegalArgumentException("n must be a number from 1 to " + SimilarItemsRequest.MAX_NUM_RESULTS
                        + ", not '" + p.substring(2) + "'");
            }
        }
        return cache.numResults;
    }

    private static byte[] error(String message) {
        return Output.render(Output.object().put("error", message)).getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
        }
    }
}
