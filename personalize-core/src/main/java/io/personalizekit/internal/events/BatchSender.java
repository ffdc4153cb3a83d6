package io.personalizekit.internal.events;

import io.personalizekit.events.DeliveryResult;
import io.personalizekit.events.RateLimiter;
import io.personalizekit.exception.DeliveryException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.personalizeevents.model.InvalidInputException;

/**
 * Sends records in batches through a rate limiter. When the service rejects a batch with {@code
 * InvalidInputException}, each of its records is re-sent alone, so one bad record does not sink its batch-mates;
 * any other service error stops the run with a {@link DeliveryException}. Stateless apart from its settings;
 * thread-safe when the limiter is.
 */
public final class BatchSender {
    private static final Logger log = LoggerFactory.getLogger(BatchSender.class);

    private final String operation;
    private final String target;
    private final int batchSize;
    private final RateLimiter limiter;

    /**
     * Creates a sender.
     *
     * @param operation the API operation, for logs
     * @param target the dataset ARN or tracking id, for logs and errors
     * @param batchSize records per request, 1 to 10
     * @param limiter paces every request
     */
    public BatchSender(String operation, String target, int batchSize, RateLimiter limiter) {
        this.operation = operation;
        this.target = target;
        this.batchSize = batchSize;
        this.limiter = limiter;
    }

    /**
     * A record with the id reported for it.
     *
     * @param <T> the SDK type of the record
     */
    public static final class Entry<T> {
        final String id;
        final T payload;

        /**
         * Creates an entry.
         *
         * @param id the reported id
         * @param payload the SDK record
         */
        public Entry(String id, T payload) {
            this.id = id;
            this.payload = payload;
        }
    }

    /**
     * Sends the entries in batches with one call per batch.
     *
     * @param <T> the SDK type of the records
     * @param entries the records, all sharing the call
     * @param call sends one batch (one SDK request)
     * @param result collects what was sent and what was rejected
     * @param pendingAfter how many records of the whole run come after these, for the error count
     * @throws DeliveryException when a call fails for another reason than an invalid record
     */
    public <T> void send(
            List<Entry<T>> entries, Consumer<List<T>> call, DeliveryResult.Builder result, int pendingAfter) {
        for (int from = 0; from < entries.size(); from += batchSize) {
            List<Entry<T>> batch = entries.subList(from, Math.min(entries.size(), from + batchSize));
            int remaining = entries.size() - from + pendingAfter;
            result.addBatch();
            try {
                sendOne(batch, call, result);
            } catch (InvalidInputException e) {
                if (batch.size() == 1) {
                    reject(batch.get(0), e, result);
                    continue;
                }
                log.debug(
                        "{} to {} rejected a batch of {} ({}); re-sending its records one by one",
                        operation,
                        target,
                        batch.size(),
                        e.awsErrorDetails().errorMessage());
                for (int i = 0; i < batch.size(); i++) {
                    Entry<T> entry = batch.get(i);
                    try {
                        sendOne(List.of(entry), call, result);
                    } catch (InvalidInputException single) {
                        reject(entry, single, result);
                    } catch (SdkException | InterruptedException other) {
                        throw stop(other, result, remaining - i);
                    }
                }
            } catch (SdkException | InterruptedException e) {
                throw stop(e, result, remaining);
            }
        }
    }

    private <T> void sendOne(List<Entry<T>> batch, Consumer<List<T>> call, DeliveryResult.Builder result)
            throws InterruptedException {
        limiter.acquire();
        List<T> payloads = new ArrayList<>(batch.size());
        List<String> ids = new ArrayList<>(batch.size());
        for (Entry<T> e : batch) {
            payloads.add(e.payload);
            ids.add(e.id);
        }
        result.addRequest();
        call.accept(payloads);
        log.debug("{} to {}: sent {} records", operation, target, batch.size());
        result.addSent(ids);
    }

    private static <T> void reject(Entry<T> entry, InvalidInputException e, DeliveryResult.Builder result) {
        String message = e.awsErrorDetails() == null
                ? e.getMessage()
                : e.awsErrorDetails().errorMessage();
        result.addFailure(DeliveryResult.Failure.of(
                entry.id, DeliveryResult.Stage.REJECTED, null, message == null ? "InvalidInputException" : message));
    }

    private DeliveryException stop(Exception cause, DeliveryResult.Builder result, int unsent) {
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new DeliveryException(target, result.sentSoFar(), unsent, cause);
    }
}
