package io.personalizekit.resource;

import org.jspecify.annotations.Nullable;

/** A reference to a dataset export job (`dataset-export-job/{jobName}`). The ARN's last segment is the job name. */
public final class DatasetExportJobRef extends ResourceRef {

    DatasetExportJobRef(ResourceArn arn, @Nullable String name) {
        super(arn, name, ResourceType.DATASET_EXPORT_JOB);
    }

    /**
     * A reference from an ARN alone; {@link #name()} is the last ARN segment.
     *
     * @param arn the ARN
     * @return the reference
     * @throws IllegalArgumentException if the ARN cannot be parsed or is not of this type
     */
    public static DatasetExportJobRef of(String arn) {
        return new DatasetExportJobRef(parseAs(arn, ResourceType.DATASET_EXPORT_JOB), null);
    }

    /**
     * A reference from an ARN and the resource's name.
     *
     * @param arn the ARN
     * @param name the resource's name; {@code null} or empty means the last ARN segment
     * @return the reference
     * @throws IllegalArgumentException if the ARN cannot be parsed or is not of this type
     */
    public static DatasetExportJobRef of(String arn, @Nullable String name) {
        return new DatasetExportJobRef(parseAs(arn, ResourceType.DATASET_EXPORT_JOB), name);
    }
}
