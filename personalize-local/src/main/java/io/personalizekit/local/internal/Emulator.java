package io.personalizekit.local.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Assembles and owns the running parts: state, data engine, HTTP listener and S3 storage (embedded or external). */
public final class Emulator implements AutoCloseable {
    /** Everything the emulator is configured with. */
    public record Config(
            String host,
            int port,
            int s3Port,
            @Nullable Path dataDir,
            double timeScale,
            Clock clock,
            String region,
            String accountId,
            int threads,
            Faults faults,
            Map<String, String> accessKeys,
            boolean requireSignedRequests,
            @Nullable ExternalS3 externalS3,
            boolean fsyncEachWrite,
            java.time.Duration describeAwaitsWork) {}

    /** An external S3-compatible endpoint used instead of the embedded one. */
    public record ExternalS3(URI endpoint, String accessKeyId, String secretAccessKey) {
        @Override
        public String toString() {
            return "ExternalS3[" + endpoint + ", accessKeyId=" + accessKeyId + "]";
        }
    }

    private final LocalServer server;
    private final DataService data;
    private final @Nullable Journal journal;
    private final AutoTraining autoTraining;

    private Emulator(LocalServer server, DataService data, @Nullable Journal journal, AutoTraining autoTraining) {
        this.server = server;
        this.data = data;
        this.journal = journal;
        this.autoTraining = autoTraining;
    }

    /** Starts everything; on failure releases what was started. */
    public static Emulator start(Config config) throws IOException {
        DataService data = DataService.open(config);
        Journal journal = null;
        try {
            Journal.ReplayClock clock = new Journal.ReplayClock(config.clock());
            ControlPlane cp = new ControlPlane(clock, config.timeScale(), config.region(), config.accountId(), data);
            data.attach(cp);
            cp.describeAwaitsWork(config.describeAwaitsWork());
            if (config.dataDir() != null) {
                journal = Journal.open(config.dataDir(), config.fsyncEachWrite());
                replay(journal, clock, cp, data);
                List<Journal.Entry> entries = journal.entries();
                cp.autoTraining()
                        .resumeAfter(
                                entries.isEmpty()
                                        ? null
                                        : entries.get(entries.size() - 1).at());
                Journal j = journal;
                cp.recorder((op, at, body, response) -> j.record(true, op, at, body, response));
            }
            SigV4Verifier verifier = config.requireSignedRequests()
                    ? new SigV4Verifier(config.accessKeys(), config.region(), config.clock())
                    : null;
            LocalServer server = LocalServer.start(
                    config.host(), config.port(), config.threads(), cp, data, config.faults(), verifier, journal);
            cp.autoTraining().start();
            return new Emulator(server, data, journal, cp.autoTraining());
        } catch (IOException | RuntimeException e) {
            data.close();
            if (journal != null) {
                journal.close();
            }
            throw e;
        }
    }

    /** Re-applies the recorded requests in order, each at its time, waiting for each one's work. */
    private static void replay(Journal journal, Journal.ReplayClock clock, ControlPlane cp, DataService data) {
        try {
            for (Journal.Entry e : journal.entries()) {
                clock.fix(e.at());
                cp.replaying(e.response());
                try {
                    if (e.controlPlane()) {
                        cp.handle(e.operation(), e.body().deepCopy());
                    } else {
                        data.handle(e.operation(), e.body().deepCopy());
                    }
                } catch (ApiException ignored) {
                    // It succeeded when recorded; if the world moved on (objects changed) skip it.
                }
                e.response().properties().forEach(m -> {
                    if (m.getKey().endsWith("Arn") && m.getValue().isTextual()) {
                        cp.anyResource(m.getValue().asText())
                                .ifPresent(r -> r.lifecycle.work().join());
                    }
                });
            }
        } finally {
            cp.replaying(null);
            clock.fix(null);
        }
    }

    /**
     * One aggregated figure of a metric attribution.
     *
     * @param metricName the metric's name
     * @param eventType its event type
     * @param mathFunction {@code sum} or {@code samplecount}
     * @param eventAttributionSource the source the events were attributed to
     * @param windowStart the start of its 15-minute window, epoch seconds
     * @param value the sum or the count
     */
    public record MetricFigure(
            String metricName,
            String eventType,
            String mathFunction,
            String eventAttributionSource,
            long windowStart,
            double value) {}

    /**
     * What a metric attribution has measured of PutEvents events and INCREMENTAL imports (what the service sends
     * to CloudWatch).
     *
     * @return the figures by metric name, source and window; empty when there is no metric attribution by that ARN
     */
    public java.util.Optional<java.util.List<MetricFigure>> attributionMetrics(String metricAttributionArn) {
        return data.attributionTotals(metricAttributionArn)
                .map(rows -> rows.stream()
                        .map(r -> new MetricFigure(
                                r.metricName(), r.eventType(), r.function(), r.source(), r.windowStart(), r.value()))
                        .collect(java.util.stream.Collectors.toList()));
    }

    /** @return the Personalize endpoint (control plane, runtime and events) */
    public URI endpoint() {
        return server.endpoint();
    }

    /** @return the S3 endpoint */
    public URI s3Endpoint() {
        return data.s3Endpoint();
    }

    @Override
    public void close() {
        autoTraining.close();
        server.close();
        data.close();
        if (journal != null) {
            journal.close();
        }
    }
}
