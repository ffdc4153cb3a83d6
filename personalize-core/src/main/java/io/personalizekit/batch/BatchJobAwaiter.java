package io.personalizekit.batch;

/**
 * Blocks until a batch inference job reaches a terminal status. {@link BatchSimilarItems} calls it after {@code
 * CreateBatchInferenceJob}, then describes the job once more and fails with {@link
 * io.personalizekit.exception.ResourceFailedException} unless the job is {@code ACTIVE}, so an awaiter may
 * simply return when the job is terminal.
 *
 * <p>By default {@link BatchSimilarItems} waits with the toolkit's {@link io.personalizekit.waiter.ResourceWaiter};
 * an awaiter replaces that, for example to wait asynchronously elsewhere or to report progress differently:
 *
 * <pre>{@code
 * BatchSimilarItems.builder().awaiter(arn -> myScheduler.awaitJob(arn)) ...
 * }</pre>
 */
@FunctionalInterface
public interface BatchJobAwaiter {
    /**
     * Waits for the job to reach a terminal status.
     *
     * @param batchInferenceJobArn the job's ARN
     * @throws io.personalizekit.exception.ResourceFailedException when the awaiter itself detects the failure
     * @throws io.personalizekit.exception.WaitTimeoutException when the job is not terminal in time
     */
    void await(String batchInferenceJobArn);
}
