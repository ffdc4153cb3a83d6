package io.personalizekit.testing;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * A real S3-compatible server (s3proxy 4.1.0 over an in-memory {@code TransientNio2BlobStore}) started in-process,
 * for tests that must exercise the S3 wire protocol rather than a mock.
 *
 * <p>Use it as a JUnit 5 extension (started once per test class, stopped after it):
 *
 * <pre>{@code
 * @RegisterExtension
 * static final S3ProxyServer S3 = S3ProxyServer.create();
 *
 * @Test
 * void upload() {
 *     S3Client s3 = S3.client();               // path-style, static credentials, apache http client
 *     S3.createBucket("my-bucket");
 * }
 * }</pre>
 *
 * <p>or manually with {@link #start()} and {@link #close()}. Settings follow feasibility.md section 2: the
 * transient NIO.2 store, {@code ignoreUnknownHeaders(true)} (the SDK sends checksum headers s3proxy does not model),
 * and a path-style client. s3proxy starts in about half a second and binds an ephemeral loopback port.
 */
public final class S3ProxyServer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    /** The access key the server accepts and {@link #client()} signs with. */
    public static final String ACCESS_KEY = "akid";

    /** The secret key the server accepts and {@link #client()} signs with. */
    public static final String SECRET_KEY = "skid";

    private @Nullable S3Proxy proxy;
    private @Nullable S3Client client;

    private S3ProxyServer() {}

    /**
     * Creates a server that is not started yet.
     *
     * @return the server
     */
    public static S3ProxyServer create() {
        return new S3ProxyServer();
    }

    /**
     * Starts the server on an ephemeral loopback port; a no-op when already started.
     *
     * @return this server
     */
    public synchronized S3ProxyServer start() {
        if (proxy != null) {
            return this;
        }
        S3Proxy p = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .ignoreUnknownHeaders(true)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .build();
        try {
            p.start(); // Jetty's start() returns once the connector is bound
        } catch (Exception e) {
            throw new IllegalStateException("s3proxy failed to start: " + e, e);
        }
        if (!"STARTED".equals(p.getState())) {
            throw new IllegalStateException("s3proxy did not reach STARTED, state is " + p.getState());
        }
        proxy = p;
        return this;
    }

    /**
     * The server's endpoint, for {@code endpointOverride}.
     *
     * @return the endpoint, for example {@code http://127.0.0.1:43121}
     */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + started().getPort());
    }

    /**
     * A shared path-style {@link S3Client} for this server, created on first use and closed by {@link #close()}.
     *
     * @return the client
     */
    public synchronized S3Client client() {
        if (client == null) {
            client = clientBuilder().build();
        }
        return client;
    }

    /**
     * A new client builder configured for this server (path style, static credentials, region us-east-1, apache
     * http client, the SDK's standard retries), for tests that need their own client. The caller closes what it
     * builds. Calling {@code overrideConfiguration} again replaces the retry setting.
     *
     * @return the builder
     */
    public S3ClientBuilder clientBuilder() {
        return S3Client.builder()
                .endpointOverride(endpoint())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClientBuilder(ApacheHttpClient.builder().connectionTimeout(Duration.ofSeconds(5)))
                // s3proxy (Jetty) drops a connection after answering an error before reading a request's body;
                // the standard strategy retries once on the stale pooled connection instead of failing the test
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy()));
    }

    /**
     * A new client for this server, configured as {@link #clientBuilder()} does but without retries, with
     * execution interceptors added (for observing requests or injecting faults). The caller closes it.
     *
     * @param interceptors the interceptors, in order
     * @return the client
     */
    public S3Client clientWith(ExecutionInterceptor... interceptors) {
        return clientBuilder()
                .overrideConfiguration(o -> {
                    o.retryStrategy(AwsRetryStrategy.doNotRetry());
                    for (ExecutionInterceptor i : interceptors) {
                        o.addExecutionInterceptor(i);
                    }
                })
                .build();
    }

    /**
     * Creates a bucket (idempotent within a test run: an existing bucket is kept).
     *
     * @param bucket the bucket name
     * @return the bucket name
     */
    public String createBucket(String bucket) {
        Objects.requireNonNull(bucket, "bucket");
        S3Client s3 = client();
        if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        return bucket;
    }

    /** Stops the server and closes the shared client; a no-op when not started. */
    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
        if (proxy != null) {
            try {
                proxy.stop();
            } catch (Exception e) {
                throw new IllegalStateException("s3proxy failed to stop: " + e, e);
            } finally {
                proxy = null;
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    private synchronized S3Proxy started() {
        S3Proxy p = proxy;
        if (p == null) {
            throw new IllegalStateException("S3ProxyServer is not started; call start() or register it as an"
                    + " extension with @RegisterExtension");
        }
        return p;
    }
}
