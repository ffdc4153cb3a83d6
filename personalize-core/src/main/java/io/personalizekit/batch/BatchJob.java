package io.personalizekit.batch;

import io.personalizekit.storage.S3Location;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A batch inference job started by {@link BatchSimilarItems}: its ARN and name, the status last observed (as the
 * service wrote it, for example {@code ACTIVE}), and where its input and output are. Immutable and thread-safe.
 */
public final class BatchJob {
    private final String arn;
    private final String jobName;
    private final String status;
    private final S3Location input;
    private final S3Location resultsLocation;

    private BatchJob(String arn, String jobName, String status, S3Location input, S3Location resultsLocation) {
        this.arn = Objects.requireNonNull(arn, "arn");
        this.jobName = Objects.requireNonNull(jobName, "jobName");
        this.status = Objects.requireNonNull(status, "status");
        this.input = Objects.requireNonNull(input, "input");
        this.resultsLocation = Objects.requireNonNull(resultsLocation, "resultsLocation");
    }

    /**
     * Creates a job value, for example to read the results of a job started elsewhere.
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

    /**
     * The job's ARN.
     *
     * @return the ARN
     */
    public String arn() {
        return arn;
    }

    /**
     * The job's name.
     *
     * @return the name
     */
    public String jobName() {
        return jobName;
    }

    /**
     * The status last observed, exactly as the service wrote it ({@code PENDING}, {@code IN PROGRESS}, {@code
     * ACTIVE}, {@code CREATE FAILED}).
     *
     * @return the status
     */
    public String status() {
        return status;
    }

    /**
     * The input object.
     *
     * @return the input location
     */
    public S3Location input() {
        return input;
    }

    /**
     * The output object for the input: {@code <outputPrefix><input-file-name>.out}.
     *
     * @return the results location
     */
    public S3Location resultsLocation() {
        return resultsLocation;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof BatchJob)) {
            return false;
        }
        BatchJob j = (BatchJob) o;
        return arn.equals(j.arn)
                && jobName.equals(j.jobName)
                && status.equals(j.status)
                && input.equals(j.input)
                && resultsLocation.equals(j.resultsLocation);
    }

    @Override
    public int hashCode() {
        return Objects.hash(arn, jobName, status, input, resultsLocation);
    }

    @Override
    public String toString() {
        return "BatchJob{arn=" + arn + ", jobName=" + jobName + ", status=" + status + ", input=" + input + ", results="
                + resultsLocation + "}";
    }
}
