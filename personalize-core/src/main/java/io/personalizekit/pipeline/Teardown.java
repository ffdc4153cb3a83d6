package io.personalizekit.pipeline;

import io.personalizekit.resource.DatasetGroupRef;
import io.personalizekit.resource.Deployment;
import io.personalizekit.waiter.ResourceWaiter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.personalize.PersonalizeClient;

/**
 * Deletes a pipeline's resources in dependency order, waiting for each deletion: campaigns, recommenders, solutions
 * (with their versions; a version still training is stopped first, since the service refuses to delete its
 * solution), the metric attribution, filters, the event tracker, datasets, schemas not used elsewhere, and the
 * dataset group. Billable campaigns and recommenders go first.
 *
 * <p>Safe to re-run: what is already gone is skipped ({@link StepAction#ALREADY_GONE}), what is already being
 * deleted is awaited without a new delete call ({@link StepAction#DELETE_AWAITED}), what is still being created is
 * awaited and then deleted, and a schema still used by another dataset group is left in place ({@link
 * StepAction#SKIPPED_IN_USE}). A failure stops the teardown with a {@code PipelineStepException}.
 *
 * <p>Thread-safe. The client and a waiter passed in are borrowed and never closed.
 */
public final class Teardown implements AutoCloseable {
    private final PersonalizeClient client;
    private final ResourceWaiter waiter;
    private final boolean ownsWaiter;
    private final PipelineListener listener;

    private Teardown(Builder b) {
        this.client = Objects.requireNonNull(b.client, "personalizeClient");
        this.ownsWaiter = b.waiter == null;
        this.waiter = b.waiter != null ? b.waiter : ResourceWaiter.create(client);
        this.listener = b.listener;
    }

    /**
     * A builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Deletes everything in the spec's dataset group (found by name), the group itself, and the spec's schemas
     * unless another dataset still uses them.
     *
     * @param spec the spec
     * @return each deletion's outcome
     * @throws io.personalizekit.exception.PipelineStepException when a deletion fails
     */
    public PipelineResult run(PipelineSpec spec) {
        Engine e = engine();
        Instant start = e.now();
        DatasetGroupSpec g = spec.datasetGroup();
        List<String> schemas = g.datasets().stream()
                .map(d -> Objects.requireNonNull(d.schemaName()))
                .collect(Collectors.toList());
        Optional<String> group = e.findDatasetGroup(g.name());
        if (group.isPresent()) {
            e.teardownGroup(group.get(), g.name(), schemas);
        } else {
            e.teardownMissingGroup(g.name(), schemas);
        }
        return PipelineResult.of(e.outcomes, Duration.between(start, e.now()));
    }

    /**
     * Deletes everything in a dataset group, the group itself, and the schemas its datasets used unless another
     * dataset still uses them.
     *
     * @param datasetGroupArn the dataset group's ARN
     * @return each deletion's outcome
     * @throws IllegalArgumentException if the ARN is not a dataset group ARN
     * @throws io.personalizekit.exception.PipelineStepException when a deletion fails
     */
    public PipelineResult datasetGroup(String datasetGroupArn) {
        DatasetGroupRef ref = DatasetGroupRef.of(datasetGroupArn);
        Engine e = engine();
        Instant start = e.now();
        e.teardownGroup(ref.arn(), ref.name(), List.of());
        return PipelineResult.of(e.outcomes, Duration.between(start, e.now()));
    }

    /**
     * Deletes everything in a deployment's dataset group, the group itself, and the deployment's schemas (and the
     * schemas its datasets used) unless another dataset still uses them.
     *
     * @param deployment the deployment, for example {@code pipeline.run(spec).deployment()}
     * @return each deletion's outcome
     * @throws IllegalStateException if the deployment has no dataset group
     * @throws io.personalizekit.exception.PipelineStepException when a deletion fails
     */
    public PipelineResult deployment(Deployment deployment) {
        DatasetGroupRef group = Objects.requireNonNull(deployment, "deployment").datasetGroup();
        List<String> schemas = deployment.schemas().values().stream()
                .map(s -> s.parsedArn().resourceId())
                .collect(Collectors.toList());
        Engine e = engine();
        Instant start = e.now();
        e.teardownGroup(group.arn(), group.name(), schemas);
        return PipelineResult.of(e.outcomes, Duration.between(start, e.now()));
    }

    private Engine engine() {
        return new Engine(client, waiter, listener, false, false, PipelineOrchestrator.defaultQuotaPolicy());
    }

    /** Closes the waiter this teardown created, if any; never the client. */
    @Override
    public void close() {
        if (ownsWaiter) {
            waiter.close();
        }
    }

    /** Builds a {@link Teardown}. Not thread-safe. */
    public static final class Builder {
        private @Nullable PersonalizeClient client;
        private @Nullable ResourceWaiter waiter;
        private PipelineListener listener = PipelineListener.NONE;

        private Builder() {}

        /**
         * Sets the control-plane client (required). It is borrowed: the teardown never closes it.
         *
         * @param personalizeClient the client
         * @return this builder
         */
        public Builder personalizeClient(PersonalizeClient personalizeClient) {
            this.client = Objects.requireNonNull(personalizeClient, "personalizeClient");
            return this;
        }

        /**
         * Sets the waiter used for deletion waits. It is borrowed: the teardown never closes it.
         *
         * @param waiter the waiter
         * @return this builder
         */
        public Builder waiter(ResourceWaiter waiter) {
            this.waiter = Objects.requireNonNull(waiter, "waiter");
            return this;
        }

        /**
         * Sets the progress listener.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(PipelineListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Builds the teardown.
         *
         * @return the teardown
         * @throws NullPointerException if no client was set
         */
        public Teardown build() {
            return new Teardown(this);
        }
    }
}
