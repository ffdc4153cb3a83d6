package io.personalizekit.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The summary of one {@link ItemSeeder#seed} or {@link EventRecorder#record} run: what was sent, what failed and
 * why (per record), how many requests were made and how long it took. An immutable record; its lists are
 * unmodifiable copies.
 *
 * @param sentIds the ids of the records the service accepted (item ids; for events the event id, or {@code
 *     #<position>} of the event in the input when it has none), in sending order
 * @param failures the records that were not sent (invalid) or that the service rejected, with the reason, in input
 *     order within each stage
 * @param batches how many batches the valid records were split into (at most 10 records each)
 * @param requests how many requests were made: one per batch, plus one per record of a batch the service rejected
 *     (each is then re-sent alone to find the bad one)
 * @param duration how long the run took, waiting for the rate limit included
 */
public record DeliveryResult(
        List<String> sentIds, List<Failure> failures, int batches, int requests, Duration duration) {

    /**
     * Creates a result; the lists are copied.
     *
     * @throws NullPointerException when a list, one of its elements or the duration is null
     * @throws IllegalArgumentException when {@code batches} or {@code requests} is negative
     */
    public DeliveryResult {
        sentIds = List.copyOf(sentIds);
        failures = List.copyOf(failures);
        Objects.requireNonNull(duration, "duration");
        if (batches < 0 || requests < 0) {
            throw new IllegalArgumentException(
                    "batches and requests must not be negative, but they are " + batches + " and " + requests);
        }
    }

    /**
     * Starts a builder; used by the senders, and by tests of code that consumes results.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * How many records the service accepted.
     *
     * @return the count
     */
    public int sent() {
        return sentIds.size();
    }

    /**
     * How many records were not sent or were rejected.
     *
     * @return the count
     */
    public int failed() {
        return failures.size();
    }

    /**
     * The failure reasons by record id.
     *
     * @return an unmodifiable map from record id to reason, in failure order
     */
    public Map<String, String> failureReasons() {
        Map<String, String> m = new LinkedHashMap<>();
        failures.forEach(f -> m.merge(f.recordId(), f.reason(), (a, b) -> a + "; " + b));
        return Collections.unmodifiableMap(m);
    }

    /**
     * Whether every record was sent.
     *
     * @return true when nothing failed
     */
    public boolean allSent() {
        return failures.isEmpty();
    }

    /**
     * A one-line summary, for example {@code "8 sent, 1 failed (a-7: LABELS ...), 2 batches, 3 requests in
     * 0.3 s"}.
     *
     * @return the summary
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder()
                .append(sent())
                .append(" sent, ")
                .append(failed())
                .append(" failed");
        if (!failures.isEmpty()) {
            sb.append(" (");
            for (int i = 0; i < failures.size(); i++) {
                if (i > 0) {
                    sb.append("; ");
                }
                sb.append(failures.get(i).recordId())
                        .append(": ")
                        .append(failures.get(i).reason());
            }
            sb.append(')');
        }
        return sb.append(", ")
                .append(batches)
                .append(batches == 1 ? " batch, " : " batches, ")
                .append(requests)
                .append(requests == 1 ? " request in " : " requests in ")
                .append(String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000d))
                .toString();
    }

    /** Why a record was not delivered. */
    public enum Stage {
        /** The record broke a rule (schema, type, length) and was not sent. */
        INVALID,
        /** The service rejected the record ({@code InvalidInputException}) when it was sent alone. */
        REJECTED
    }

    /** One record that was not delivered. Immutable. */
    public static final class Failure {
        private final String recordId;
        private final Stage stage;
        private final @Nullable String field;
        private final String reason;

        private Failure(String recordId, Stage stage, @Nullable String field, String reason) {
            this.recordId = Objects.requireNonNull(recordId, "recordId");
            this.stage = Objects.requireNonNull(stage, "stage");
            this.field = field;
            this.reason = Objects.requireNonNull(reason, "reason");
        }

        /**
         * Creates a failure.
         *
         * @param recordId the record's id
         * @param stage whether it was invalid or rejected
         * @param field the schema field at fault, or {@code null} when unknown or the whole record
         * @param reason the explanation (the service's message for rejections)
         * @return the failure
         */
        public static Failure of(String recordId, Stage stage, @Nullable String field, String reason) {
            return new Failure(recordId, stage, field, reason);
        }

        /**
         * The record's id (item id, event id or {@code #<position>}).
         *
         * @return the id
         */
        public String recordId() {
            return recordId;
        }

        /**
         * Whether the record was invalid (not sent) or rejected by the service.
         *
         * @return the stage
         */
        public Stage stage() {
            return stage;
        }

        /**
         * The schema field at fault.
         *
         * @return the field name, or empty
         */
        public Optional<String> field() {
            return Optional.ofNullable(field);
        }

        /**
         * The explanation.
         *
         * @return the reason
         */
        public String reason() {
            return reason;
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            if (!(o instanceof Failure)) {
                return false;
            }
            Failure f = (Failure) o;
            return recordId.equals(f.recordId)
                    && stage == f.stage
                    && Objects.equals(field, f.field)
                    && reason.equals(f.reason);
        }

        @Override
        public int hashCode() {
            return Objects.hash(recordId, stage, field, reason);
        }

        @Override
        public String toString() {
            return stage + " " + recordId + ": " + reason;
        }
    }

    /** Builder of {@link DeliveryResult}; not thread-safe. */
    public static final class Builder {
        private final List<String> sentIds = new ArrayList<>();
        private final List<Failure> failures = new ArrayList<>();
        private int batches;
        private int requests;
        private Duration duration = Duration.ZERO;

        private Builder() {}

        /**
         * Records sent records.
         *
         * @param ids their ids
         * @return this builder
         */
        public Builder addSent(List<String> ids) {
            sentIds.addAll(ids);
            return this;
        }

        /**
         * Records a failure.
         *
         * @param failure the failure
         * @return this builder
         */
        public Builder addFailure(Failure failure) {
            failures.add(Objects.requireNonNull(failure, "failure"));
            return this;
        }

        /**
         * Counts one batch.
         *
         * @return this builder
         */
        public Builder addBatch() {
            batches++;
            return this;
        }

        /**
         * Counts one request.
         *
         * @return this builder
         */
        public Builder addRequest() {
            requests++;
            return this;
        }

        /**
         * Sets the duration.
         *
         * @param duration how long the run took
         * @return this builder
         */
        public Builder duration(Duration duration) {
            this.duration = Objects.requireNonNull(duration, "duration");
            return this;
        }

        /**
         * How many records are recorded as sent so far.
         *
         * @return the count
         */
        public int sentSoFar() {
            return sentIds.size();
        }

        /**
         * Builds the result.
         *
         * @return the result
         */
        public DeliveryResult build() {
            return new DeliveryResult(sentIds, failures, batches, requests, duration);
        }
    }
}
