package io.personalizekit.pipeline;

import io.personalizekit.resource.DatasetGroupRef;
import io.personalizekit.resource.DatasetRef;
import io.personalizekit.resource.SchemaRef;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.waiter.ResourceWaiter;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.personalize.PersonalizeClient;

/**
 * Finds or creates a dataset group with its schemas and datasets, and waits until they are ACTIVE.
 *
 * <pre>{@code
 * ProvisionedDatasetGroup group = DatasetGroupBuilder.builder()
 *         .personalizeClient(personalize)
 *         .name("news")
 *         .putTag("team", "news")
 *         .dataset(itemsSchema)          // a DatasetSchema; its type says which dataset
 *         .dataset(interactionsSchema)
 *         .provision();
 * }</pre>
 *
 * <p>Find-or-create by name: an existing resource with the same definition is reused; one that differs (a schema
 * whose fields changed, a dataset bound to another schema, a group with another KMS key) fails with a {@code
 * DriftException} naming both definitions, wrapped in a {@code PipelineStepException}. Never a silent reuse.
 * Schema and dataset names default to {@code <group>-<type>-schema} and {@code <group>-<type>}.
 *
 * <p>A builder instance is not thread-safe; {@link #provision()} may be called again (it reuses what exists). The
 * client and a waiter passed in are borrowed and never closed.
 */
public final class DatasetGroupBuilder {
    private @Nullable PersonalizeClient client;
    private @Nullable ResourceWaiter waiter;
    private PipelineListener listener = PipelineListener.NONE;
    private final DatasetGroupSpec.Builder spec = DatasetGroupSpec.builder();

    private DatasetGroupBuilder() {}

    /**
     * A new, empty builder.
     *
     * @return the builder
     */
    public static DatasetGroupBuilder builder() {
        return new DatasetGroupBuilder();
    }

    /**
     * Sets the control-plane client (required). It is borrowed: never closed.
     *
     * @param personalizeClient the client
     * @return this builder
     */
    public DatasetGroupBuilder personalizeClient(PersonalizeClient personalizeClient) {
        this.client = Objects.requireNonNull(personalizeClient, "personalizeClient");
        return this;
    }

    /**
     * Sets the waiter. It is borrowed: never closed. Default: a waiter created (and closed) by {@link #provision()}.
     *
     * @param waiter the waiter
     * @return this builder
     */
    public DatasetGroupBuilder waiter(ResourceWaiter waiter) {
        this.waiter = Objects.requireNonNull(waiter, "waiter");
        return this;
    }

    /**
     * Sets the progress listener.
     *
     * @param listener the listener
     * @return this builder
     */
    public DatasetGroupBuilder listener(PipelineListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /**
     * Sets the dataset group's name (required).
     *
     * @param name 1-63 characters of {@code [a-zA-Z0-9-_]}
     * @return this builder
     * @throws IllegalArgumentException if the name breaks the service's pattern
     */
    public DatasetGroupBuilder name(String name) {
        spec.name(name);
        return this;
    }

    /**
     * Sets the domain of a domain dataset group.
     *
     * @param domain {@code ECOMMERCE}, {@code VIDEO_ON_DEMAND}, or {@code null}
     * @return this builder
     * @throws IllegalArgumentException for another value
     */
    public DatasetGroupBuilder domain(@Nullable String domain) {
        spec.domain(domain);
        return this;
    }

    /**
     * Sets the KMS key that encrypts the group's data.
     *
     * @param kmsKeyArn a KMS key ARN, or {@code null}
     * @return this builder
     * @throws IllegalArgumentException if not a KMS key ARN
     */
    public DatasetGroupBuilder kmsKeyArn(@Nullable String kmsKeyArn) {
        spec.kmsKeyArn(kmsKeyArn);
        return this;
    }

    /**
     * Sets the role Personalize assumes to use the KMS key.
     *
     * @param roleArn an IAM role ARN, or {@code null}
     * @return this builder
     * @throws IllegalArgumentException if not an IAM role ARN
     */
    public DatasetGroupBuilder roleArn(@Nullable String roleArn) {
        spec.roleArn(roleArn);
        return this;
    }

    /**
     * Adds a tag to the dataset group.
     *
     * @param key 1-128 characters
     * @param value 0-256 characters
     * @return this builder
     * @throws IllegalArgumentException if a length limit is broken
     */
    public DatasetGroupBuilder putTag(String key, String value) {
        spec.putTag(key, value);
        return this;
    }

    /**
     * Attaches a dataset of the schema's type with default names.
     *
     * @param schema the schema
     * @return this builder
     */
    public DatasetGroupBuilder dataset(DatasetSchema schema) {
        spec.addDataset(schema);
        return this;
    }

    /**
     * Attaches a dataset with explicit names.
     *
     * @param schema the schema; its type is the dataset's type
     * @param datasetName the dataset's name
     * @param schemaName the schema's name
     * @return this builder
     * @throws IllegalArgumentException if a name breaks the service's pattern
     */
    public DatasetGroupBuilder dataset(DatasetSchema schema, String datasetName, String schemaName) {
        spec.addDataset(DatasetSpec.builder()
                .schema(schema)
                .name(datasetName)
                .schemaName(schemaName)
                .build());
        return this;
    }

    /**
     * The spec this builder describes.
     *
     * @return the spec
     * @throws NullPointerException if no name was set
     * @throws IllegalArgumentException if a dataset type was attached twice, or a role without a KMS key
     */
    public DatasetGroupSpec spec() {
        return spec.build();
    }

    /**
     * Finds or creates the dataset group, schemas and datasets, and waits until each is ACTIVE.
     *
     * @return the provisioned group
     * @throws NullPointerException if the client or name is missing
     * @throws io.personalizekit.exception.PipelineStepException when a step fails (its cause is a {@code
     *     DriftException}, {@code ResourceFailedException}, timeout, or service error)
     */
    public ProvisionedDatasetGroup provision() {
        PersonalizeClient c = Objects.requireNonNull(client, "personalizeClient");
        DatasetGroupSpec g = spec();
        ResourceWaiter w = waiter != null ? waiter : ResourceWaiter.create(c);
        try {
            Engine e = new Engine(c, w, listener, false, false, PipelineOrchestrator.defaultQuotaPolicy());
            String groupArn = Objects.requireNonNull(e.datasetGroup(g));
            Map<DatasetType, SchemaRef> schemas = new EnumMap<>(DatasetType.class);
            Map<DatasetType, DatasetRef> datasets = new EnumMap<>(DatasetType.class);
            for (DatasetSpec ds : g.datasets()) {
                String schemaArn = Objects.requireNonNull(e.schema(ds, g.domain()));
                schemas.put(ds.datasetType(), SchemaRef.of(schemaArn, ds.schemaName()));
                String datasetArn = Objects.requireNonNull(e.dataset(ds, groupArn, schemaArn));
                datasets.put(ds.datasetType(), DatasetRef.of(datasetArn, ds.name()));
            }
            return new ProvisionedDatasetGroup(DatasetGroupRef.of(groupArn, g.name()), schemas, datasets, e.outcomes);
        } finally {
            if (waiter == null) {
                w.close();
            }
        }
    }
}
