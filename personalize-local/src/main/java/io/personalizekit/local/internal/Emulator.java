package io.personalizekit.local.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Assembles and owns the running parts: state, data engine, HTTP listener and S3 endpoint. */
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
            boolean requireSignedRequests) {}

    private final LocalServer server;
    private final DataService data;

    private Emulator(LocalServer server, DataService data) {
        this.server = server;
        this.data = data;
    }

    /** Starts everything; on failure releases what was started. */
    public static Emulator start(Config config) throws IOException {
        DataService data = DataService.open(config);
        try {
            ControlPlane cp = new ControlPlane(config.clock(), config.timeScale(), config.region(), config.accountId(),
                    data);
            data.attach(cp);
            SigV4Verifier verifier = config.requireSignedRequests() ? new SigV4Verifier(config.accessKeys()) : null;
            LocalServer server =
                    LocalServer.start(config.host(), config.port(), config.threads(), cp, data, config.faults(), verifier);
            return new Emulator(server, data);
        } catch (IOException | RuntimeException e) {
            data.close();
            throw e;
        }
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
        server.close();
        data.close();
    }
}
