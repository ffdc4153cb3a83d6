package io.personalizekit.batch;

/**
 * Blocks until a batch inference job reaches a terminal status. {@link BatchSimilarItems} calls it after {@code
 * CreateBatchInferenceJob}, then describes the job once more and fails with {@link
 * io.personalizekit.exception.ResourceFailedException} unless the job is {@code ACTIVE}, so an awaiter may
 * simply return when the job is terminal.
 *
 * <p>The default (used when none is set) polls {@code DescribeBatchInferenceJob} on a fixed interval with an
 * overall timeout; see {@link BatchSimilarItems.Builder#pollInterval} and {@link
 * BatchSimilarItems.Builder#waitTimeout}. Plug in the toolkit's {@code ResourceWaiter} (or any other waiting
 * strategy) with a lambda:
 *
 * <pre>{@code
 * BatchSimilarItems.builder().awaiter(arn -> waiter.waitUntilActive(BatchInferenceJobRef.of(arn))) ...
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
