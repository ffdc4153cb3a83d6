package io.personalizekit.benchmarks.recommend;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.personalizekit.recommend.RelatedItems;
import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.recommend.SimilarItemsRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;

/**
 * Related items for several seeds: the default client's bounded fan-out against the interface's one-after-the-other
 * default, side by side, on a local HTTP server answering {@code POST /recommendations} after a fixed latency (a
 * scheduled response, no sleeping thread).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SimilarItemsFanOutBenchmark -f 1 -wi 2 -i 3}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class SimilarItemsFanOutBenchmark {
    private static final String CAMPAIGN = "arn:aws:personalize:us-east-1:000000000000:campaign/bench";
    private static final Pattern ITEM_ID = Pattern.compile("\"itemId\"\\s*:\\s*\"([^\"]+)\"");

    /** Simulated service latency per call, in milliseconds. */
    @Param({"10"})
    public int latencyMillis;

    /** How many seeds per call. */
    @Param({"8"})
    public int seeds;

    private HttpServer server;
    private ExecutorService serverThreads;
    private ScheduledExecutorService responder;
    private PersonalizeRuntimeClient runtime;
    private SimilarItemsClient concurrent;
    private SimilarItemsClient sequential;
    private List<String> seedIds;

    /**
     * Starts the server and the clients.
     *
     * @throws IOException when the server cannot start
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        serverThreads = Executors.newFixedThreadPool(4);
        responder = Executors.newScheduledThreadPool(2);
        server.setExecutor(serverThreads);
        server.createContext("/recommendations", this::answer);
        server.start();
        runtime = PersonalizeRuntimeClient.builder()
                .endpointOverride(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "skid")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
        concurrent = SimilarItemsClient.builder()
                .runtimeClient(runtime)
                .campaignArn(CAMPAIGN)
                .maxConcurrency(4)
                .build();
        SimilarItemsClient delegate = concurrent;
        sequential = new SimilarItemsClient() {
            @Override
            public SimilarItems similarItems(SimilarItemsRequest request) {
                return delegate.similarItems(request);
            }

            @Override
            public void close() {}
        };
        seedIds = new ArrayList<>();
        for (int i = 0; i < seeds; i++) {
            seedIds.add("seed-" + i);
        }
    }

    /** Stops everything. */
    @TearDown(Level.Trial)
    public void tearDown() {
        concurrent.close();
        runtime.close();
        server.stop(0);
        serverThreads.shutdownNow();
        responder.shutdownNow();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Matcher m = ITEM_ID.matcher(body);
        String seed = m.find() ? m.group(1) : "x";
        StringBuilder json = new StringBuilder("{\"itemList\":[");
        for (int i = 0; i < 25; i++) {
            json.append(i == 0 ? "" : ",")
                    .append("{\"itemId\":\"")
                    .append(seed)
                    .append("-sim-")
                    .append(i % 20)
                    .append("\"}");
        }
        byte[] bytes =
                json.append("],\"recommendationId\":\"RID-bench\"}").toString().getBytes(StandardCharsets.UTF_8);
        responder.schedule(
                () -> {
                    try (OutputStream out = exchange.getResponseBody()) {
                        exchange.getResponseHeaders().set("Content-Type", "application/json");
                        exchange.sendResponseHeaders(200, bytes.length);
                        out.write(bytes);
                    } catch (IOException e) {
                        exchange.close();
                    }
                },
                latencyMillis,
                TimeUnit.MILLISECONDS);
    }

    /**
     * The default client: seeds asked concurrently, at most 4 at once.
     *
     * @return the merged result
     */
    @Benchmark
    public RelatedItems fanOutBounded() {
        return concurrent.similarToMany(seedIds);
    }

    /**
     * The interface's default: seeds asked one after the other.
     *
     * @return the merged result
     */
    @Benchmark
    public RelatedItems oneAfterTheOther() {
        return sequential.similarToMany(seedIds);
    }
}
