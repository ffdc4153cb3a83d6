package io.personalizekit.pipeline;

import io.personalizekit.resource.DatasetGroupRef;
import io.personalizekit.resource.DatasetRef;
import io.personalizekit.resource.SchemaRef;
import io.personalizekit.schema.DatasetType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A dataset group that exists and is ACTIVE, with its schemas and datasets by type, and the steps that got it
 * there. Immutable and thread-safe.
 */
public final class ProvisionedDatasetGroup {
    private final DatasetGroupRef datasetGroup;
    private final Map<DatasetType, SchemaRef> schemas;
    private final Map<DatasetType, DatasetRef> datasets;
    private final List<StepOutcome> steps;

    ProvisionedDatasetGroup(
            DatasetGroupRef datasetGroup,
            Map<DatasetType, SchemaRef> schemas,
            Map<DatasetType, DatasetRef> datasets,
            List<StepOutcome> steps) {
        this.datasetGroup = datasetGroup;
        this.schemas = Collections.unmodifiableMap(new EnumMap<>(schemas));
        this.datasets = Collections.unmodifiableMap(new EnumMap<>(datasets));
        this.steps = Collections.unmodifiableList(new ArrayList<>(steps));
    }

    /**
     * The dataset group.
     *
     * @return the reference
     */
    public DatasetGroupRef datasetGroup() {
        return datasetGroup;
    }

    /**
     * The schemas by dataset type.
     *
     * @return an unmodifiable map
     */
    public Map<DatasetType, SchemaRef> schemas() {
        return schemas;
    }

    /**
     * The datasets by type.
     *
     * @return an unmodifiable map
     */
    public Map<DatasetType, DatasetRef> datasets() {
        return datasets;
    }

    /**
     * The dataset of a type.
     *
     * @param type the dataset type
     * @return the dataset, or empty
     */
    public Optional<DatasetRef> dataset(DatasetType type) {
        return Optional.ofNullable(datasets.get(type));
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
        return datasetGroup.equals(p.datasetGroup)
                && schemas.equals(p.schemas)
                && datasets.equals(p.datasets)
                && steps.equals(p.steps);
    }

    @Override
    public int hashCode() {
        return Objects.hash(datasetGroup, schemas, datasets, steps);
    }

    @Override
    public String toString() {
        return "ProvisionedDatasetGroup{datasetGroup=" + datasetGroup.arn() + ", datasets=" + datasets.keySet() + "}";
    }
}
