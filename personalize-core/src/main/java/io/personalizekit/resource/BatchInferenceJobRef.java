package io.personalizekit.resource;

import org.jspecify.annotations.Nullable;

/** A reference to a batch inference job (`batch-inference-job/{jobName}`). The ARN's last segment is the job name. */
public final class BatchInferenceJobRef extends ResourceRef {

    BatchInferenceJobRef(ResourceArn arn, @Nullable String name) {
        super(arn, name, ResourceType.BATCH_INFERENCE_JOB);
    }

    /**
     * A reference from an ARN alone; {@link #name()} is the last ARN segment.
     *
     * @param arn the ARN
     * @return the reference
     * @throws IllegalArgumentException if the ARN cannot be parsed or is not of this type
     */
    public static BatchInferenceJobRef of(String arn) {
        return new BatchInferenceJobRef(parseAs(arn, ResourceType.BATCH_INFERENCE_JOB), null);
    }

    /**
     * A reference from an ARN and the resource's name.
     *
     * @param arn the ARN
     * @param name the resource's name; {@code null} or empty means the last ARN segment
     * @return the reference
     * @throws IllegalArgumentException if the ARN cannot be parsed or is not of this type
     */
    public static BatchInferenceJobRef of(String arn, @Nullable String name) {
        return new BatchInferenceJobRef(parseAs(arn, ResourceType.BATCH_INFERENCE_JOB), name);
    }
}
