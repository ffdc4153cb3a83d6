package io.personalizekit.resource;

import io.personalizekit.schema.DatasetType;
import org.jspecify.annotations.Nullable;

/** A reference to a dataset (`dataset/{datasetGroupName}/{DATASET_TYPE}`). The ARN holds the group's name and the dataset type, not the dataset's own name: pass the name explicitly when you know it. */
public final class DatasetRef extends ResourceRef {

    DatasetRef(ResourceArn arn, @Nullable String name) {
        super(arn, name, ResourceType.DATASET);
    }

    /**
     * A reference from an ARN alone; {@link #name()} is the last ARN segment.
     *
     * @param arn the ARN
     * @return the reference
     * @throws IllegalArgumentException if the ARN cannot be parsed or is not of this type
     */
    public static DatasetRef of(String arn) {
        return new DatasetRef(parseAs(arn, ResourceType.DATASET), null);
    }

    /**
     * A reference from an ARN and the resource's name.
     *
     * @param arn the ARN
     * @param name the resource's name; {@code null} or empty means the last ARN segment
     * @return the reference
     * @throws IllegalArgumentException if the ARN cannot be parsed or is not of this type
     */
    public static DatasetRef of(String arn, @Nullable String name) {
        return new DatasetRef(parseAs(arn, ResourceType.DATASET), name);
    }

    /**
     * The dataset type, from the ARN.
     *
     * @return the dataset type
     * @throws IllegalArgumentException if the ARN holds a type personalize-kit does not know
     */
    public DatasetType datasetType() {
        return DatasetType.fromApiName(parsedArn().resourceId());
    }

    /**
     * The name of the dataset group the dataset belongs to, from the ARN.
     *
     * @return the dataset group name
     */
    public String datasetGroupName() {
        return parsedArn().path().get(0);
    }

    /**
     * The dataset group the dataset belongs to.
     *
     * @return a reference to the group
     */
    public DatasetGroupRef datasetGroup() {
        return new DatasetGroupRef(parsedArn().sibling(ResourceType.DATASET_GROUP, datasetGroupName()), null);
    }
}
