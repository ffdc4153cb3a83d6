package io.personalizekit.local;

import io.personalizekit.local.internal.Emulator;
import io.personalizekit.local.internal.Faults;
import io.personalizekit.resource.ResourceType;
import io.personalizekit.waiter.ResourceWaiter;
import io.personalizekit.waiter.WaitPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalizeevents.PersonalizeEventsClient;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An offline, wire-compatible Amazon Personalize: the control plane, runtime and events APIs on one loopback HTTP
 * listener, plus an S3-compatible endpoint the import and batch jobs read from and write to (embedded, or an
 * external one set with {@link Builder#externalS3(URI, String, String)}).
 *
 * <pre>{@code
 * try (PersonalizeLocal local = PersonalizeLocal.create().start()) {
 *     PersonalizeClient personalize = local.personalizeClient();
 *     personalize.createDatasetGroup(r -> r.name("news"));
 * }
 * }</pre>
 *
 * <p>Resources move through the service's states ({@code CREATE PENDING}, {@code CREATE IN_PROGRESS}, then
 * {@code ACTIVE} or {@code CREATE FAILED}) on a clock whose speed is set by {@link Builder#timeScale(double)}.
 *
 * <p>Thread-safe. The SDK clients it hands out are created on first use, owned by this object and closed by
 * {@link #stop()}.
 */
public final class PersonalizeLocal implements AutoCloseable {
    /** The nominal-duration multiplier used unless {@link Builder#timeScale(double)} says otherwise. */
    public static final double DEFAULT_TIME_SCALE = 0.00001;

    private final Builder config;
    private final Faults faults;
    private final Object lock = new Object();
    private @Nullable Emulator emulator;
    private final List<AutoCloseable> clients = new ArrayList<>();
    private @Nullable PersonalizeClient personalize;
    private @Nullable PersonalizeRuntimeClient runtime;
    private @Nullable PersonalizeEventsClient events;
    private @Nullable S3Client s3;
    private @Nullable ResourceWaiter waiter;

    private PersonalizeLocal(Builder builder) {
        this.config = builder.copy();
        this.faults = config.latencyPause == null
                ? new Faults(config.faultRules())
                : new Faults(config.faultRules(), config.latencyPause);
    }

    /**
     * @return an emulator with defaults (loopback, free ports, in memory, fast clock), not yet started
     */
    public static PersonalizeLocal create() {
        return builder().build();
    }

    /** @return a builder of an emulator */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the listeners. Calling it on a running emulator does nothing.
     *
     * @return this emulator
     * @throws UncheckedIOException when a port cannot be bound or the data directory cannot be used
     */
    public PersonalizeLocal start() {
        synchronized (lock) {
            if (emulator == null) {
                try {
                    emulator = Emulator.start(config.toConfig(faults));
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot start personalize-local: " + e.getMessage(), e);
                }
            }
            return this;
        }
    }

    /** Stops the listeners and closes the SDK clients handed out. Calling it when stopped does nothing. */
    public void stop() {
        synchronized (lock) {
            for (AutoCloseable c : clients) {
                try {
                    c.close();
                } catch (Exception e) {
                    // Closing an SDK client only releases connections; nothing useful to do with a failure here.
                }
            }
            clients.clear();
            personalize = null;
            runtime = null;
            events = null;
            s3 = null;
            waiter = null;
            if (emulator != null) {
                emulator.close();
                emulator = null;
            }
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** @return whether {@link #start()} has run and {@link #stop()} has not */
    public boolean isRunning() {
        synchronized (lock) {
            return emulator != null;
        }
    }

    private Emulator running() {
        synchronized (lock) {
            if (emulator == null) {
                throw new IllegalStateException("personalize-local is not running; call start() first");
            }
            return emulator;
        }
    }

    /**
     * @return the Personalize endpoint, e.g. {@code http://127.0.0.1:40123}, for all three APIs
     * @throws IllegalStateException when not running
     */
    public URI endpoint() {
        return running().endpoint();
    }

    /**
     * @return the S3 endpoint (path-style), e.g. {@code http://127.0.0.1:40124}: the embedded one, or the
     *     {@link Builder#externalS3(URI, String, String) external one} when set
     * @throws IllegalStateException when not running
     */
    public URI s3Endpoint() {
        return running().s3Endpoint();
    }

    /** @return the region the emulator claims to be in (ARNs, clients) */
    public Region region() {
        return Region.of(config.region);
    }

    /** @return the account id used in ARNs */
    public String accountId() {
        return config.accountId;
    }

    /**
     * @return credentials the emulator accepts: the first configured access key, or {@code akid/skid}
     */
    public StaticCredentialsProvider credentialsProvider() {
        Map.Entry<String, String> key = config.accessKeys.isEmpty()
                ? Map.entry("akid", "skid")
                : config.accessKeys.entrySet().iterator().next();
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(key.getKey(), key.getValue()));
    }

    /**
     * Changes the fraction of one operation's calls answered with {@code ThrottlingException} (HTTP 400), at once:
     * the next request sees it, on a running emulator too. With {@code "*"} it applies to every operation without
     * a rule of its own. Kept across {@link #stop()} and {@link #start()}.
     *
     * <pre>{@code
     * local.setThrottlingRate("GetRecommendations", 1.0); // every call throttled, from now on
     * local.clearFaults();                                 // healthy again
     * }</pre>
     *
     * @param operation the operation name, e.g. {@code GetRecommendations}, or {@code *} for all
     * @param rate 0..1
     * @throws IllegalArgumentException when outside 0..1
     */
    public void setThrottlingRate(String operation, double rate) {
        changeFaults(b -> b.throttlingRate(operation, rate));
    }

    /**
     * Changes the fraction of one operation's calls answered with {@code InternalFailure} (HTTP 500), at once, as
     * {@link #setThrottlingRate(String, double)} does for throttling.
     *
     * @param operation the operation name, or {@code *} for all
     * @param rate 0..1
     * @throws IllegalArgumentException when outside 0..1
     */
    public void setServerErrorRate(String operation, double rate) {
        changeFaults(b -> b.serverErrorRate(operation, rate));
    }

    /**
     * Changes the latency added to one operation's calls, at once, as {@link #setThrottlingRate(String, double)}
     * does for throttling.
     *
     * @param operation the operation name, or {@code *} for all
     * @param latency added before each response
     * @throws IllegalArgumentException when negative
     */
    public void setLatency(String operation, Duration latency) {
        changeFaults(b -> b.latency(operation, latency));
    }

    /** Removes every injected fault (latency, throttling, server errors), at once. */
    public void clearFaults() {
        changeFaults(b -> {
            b.latency.clear();
            b.throttling.clear();
            b.serverErrors.clear();
        });
    }

    private void changeFaults(Consumer<Builder> change) {
        synchronized (lock) {
            change.accept(config);
            faults.replace(config.faultRules());
        }
    }

    /**
     * The requests received for an operation since this emulator was built, whatever their answer (injected
     * faults included; requests rejected for their signature excluded): what a client actually sent, retries
     * included.
     *
     * @param operation the operation name, e.g. {@code GetRecommendations}, or {@code *} for all
     * @return the count
     */
    public long requestCount(String operation) {
        return faults.requestCount(Objects.requireNonNull(operation, "operation"));
    }

    /**
     * What a metric attribution has measured of the events recorded with PutEvents and of INCREMENTAL interactions
     * imports: the figures the service sends to Amazon CloudWatch (which personalize-local does not emulate), per
     * metric, event attribution source and 15-minute window. Reports of bulk imports go to the metric attribution's
     * S3 path instead, as in the service (see the dataset import job's {@code publishAttributionMetricsToS3}).
     *
     * @param metricAttributionArn the metric attribution
     * @return the figures, ordered by metric name, source and window
     * @throws IllegalArgumentException when there is no metric attribution by that ARN
     * @throws IllegalStateException when not running
     */
    public List<AttributedMetric> attributionMetrics(String metricAttributionArn) {
        Objects.requireNonNull(metricAttributionArn, "metricAttributionArn");
        List<Emulator.MetricFigure> figures = running()
                .attributionMetrics(metricAttributionArn)
                .orElseThrow(() -> new IllegalArgumentException("No metric attribution " + metricAttributionArn));
        List<AttributedMetric> out = new ArrayList<>(figures.size());
        for (Emulator.MetricFigure f : figures) {
            out.add(AttributedMetric.builder()
                    .metricName(f.metricName())
                    .eventType(f.eventType())
                    .mathFunction(f.mathFunction())
                    .eventAttributionSource(f.eventAttributionSource())
                    .windowStart(java.time.Instant.ofEpochSecond(f.windowStart()))
                    .value(f.value())
                    .build());
        }
        return List.copyOf(out);
    }

    private static final ClientOverrideConfiguration NO_RETRY_OVERRIDE = ClientOverrideConfiguration.builder()
            .retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy.doNotRetry())
            .build();

    /**
     * @return a control-plane client pointed at this emulator (Apache HTTP client, SDK retries off), owned by it
     * @throws IllegalStateException when not running
     */
    public PersonalizeClient personalizeClient() {
        synchronized (lock) {
            if (personalize == null) {
                personalize = ownedClient(PersonalizeClient.builder(), ApacheHttpClient.builder());
            }
            return personalize;
        }
    }

    /**
     * @return a runtime client pointed at this emulator (Apache HTTP client, SDK retries off), owned by it
     * @throws IllegalStateException when not running
     */
    public PersonalizeRuntimeClient runtimeClient() {
        synchronized (lock) {
            if (runtime == null) {
                runtime = ownedClient(
                        PersonalizeRuntimeClient.builder(),
                        ApacheHttpClient.builder().maxConnections(64));
            }
            return runtime;
        }
    }

    /**
     * @return an events client pointed at this emulator (Apache HTTP client, SDK retries off), owned by it
     * @throws IllegalStateException when not running
     */
    public PersonalizeEventsClient eventsClient() {
        synchronized (lock) {
            if (events == null) {
                events = ownedClient(PersonalizeEventsClient.builder(), ApacheHttpClient.builder());
            }
            return events;
        }
    }

    /**
     * @return a path-style S3 client pointed at the emulator's S3 endpoint (the external one when set, signing with
     *     its key), owned by it
     * @throws IllegalStateException when not running
     */
    public S3Client s3Client() {
        synchronized (lock) {
            if (s3 == null) {
                Emulator.ExternalS3 external = config.externalS3;
                s3 = register(S3Client.builder()
                        .endpointOverride(s3Endpoint())
                        .region(region())
                        .forcePathStyle(true)
                        .credentialsProvider(
                                external == null
                                        ? credentialsProvider()
                                        : StaticCredentialsProvider.create(AwsBasicCredentials.create(
                                                external.accessKeyId(), external.secretAccessKey())))
                        .httpClientBuilder(ApacheHttpClient.builder())
                        .build());
            }
            return s3;
        }
    }

    /**
     * How often to poll a resource of a type, and for how long, at this emulator's pace: personalize-kit's default
     * policy for the type ({@link WaitPolicy#defaultFor}, tuned for AWS, where training takes hours) with its
     * delays, timeout and error budget multiplied by the {@linkplain Builder#timeScale(double) time scale} (at most
     * a year), but
     * never below a first delay of {@value #MIN_INITIAL_DELAY_MILLIS} ms, a longest delay of {@value
     * #MIN_MAX_DELAY_MILLIS} ms, a timeout of {@value #MIN_TIMEOUT_MINUTES} minutes and an error budget of {@value
     * #MIN_ERROR_BUDGET_SECONDS} s (the work itself, an import or a training, takes real time). At time scale 1 it
     * is the default policy; at the default time scale a whole pipeline waits milliseconds instead of seconds.
     *
     * @param type the resource type
     * @return the policy
     */
    public WaitPolicy waitPolicy(ResourceType type) {
        return scaled(WaitPolicy.defaultFor(Objects.requireNonNull(type, "type")), config.timeScale);
    }

    /** The first-delay floor of {@link #waitPolicy}, in milliseconds. */
    static final long MIN_INITIAL_DELAY_MILLIS = 10;

    /** The longest-delay floor of {@link #waitPolicy}, in milliseconds. */
    static final long MIN_MAX_DELAY_MILLIS = 100;

    /** The timeout floor of {@link #waitPolicy}, in minutes. */
    static final long MIN_TIMEOUT_MINUTES = 5;

    /** The error-budget floor of {@link #waitPolicy}, in seconds. */
    static final long MIN_ERROR_BUDGET_SECONDS = 10;

    static WaitPolicy scaled(WaitPolicy aws, double timeScale) {
        return aws.toBuilder()
                .initialDelay(atLeast(aws.initialDelay(), timeScale, Duration.ofMillis(MIN_INITIAL_DELAY_MILLIS)))
                .maxDelay(atLeast(aws.maxDelay(), timeScale, Duration.ofMillis(MIN_MAX_DELAY_MILLIS)))
                .timeout(atLeast(aws.timeout(), timeScale, Duration.ofMinutes(MIN_TIMEOUT_MINUTES)))
                .errorBudget(atLeast(aws.errorBudget(), timeScale, Duration.ofSeconds(MIN_ERROR_BUDGET_SECONDS)))
                .build();
    }

    private static Duration atLeast(Duration nominal, double timeScale, Duration floor) {
        double nanos = Math.min(nominal.toNanos() * timeScale, (double) MAX_SCALED.toNanos());
        Duration scaled = Duration.ofNanos((long) nanos);
        return scaled.compareTo(floor) >= 0 ? scaled : floor;
    }

    private static final Duration MAX_SCALED = Duration.ofDays(365);

    /**
     * A {@link ResourceWaiter} for this emulator: on {@link #personalizeClient()}, with {@link
     * #waitPolicy(ResourceType)} for every resource type. Give it to {@code PipelineOrchestrator}, {@code Teardown},
     * {@code DatasetGroupBuilder} or {@code BatchSimilarItems} ({@code .waiter(local.resourceWaiter())}) so their
     * waits run at the emulator's pace: the defaults are tuned for AWS and poll a solution version every 30 s or
     * more. Created on first use, owned by this emulator and closed by {@link #stop()}.
     *
     * @return the waiter
     * @throws IllegalStateException when not running
     */
    public ResourceWaiter resourceWaiter() {
        synchronized (lock) {
            if (waiter == null) {
                ResourceWaiter.Builder b = ResourceWaiter.builder().personalizeClient(personalizeClient());
                for (ResourceType type : ResourceType.values()) {
                    b.policy(type, waitPolicy(type));
                }
                waiter = register(b.build());
            }
            return waiter;
        }
    }

    /** Builds one of the three Personalize clients pointed at this emulator, retries off, closed by {@link #stop()}. */
    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends AutoCloseable> C ownedClient(
            B builder, ApacheHttpClient.Builder http) {
        return register(builder.endpointOverride(endpoint())
                .region(region())
                .credentialsProvider(credentialsProvider())
                .httpClientBuilder(http)
                .overrideConfiguration(NO_RETRY_OVERRIDE)
                .build());
    }

    private <T extends AutoCloseable> T register(T client) {
        clients.add(client);
        return client;
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return emulator == null ? "PersonalizeLocal[stopped]" : "PersonalizeLocal[" + emulator.endpoint() + "]";
        }
    }

    /**
     * Options of a {@link PersonalizeLocal}. Not thread-safe; {@link #build()} copies it.
     */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private int s3Port;
        private @Nullable Path dataDir;
        private double timeScale = DEFAULT_TIME_SCALE;
        private Clock clock = Clock.systemUTC();
        private String region = "us-east-1";
        private String accountId = "000000000000";
        private int threads = 8;
        private final Map<String, Duration> latency = new HashMap<>();
        private final Map<String, Double> throttling = new HashMap<>();
        private final Map<String, Double> serverErrors = new HashMap<>();
        private final Map<String, String> accessKeys = new LinkedHashMap<>();
        private boolean requireSignedRequests;
        private boolean fsyncEachWrite;
        private Duration describeAwaitsWork = Duration.ZERO;
        private Emulator.@Nullable ExternalS3 externalS3;
        /** Replaces the real wait of injected latencies (package-private: tests observe them instead of timing). */
        @Nullable
        Consumer<Duration> latencyPause;

        private Builder() {}

        private Builder copy() {
            Builder b = new Builder();
            b.host = host;
            b.port = port;
            b.s3Port = s3Port;
            b.dataDir = dataDir;
            b.timeScale = timeScale;
            b.clock = clock;
            b.region = region;
            b.accountId = accountId;
            b.threads = threads;
            b.latency.putAll(latency);
            b.throttling.putAll(throttling);
            b.serverErrors.putAll(serverErrors);
            b.accessKeys.putAll(accessKeys);
            b.requireSignedRequests = requireSignedRequests;
            b.fsyncEachWrite = fsyncEachWrite;
            b.describeAwaitsWork = describeAwaitsWork;
            b.latencyPause = latencyPause;
            b.externalS3 = externalS3;
            return b;
        }

        /**
         * @param host the address to bind; {@code 127.0.0.1} (loopback) unless set. Binding another address
         *     exposes the emulator to the network.
         * @return this builder
         */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * @param port the Personalize port; 0 (the default) picks a free one
         * @return this builder
         * @throws IllegalArgumentException when outside 0..65535
         */
        public Builder port(int port) {
            this.port = checkPort(port);
            return this;
        }

        /**
         * @param s3Port the S3 port; 0 (the default) picks a free one
         * @return this builder
         * @throws IllegalArgumentException when outside 0..65535
         */
        public Builder s3Port(int s3Port) {
            this.s3Port = checkPort(s3Port);
            return this;
        }

        private static int checkPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be in 0..65535: " + port);
            }
            return port;
        }

        /**
         * Uses an external S3-compatible endpoint (AWS S3, MinIO, s3proxy, ...) instead of the embedded one: import
         * jobs and batch inference jobs read their input from it and batch inference jobs write their output to it,
         * path-style, signed with the given key. The embedded S3 endpoint is then not started; {@link
         * PersonalizeLocal#s3Endpoint()} returns this endpoint and {@link PersonalizeLocal#s3Client()} a client of it.
         * Errors reading or writing the external store become the jobs' {@code CREATE FAILED} failure reasons. With
         * {@link #dataDir(Path)}, only the emulator's state is kept there; the objects stay in the external store.
         *
         * @param endpoint the endpoint, e.g. {@code http://127.0.0.1:9000}
         * @param accessKeyId the access key id to sign with
         * @param secretAccessKey its secret
         * @return this builder
         * @throws IllegalArgumentException when the endpoint is not an absolute http or https URI
         */
        public Builder externalS3(URI endpoint, String accessKeyId, String secretAccessKey) {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            Objects.requireNonNull(secretAccessKey, "secretAccessKey");
            String scheme = endpoint.getScheme();
            if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) || endpoint.getHost() == null) {
                throw new IllegalArgumentException("externalS3 endpoint must be an absolute http(s) URI: " + endpoint);
            }
            this.externalS3 = new Emulator.ExternalS3(endpoint, accessKeyId, secretAccessKey);
            return this;
        }

        /**
         * Keeps state and S3 objects under a directory so that they survive a restart: every acknowledged mutating
         * request is in {@code journal.jsonl} before its response is sent, so a killed process (even
         * {@code kill -9}) loses nothing it acknowledged; a machine crash or power loss can lose what the operating
         * system had not yet written to the device, unless {@link #fsyncEachWrite(boolean)} is on. A record torn by
         * a crash or a full disk is cut off at the next start.
         *
         * @param dataDir the directory; {@code null} (the default) keeps everything in memory
         * @return this builder
         */
        public Builder dataDir(@Nullable Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /**
         * With a {@link #dataDir(Path) data directory}, forces each journal record and each S3 object to the device
         * before the request is answered, so that what was acknowledged also survives a machine crash or power
         * loss. It costs a device flush per mutating request (milliseconds on many disks; see
         * docs/local-emulator.md). Off unless set; without it a clean {@link PersonalizeLocal#stop()} still flushes.
         *
         * @param fsync whether to force every write to the device
         * @return this builder
         */
        public Builder fsyncEachWrite(boolean fsync) {
            this.fsyncEachWrite = fsync;
            return this;
        }

        /**
         * How long lifecycles take, as a multiple of nominal service durations (dataset group 10 s, import job
         * 5 min, solution version 30 min, campaign 10 min, ...). 1.0 is service-like; the default,
         * {@value PersonalizeLocal#DEFAULT_TIME_SCALE}, runs a whole pipeline in milliseconds; 0 makes each transition as fast as
         * its work. Work (imports, training) always runs for real, so a status never turns {@code ACTIVE} before it.
         *
         * @param timeScale the multiplier, 0 or more
         * @return this builder
         * @throws IllegalArgumentException when negative or not finite
         */
        public Builder timeScale(double timeScale) {
            if (!(timeScale >= 0) || Double.isInfinite(timeScale)) {
                throw new IllegalArgumentException("timeScale must be a finite number >= 0: " + timeScale);
            }
            this.timeScale = timeScale;
            return this;
        }

        /**
         * How long a Describe call (DescribeDatasetImportJob, DescribeSolutionVersion, DescribeCampaign, ...) may
         * wait, in real time, for the resource's running work (an import, a training; an update's, while one runs)
         * before answering. Zero, the default, answers at once, as the service does. The scaled durations still run
         * on the {@linkplain #clock(Clock) clock}, which is never waited for. For tests of code that waits with the
         * AWS-tuned default {@code ResourceWaiter} (a first Describe at once, the next one 1 to 30 s later): with
         * {@code timeScale(0)} and a minute here, the first Describe after a create already answers {@code ACTIVE}
         * (or {@code CREATE FAILED}), so the test does not sleep the policy's initial delays. Work still running
         * when the time is up is answered as in progress, as without the option.
         *
         * @param max the longest wait per Describe call, zero or more
         * @return this builder
         * @throws IllegalArgumentException when negative
         */
        public Builder describeAwaitsWork(Duration max) {
            if (max.isNegative()) {
                throw new IllegalArgumentException("describeAwaitsWork must not be negative: " + max);
            }
            this.describeAwaitsWork = max;
            return this;
        }

        /**
         * @param clock the clock lifecycles and timestamps read; tests inject one they advance by hand
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param region the region in ARNs and in the ready-made clients; {@code us-east-1} unless set
         * @return this builder
         */
        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /**
         * @param accountId the 12-digit account id in ARNs; {@code 000000000000} unless set
         * @return this builder
         * @throws IllegalArgumentException when not 12 digits
         */
        public Builder accountId(String accountId) {
            if (!Objects.requireNonNull(accountId, "accountId").matches("\\d{12}")) {
                throw new IllegalArgumentException("accountId must be 12 digits: " + accountId);
            }
            this.accountId = accountId;
            return this;
        }

        /**
         * @param threads requests the Personalize listener handles at once (each connection is served by its own
         *     thread); 8 unless set
         * @return this builder
         * @throws IllegalArgumentException when less than 1
         */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1: " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * Adds latency to every operation.
         *
         * @param latency added before each response
         * @return this builder
         */
        public Builder latency(Duration latency) {
            return latency("*", latency);
        }

        /**
         * Adds latency to one operation.
         *
         * @param operation the operation name, e.g. {@code GetRecommendations}, or {@code *} for all
         * @param latency added before each response
         * @return this builder
         * @throws IllegalArgumentException when negative
         */
        public Builder latency(String operation, Duration latency) {
            if (latency.isNegative()) {
                throw new IllegalArgumentException("latency must not be negative: " + latency);
            }
            this.latency.put(Objects.requireNonNull(operation, "operation"), latency);
            return this;
        }

        /**
         * Answers a fraction of all calls with {@code ThrottlingException} (HTTP 400).
         *
         * @param rate 0..1
         * @return this builder
         */
        public Builder throttlingRate(double rate) {
            return throttlingRate("*", rate);
        }

        /**
         * Answers a fraction of one operation's calls with {@code ThrottlingException} (HTTP 400).
         *
         * @param operation the operation name, or {@code *} for all
         * @param rate 0..1
         * @return this builder
         * @throws IllegalArgumentException when outside 0..1
         */
        public Builder throttlingRate(String operation, double rate) {
            throttling.put(Objects.requireNonNull(operation, "operation"), checkRate(rate));
            return this;
        }

        /**
         * Answers a fraction of all calls with {@code InternalFailure} (HTTP 500).
         *
         * @param rate 0..1
         * @return this builder
         */
        public Builder serverErrorRate(double rate) {
            return serverErrorRate("*", rate);
        }

        /**
         * Answers a fraction of one operation's calls with {@code InternalFailure} (HTTP 500).
         *
         * @param operation the operation name, or {@code *} for all
         * @param rate 0..1
         * @return this builder
         * @throws IllegalArgumentException when outside 0..1
         */
        public Builder serverErrorRate(String operation, double rate) {
            serverErrors.put(Objects.requireNonNull(operation, "operation"), checkRate(rate));
            return this;
        }

        private static double checkRate(double rate) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException("rate must be in 0..1: " + rate);
            }
            return rate;
        }

        /**
         * Adds an access key the emulator accepts when {@link #requireSignedRequests(boolean)} is on; the first
         * one is also what the ready-made clients sign with.
         *
         * @param accessKeyId the access key id
         * @param secretAccessKey its secret
         * @return this builder
         */
        public Builder accessKey(String accessKeyId, String secretAccessKey) {
            accessKeys.put(
                    Objects.requireNonNull(accessKeyId, "accessKeyId"),
                    Objects.requireNonNull(secretAccessKey, "secretAccessKey"));
            return this;
        }

        /**
         * Requires AWS Signature Version 4 on every request to the Personalize endpoint and to the embedded S3
         * endpoint, as AWS does: signed by one of the {@link #accessKey(String, String) access keys}, with
         * {@code X-Amz-Date} within 15 minutes of the emulator's {@link #clock(Clock) clock}, a credential scope
         * naming the emulator's {@link #region(String) region} and the service ({@code personalize} or {@code s3}),
         * and a body that matches its {@code x-amz-content-sha256}. Others get the service's errors (HTTP 403 on the
         * Personalize endpoint; S3's {@code AccessDenied}, {@code SignatureDoesNotMatch}, ... on the S3 endpoint).
         *
         * @param require whether signatures are required; off unless set
         * @return this builder
         */
        public Builder requireSignedRequests(boolean require) {
            this.requireSignedRequests = require;
            return this;
        }

        /**
         * Applies changes to this builder.
         *
         * @param mutation the changes
         * @return this builder
         */
        public Builder apply(Consumer<Builder> mutation) {
            mutation.accept(this);
            return this;
        }

        /**
         * @return an emulator with these options, not yet started
         * @throws IllegalStateException when signed requests are required but no access key is configured, or when
         *     both an {@link #s3Port(int) S3 port} and an {@link #externalS3(URI, String, String) external S3} are set
         */
        public PersonalizeLocal build() {
            if (requireSignedRequests && accessKeys.isEmpty()) {
                throw new IllegalStateException("requireSignedRequests(true) needs at least one accessKey(id, secret)");
            }
            if (externalS3 != null && s3Port != 0) {
                throw new IllegalStateException("s3Port(" + s3Port + ") has no effect with externalS3(...): the"
                        + " embedded S3 endpoint is not started; set one or the other");
            }
            return new PersonalizeLocal(this);
        }

        Emulator.Config toConfig(Faults faults) {
            return new Emulator.Config(
                    host,
                    port,
                    s3Port,
                    dataDir,
                    timeScale,
                    clock,
                    region,
                    accountId,
                    threads,
                    faults,
                    Map.copyOf(accessKeys),
                    requireSignedRequests,
                    externalS3,
                    fsyncEachWrite,
                    describeAwaitsWork);
        }

        Map<String, Faults.Rule> faultRules() {
            Map<String, Faults.Rule> rules = new HashMap<>();
            java.util.Set<String> ops = new java.util.HashSet<>();
            ops.addAll(latency.keySet());
            ops.addAll(throttling.keySet());
            ops.addAll(serverErrors.keySet());
            for (String op : ops) {
                Duration l = latency.getOrDefault(op, latency.getOrDefault("*", Duration.ZERO));
                double t = throttling.getOrDefault(op, throttling.getOrDefault("*", 0.0));
                double s = serverErrors.getOrDefault(op, serverErrors.getOrDefault("*", 0.0));
                rules.put(op, new Faults.Rule(l, t, s));
            }
            return rules;
        }
    }
}
