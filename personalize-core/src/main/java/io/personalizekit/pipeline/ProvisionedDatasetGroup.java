package io.personalizekit.pipeline;

import io.personalizekit.resource.DatasetGroupRef;
import io.personalizekit.resource.DatasetRef;
import io.personalizekit.resource.Deployment;
import io.personalizekit.resource.SchemaRef;
import io.personalizekit.schema.DatasetType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A dataset group that exists and is ACTIVE, with its schemas and datasets by type, and the steps that got it
 * there. Its accessors are those of {@link Deployment}, and {@link #deployment()} is the same references as one
 * (with no solution or campaign), for the classes that take a deployment. Immutable and thread-safe.
 */
public final class ProvisionedDatasetGroup {
    private final Deployment deployment;
    private final List<StepOutcome> steps;

    ProvisionedDatasetGroup(
            DatasetGroupRef datasetGroup,
            Map<DatasetType, SchemaRef> schemas,
            Map<DatasetType, DatasetRef> datasets,
            List<StepOutcome> steps) {
        Deployment.Builder b = Deployment.builder().datasetGroup(datasetGroup);
        schemas.forEach(b::putSchema);
        datasets.values().forEach(b::putDataset);
        this.deployment = b.build();
        this.steps = Collections.unmodifiableList(new ArrayList<>(steps));
    }

    /**
     * The dataset group.
     *
     * @return the reference
     */
    public DatasetGroupRef datasetGroup() {
        return deployment.datasetGroup();
    }

    /**
     * The schemas by dataset type.
     *
     * @return an unmodifiable map
     */
    public Map<DatasetType, SchemaRef> schemas() {
        return deployment.schemas();
    }

    /**
     * The schema of the dataset of a type.
     *
     * @param type the dataset type
     * @return the reference
     * @throws IllegalStateException when the group has no dataset of that type, naming the types it has
     */
    public SchemaRef schema(DatasetType type) {
        return deployment.schema(type);
    }

    /**
     * The datasets by type.
     *
     * @return an unmodifiable map
     */
    public Map<DatasetType, DatasetRef> datasets() {
        return deployment.datasets();
    }

    /**
     * The dataset of a type.
     *
     * @param type the dataset type
     * @return the reference
     * @throws IllegalStateException when the group has no dataset of that type, naming the types it has
     */
    public DatasetRef dataset(DatasetType type) {
        return deployment.dataset(type);
    }

    /**
     * The dataset group, its schemas and datasets as a {@link Deployment} (which has no solution, campaign,
     * filter or event tracker).
     *
     * @return the deployment
     */
    public Deployment deployment() {
        return deployment;
    }

    /**
     * What each step did (created or reused), in order.
     *
     * @return an unmodifiable list
     */
    public List<StepOutcome> steps() {
        return steps;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (!(o instanceof ProvisionedDatasetGroup)) {
            return false;
        }
        ProvisionedDatasetGroup p = (ProvisionedDatasetGroup) o;
        return deployment.equals(p.deployment) && steps.equals(p.steps);
    }

    @Override
    public int hashCode() {
        return Objects.hash(deployment, steps);
    }

    @Override
    public String toString() {
        return "ProvisionedDatasetGroup{datasetGroup=" + datasetGroup().arn() + ", datasets="
                + datasets().keySet() + "}";
    }
}
