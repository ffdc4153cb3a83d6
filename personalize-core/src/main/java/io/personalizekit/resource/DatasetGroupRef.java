package io.personalizekit.resource;

import org.jspecify.annotations.Nullable;

/** A reference to a dataset group (`dataset-group/{name}`). The ARN's last segment is the name. */
public final class DatasetGroupRef extends ResourceRef {

    DatasetGroupRef(ResourceArn arn, @Nullable String name) {
        super(arn, name, ResourceType.DATASET_GROUP);
    }

    /**
     * A reference from an ARN alone; {@link #name()} is the last ARN segment.
     *
     * @param arn the ARN
     * @return the reference
     * @throws IllegalArgumentException if the ARN cannot be parsed or is not of this type
     */
    public static DatasetGroupRef of(String arn) {
        return new DatasetGroupRef(parseAs(arn, ResourceType.DATASET_GROUP), null);
    }

    /**
     * A reference from an ARN and the resource's name.
     *
     * @param arn the ARN
     * @param name the resource's name; {@code null} or empty means the last ARN segment
     * @return the reference
     * @throws IllegalArgumentException if the ARN cannot be parsed or is not of this type
     */
    public static DatasetGroupRef of(String arn, @Nullable String name) {
        return new DatasetGroupRef(parseAs(arn, ResourceType.DATASET_GROUP), name);
    }
}
