package io.personalizekit.cli;

import io.personalizekit.pipeline.PipelinePlan;
import io.personalizekit.pipeline.PipelineSpec;
import io.personalizekit.pipeline.PlannedAction;
import io.personalizekit.pipeline.PlannedStep;
import io.personalizekit.resource.ResourceType;
import io.personalizekit.waiter.ResourceWaiter;
import io.personalizekit.waiter.WaitPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What one command run shares: the global options, the output, and the SDK clients, built on first use from
 * {@code --endpoint-url}, {@code --s3-endpoint-url}, {@code --region} and the SDK's default credential chain, and
 * closed when the command ends. Not thread-safe.
 */
final class Session implements AutoCloseable {
    private final GlobalOptions options;
    private final Output output;
    private final List<AutoCloseable> owned = new ArrayList<>();
    private @Nullable SdkHttpClient http;
    private @Nullable PersonalizeClient personalize;
    private @Nullable PersonalizeRuntimeClient runtime;
    private @Nullable S3Client s3;
    private @Nullable Region region;

    Session(GlobalOptions options, Output output) {
        this.options = options;
        this.output = output;
    }

    Output output() {
        return output;
    }

    GlobalOptions options() {
        return options;
    }

    PersonalizeClient personalize() {
        if (personalize == null) {
            personalize = own(
                    configure(PersonalizeClient.builder(), options.endpointUrl).build());
        }
        return personalize;
    }

    PersonalizeRuntimeClient runtime() {
        if (runtime == null) {
            runtime = own(configure(PersonalizeRuntimeClient.builder(), options.endpointUrl)
                    .build());
        }
        return runtime;
    }

    S3Client s3() {
        if (s3 == null) {
            s3 = own(configure(S3Client.builder(), options.s3EndpointUrl)
                    .forcePathStyle(options.s3EndpointUrl != null)
                    .build());
        }
        return s3;
    }

    /**
     * A waiter with the per-type default policies (tuned for AWS), or with every delay set to {@code
     * --poll-interval} when given (for personalize-local, whose resources are ready in milliseconds).
     */
    ResourceWaiter waiter() {
        ResourceWaiter.Builder b = ResourceWaiter.builder().personalizeClient(personalize());
        Duration poll = options.pollInterval;
        if (poll != null) {
            for (ResourceType type : ResourceType.values()) {
                WaitPolicy p = WaitPolicy.defaultFor(type);
                b.policy(type, p.copy(c -> c.initialDelay(poll).maxDelay(poll).multiplier(1)));
            }
        }
        return own(b.build());
    }

    /**
     * The plan of a spec, which must be up to date (everything exists): the deployment for the commands that use
     * a pipeline's resources.
     */
    io.personalizekit.resource.Deployment deploymentOf(PipelineSpec spec, PipelinePlan plan) {
        return plan.deployment()
                .orElseThrow(() -> CliException.serviceFailure("the pipeline of "
                        + spec.datasetGroup().name()
                        + " has not run to the end yet (run `personalize-kit apply` first): "
                        + plan.steps().stream()
                                .filter(s -> s.action() != PlannedAction.REUSE)
                                .map(PlannedStep::toString)
                                .collect(Collectors.joining("; "))));
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, @Nullable URI endpoint) {
        builder.region(region())
                .credentialsProvider(DefaultCredentialsProvider.builder().build());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        if (builder instanceof software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<?, ?> sync) {
            sync.httpClient(http());
        }
        return builder;
    }

    private SdkHttpClient http() {
        if (http == null) {
            http = own(ApacheHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(5))
                    .socketTimeout(Duration.ofSeconds(60))
                    .build());
        }
        return http;
    }

    Region region() {
        if (region == null) {
            if (options.region != null) {
                region = Region.of(options.region);
            } else {
                try {
                    region = DefaultAwsRegionProviderChain.builder().build().getRegion();
                } catch (SdkClientException e) {
                    if (options.endpointUrl == null) {
                        throw CliException.badInput(
                                "no AWS region: pass --region, or set AWS_REGION or a profile's region");
                    }
                    region = Region.US_EAST_1; // an emulator does not care
                }
            }
        }
        return region;
    }

    private <T extends AutoCloseable> T own(T resource) {
        owned.add(resource);
        return resource;
    }

    @Override
    public void close() {
        // Clients first, the HTTP client they share last.
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                output.detail("closing " + owned.get(i).getClass().getSimpleName() + ": " + e);
            }
        }
        owned.clear();
    }
}
