package io.personalizekit.batch;

import io.personalizekit.storage.S3Location;
import java.util.Objects;

/**
 * A batch inference job started by {@link BatchSimilarItems}: its ARN and name, the status last observed (as the
 * service wrote it, for example {@code ACTIVE}), and where its input and output are. An immutable record.
 *
 * @param arn the job's ARN
 * @param jobName the job's name
 * @param status the status last observed, exactly as the service wrote it ({@code PENDING}, {@code IN PROGRESS},
 *     {@code ACTIVE}, {@code CREATE FAILED})
 * @param input the input object
 * @param resultsLocation the output object for the input: {@code <outputPrefix><input-file-name>.out}
 */
public record BatchJob(String arn, String jobName, String status, S3Location input, S3Location resultsLocation) {

    /**
     * Creates a job value.
     *
     * @throws NullPointerException when any component is null
     */
    public BatchJob {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(jobName, "jobName");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(resultsLocation, "resultsLocation");
    }

    /**
     * Creates a job value, for example to read the results of a job started elsewhere; the same as the constructor.
     *
     * @param arn the job's ARN
     * @param jobName the job's name
     * @param status the status as the service wrote it
     * @param input the input object
     * @param resultsLocation the output object ({@code <outputPrefix><input-name>.out})
     * @return the job
     */
    public static BatchJob of(String arn, String jobName, String status, S3Location input, S3Location resultsLocation) {
        return new BatchJob(arn, jobName, status, input, resultsLocation);
    }

    @Override
    public String toString() {
        return "BatchJob{arn=" + arn + ", jobName=" + jobName + ", status=" + status + ", input=" + input + ", results="
                + resultsLocation + "}";
    }
}
