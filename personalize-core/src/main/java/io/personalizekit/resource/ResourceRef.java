package io.personalizekit.resource;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A typed reference to one Personalize resource: its ARN and its name. Subtypes exist per resource type so that
 * APIs can ask for exactly the resource they need ({@code SolutionVersionRef} for a campaign, ...).
 *
 * <p>Two references are equal when they have the same class and the same ARN. When a reference is built from an
 * ARN alone, {@link #name()} is the last ARN segment, which is the resource's name for most types (see each
 * subtype). Immutable and thread-safe.
 */
public abstract sealed class ResourceRef
        permits DatasetGroupRef,
                SchemaRef,
                DatasetRef,
                DatasetImportJobRef,
                SolutionRef,
                SolutionVersionRef,
                CampaignRef,
                FilterRef,
                EventTrackerRef,
                BatchInferenceJobRef,
                RecommenderRef,
                MetricAttributionRef,
                DatasetExportJobRef {

    private final ResourceArn arn;
    private final String name;

    ResourceRef(ResourceArn arn, @Nullable String name, ResourceType expected) {
        if (arn.resourceType() != expected) {
            throw new IllegalArgumentException(
                    "ARN '" + arn + "' is a " + arn.resourceType().displayName() + ", not a " + expected.displayName());
        }
        this.arn = arn;
        this.name = name == null || name.isEmpty() ? arn.resourceId() : name;
    }

    /**
     * A reference of the right subtype for any supported ARN.
     *
     * @param arn the ARN
     * @return a {@link DatasetGroupRef}, {@link SolutionVersionRef}, ... according to the ARN
     * @throws IllegalArgumentException if the ARN cannot be parsed
     */
    public static ResourceRef fromArn(String arn) {
        ResourceArn parsed = ResourceArn.parse(arn);
        switch (parsed.resourceType()) {
            case DATASET_GROUP:
                return new DatasetGroupRef(parsed, null);
            case SCHEMA:
                return new SchemaRef(parsed, null);
            case DATASET:
                return new DatasetRef(parsed, null);
            case DATASET_IMPORT_JOB:
                return new DatasetImportJobRef(parsed, null);
            case SOLUTION:
                return new SolutionRef(parsed, null);
            case SOLUTION_VERSION:
                return new SolutionVersionRef(parsed, null);
            case CAMPAIGN:
                return new CampaignRef(parsed, null);
            case FILTER:
                return new FilterRef(parsed, null);
            case EVENT_TRACKER:
                return new EventTrackerRef(parsed, null);
            case BATCH_INFERENCE_JOB:
                return new BatchInferenceJobRef(parsed, null);
            case RECOMMENDER:
                return new RecommenderRef(parsed, null);
            case METRIC_ATTRIBUTION:
                return new MetricAttributionRef(parsed, null);
            case DATASET_EXPORT_JOB:
                return new DatasetExportJobRef(parsed, null);
            default:
                throw new IllegalArgumentException("Unsupported ARN: " + arn);
        }
    }

    static ResourceArn parseAs(String arn, ResourceType type) {
        Objects.requireNonNull(arn, "arn");
        return ResourceArn.parse(arn);
    }

    /**
     * The resource type.
     *
     * @return the type
     */
    public ResourceType type() {
        return arn.resourceType();
    }

    /**
     * The ARN as a string.
     *
     * @return the ARN
     */
    public String arn() {
        return arn.toString();
    }

    /**
     * The parsed ARN.
     *
     * @return the parsed ARN
     */
    public ResourceArn parsedArn() {
        return arn;
    }

    /**
     * The resource's name (or, for references built from an ARN alone, the last ARN segment).
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((ResourceRef) o).arn.equals(arn);
    }

    @Override
    public final int hashCode() {
        return arn.hashCode();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{name=" + name + ", arn=" + arn + "}";
    }
}
