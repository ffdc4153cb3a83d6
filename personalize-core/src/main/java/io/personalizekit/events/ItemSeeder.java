package io.personalizekit.events;

import io.personalizekit.PersonalizeLimits;
import io.personalizekit.exception.DeliveryException;
import io.personalizekit.internal.events.BatchSender;
import io.personalizekit.internal.events.ItemValidator;
import io.personalizekit.internal.observe.SafeListener;
import io.personalizekit.observe.DeliveryEvent;
import io.personalizekit.observe.DeliveryOperation;
import io.personalizekit.observe.PersonalizeKitListener;
import io.personalizekit.resource.DatasetRef;
import io.personalizekit.schema.BoundSchema;
import io.personalizekit.schema.DatasetType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.personalizeevents.PersonalizeEventsClient;

/**
 * Pushes new or changed items into an Items dataset with {@code PutItems}, so that filters and (after the next
 * training) recommendations know them. It takes records of your own type through the same {@link BoundSchema} that
 * writes the Items CSV, so the file and the streamed items cannot disagree on a field. Thread-safe when the getters
 * are; one instance per dataset.
 *
 * <p>Each record is read through the schema's getters and checked before anything is sent: ITEM_ID of 1 to
 * {@value PersonalizeLimits#MAX_ID_LENGTH} characters, a value for every field that is not nullable, strings up to
 * {@value PersonalizeLimits#MAX_STRING_LENGTH} characters (textual fields only to the {@value
 * PersonalizeLimits#MAX_ITEM_PROPERTIES_LENGTH}-character properties limit), categorical values without empty values
 * or {@code |} inside one, timestamps in epoch seconds, finite numbers. Invalid records are reported in the {@link
 * DeliveryResult} (by ITEM_ID, or by {@code #<position>}, 0-based, when they have none) and skipped. Valid ones go in
 * batches of at most {@value PersonalizeLimits#MAX_RECORDS_PER_PUT}: {@code ITEM_ID} as {@code itemId}, every other
 * field in {@code properties}, the JSON string the API takes, with camelCase keys of the schema field names ({@code
 * CREATION_TIMESTAMP} becomes {@code creationTimestamp}), in schema order, nulls left out; a categorical collection
 * is joined with {@code |}, a timestamp is epoch seconds.
 *
 * <p>When the service rejects a batch with {@code InvalidInputException}, its items are re-sent one by one, so a bad
 * item does not sink its batch-mates; the one the service still rejects is reported with the service's message.
 * Any other service error (missing dataset, access denied, throttling beyond the SDK's retries) stops the run with
 * a {@link io.personalizekit.exception.DeliveryException} whose cause is the SDK exception.
 *
 * <p>Requests are paced by a {@link RateLimiter}, by default the service's 10 {@code PutItems} per second per
 * dataset group; pass one shared limiter to every seeder writing to the same dataset group.
 *
 * <pre>{@code
 * ItemSeeder<Article> seeder = ItemSeeder.builder(items) // the BoundSchema<Article> of the Items CSV
 *         .eventsClient(events)                       // borrowed: never closed by the seeder
 *         .datasetArn(itemsDatasetArn)
 *         .build();
 * DeliveryResult result = seeder.seed(newArticles);
 * System.out.println(result);                         // "3 sent, 0 failed, 1 batch, 1 request in 0.1 s"
 * }</pre>
 *
 * @param <T> the record type
 */
public final class ItemSeeder<T> {
    /** The service's default {@code PutItems} rate per dataset group: {@value} per second. */
    public static final double DEFAULT_REQUESTS_PER_SECOND = PersonalizeLimits.PUT_ITEMS_REQUESTS_PER_SECOND;

    private static final Logger log = LoggerFactory.getLogger(ItemSeeder.class);
    static final Pattern ARN = Pattern.compile("arn:([a-z\\d-]+):personalize:.*:.*:.+");

    private final PersonalizeEventsClient events;
    private final String datasetArn;
    private final BoundSchema<T> schema;
    private final ItemValidator<T> validator;
    private final BatchSender sender;
    private final Clock clock;
    private final PersonalizeKitListener listener;

    private ItemSeeder(Builder<T> b) {
        this.events = Objects.requireNonNull(b.events, "eventsClient");
        this.datasetArn = Objects.requireNonNull(b.datasetArn, "datasetArn");
        this.schema = b.schema;
        this.validator = new ItemValidator<>(schema);
        RateLimiter limiter =
                b.rateLimiter != null ? b.rateLimiter : RateLimiter.perSecond(DEFAULT_REQUESTS_PER_SECOND);
        this.sender = new BatchSender("PutItems", datasetArn, b.batchSize, limiter);
        this.clock = b.clock;
        this.listener = SafeListener.wrap(b.listener);
    }

    /**
     * Starts a builder.
     *
     * @param <T> the record type
     * @param items the bound Items schema: the getters that read a record, and the rules
     * @return a new builder
     * @throws IllegalArgumentException when the schema is not an Items schema
     */
    public static <T> Builder<T> builder(BoundSchema<T> items) {
        Objects.requireNonNull(items, "items");
        if (items.datasetType() != DatasetType.ITEMS) {
            throw new IllegalArgumentException("schema must be an Items schema, but it is for " + items.datasetType());
        }
        return new Builder<>(items);
    }

    /**
     * Validates and sends records. Reads the whole iterable first (calling every getter), then sends; an exception
     * of a getter propagates before anything is sent.
     *
     * @param items the records
     * @return what was sent and what failed, per record
     * @throws io.personalizekit.exception.DeliveryException when the service fails for a reason that concerns the
     *     whole dataset; items sent before stay written
     */
    public DeliveryResult seed(Iterable<? extends T> items) {
        Instant start = clock.instant();
        DeliveryResult.Builder result = DeliveryResult.builder();
        List<BatchSender.Entry<software.amazon.awssdk.services.personalizeevents.model.Item>> valid = new ArrayList<>();
        int position = 0;
        for (T record : items) {
            ItemValidator.Outcome outcome = validator.validate(record, position);
            software.amazon.awssdk.services.personalizeevents.model.Item item = outcome.item();
            if (item != null) {
                valid.add(new BatchSender.Entry<>(item.itemId(), item));
            } else {
                result.addFailure(Objects.requireNonNull(outcome.failure()));
            }
            position++;
        }
        return send(valid, result, start);
    }

    /**
     * Validates and sends records.
     *
     * @param items the records
     * @return what was sent and what failed, per record
     * @throws io.personalizekit.exception.DeliveryException when the service fails for a reason that concerns the
     *     whole dataset; items sent before stay written
     */
    @SafeVarargs
    public final DeliveryResult seed(T... items) {
        return seed(Arrays.asList(items));
    }

    /**
     * The bound Items schema the records are read through.
     *
     * @return the schema
     */
    public BoundSchema<T> schema() {
        return schema;
    }

    /**
     * The dataset the items go to.
     *
     * @return the Items dataset ARN
     */
    public String datasetArn() {
        return datasetArn;
    }

    @Override
    public String toString() {
        return "ItemSeeder{" + datasetArn + "}";
    }

    private DeliveryResult send(
            List<BatchSender.Entry<software.amazon.awssdk.services.personalizeevents.model.Item>> valid,
            DeliveryResult.Builder result,
            Instant start) {
        try {
            sender.send(
                    valid,
                    batch -> events.putItems(r -> r.datasetArn(datasetArn).items(batch)),
                    result,
                    0);
        } catch (DeliveryException e) {
            delivered(result.duration(Duration.between(start, clock.instant())).build(), e.unsentCount(), true);
            throw e;
        }
        DeliveryResult done =
                result.duration(Duration.between(start, clock.instant())).build();
        delivered(done, 0, false);
        log.debug("PutItems to {}: {}", datasetArn, done);
        return done;
    }

    private void delivered(DeliveryResult result, int unsent, boolean stopped) {
        if (listener != PersonalizeKitListener.NONE) {
            listener.onDelivery(new DeliveryEvent(DeliveryOperation.PUT_ITEMS, datasetArn, result, unsent, stopped));
        }
    }

    static String checkArn(String what, String arn) {
        Objects.requireNonNull(arn, what);
        if (arn.length() > PersonalizeLimits.MAX_ARN_LENGTH || !ARN.matcher(arn).matches()) {
            throw new IllegalArgumentException(
                    what + " '" + arn + "' is not a Personalize ARN of at most " + PersonalizeLimits.MAX_ARN_LENGTH
                            + " characters (arn:<partition>:personalize:<region>:<account>:<resource>)");
        }
        return arn;
    }

    static int checkBatchSize(int batchSize) {
        if (batchSize < 1 || batchSize > PersonalizeLimits.MAX_RECORDS_PER_PUT) {
            throw new IllegalArgumentException("batchSize must be between 1 and "
                    + PersonalizeLimits.MAX_RECORDS_PER_PUT + ", but it is " + batchSize);
        }
        return batchSize;
    }

    /**
     * Builder of {@link ItemSeeder}; not thread-safe.
     *
     * @param <T> the record type
     */
    public static final class Builder<T> {
        private final BoundSchema<T> schema;
        private @Nullable PersonalizeEventsClient events;
        private @Nullable String datasetArn;
        private @Nullable RateLimiter rateLimiter;
        private int batchSize = PersonalizeLimits.MAX_RECORDS_PER_PUT;
        private Clock clock = Clock.systemUTC();
        private PersonalizeKitListener listener = PersonalizeKitListener.NONE;

        private Builder(BoundSchema<T> schema) {
            this.schema = schema;
        }

        /**
         * Sets the events client (required). It is borrowed: the seeder never closes it.
         *
         * @param eventsClient the SDK events client
         * @return this builder
         */
        public Builder<T> eventsClient(PersonalizeEventsClient eventsClient) {
            this.events = Objects.requireNonNull(eventsClient, "eventsClient");
            return this;
        }

        /**
         * Sets the Items dataset to write to (required).
         *
         * @param datasetArn the dataset ARN
         * @return this builder
         * @throws IllegalArgumentException when it is not a Personalize ARN of at most {@value
         *     PersonalizeLimits#MAX_ARN_LENGTH} characters
         */
        public Builder<T> datasetArn(String datasetArn) {
            this.datasetArn = checkArn("datasetArn", datasetArn);
            return this;
        }

        /**
         * Sets the Items dataset to write to (required), for example {@code deployment.dataset(DatasetType.ITEMS)}.
         *
         * @param dataset the dataset
         * @return this builder
         * @throws IllegalArgumentException when it is not an Items dataset, naming its type
         */
        public Builder<T> dataset(DatasetRef dataset) {
            if (Objects.requireNonNull(dataset, "dataset").datasetType() != DatasetType.ITEMS) {
                throw new IllegalArgumentException("ItemSeeder writes to an ITEMS dataset, but " + dataset.arn()
                        + " is a " + dataset.datasetType() + " dataset");
            }
            return datasetArn(dataset.arn());
        }

        /**
         * Sets the limiter that paces requests; defaults to {@value #DEFAULT_REQUESTS_PER_SECOND} per second.
         *
         * @param rateLimiter the limiter, shared with other senders to the same dataset group if any
         * @return this builder
         */
        public Builder<T> rateLimiter(RateLimiter rateLimiter) {
            this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
            return this;
        }

        /**
         * Sets how many items go in one request; defaults to {@value PersonalizeLimits#MAX_RECORDS_PER_PUT}.
         *
         * @param batchSize 1 to {@value PersonalizeLimits#MAX_RECORDS_PER_PUT}
         * @return this builder
         * @throws IllegalArgumentException when outside 1 to {@value PersonalizeLimits#MAX_RECORDS_PER_PUT}
         */
        public Builder<T> batchSize(int batchSize) {
            this.batchSize = checkBatchSize(batchSize);
            return this;
        }

        /**
         * Sets the clock that measures {@link DeliveryResult#duration()}; defaults to the system UTC clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder<T> clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets a listener told when each {@code seed} call ends ({@link PersonalizeKitListener#onDelivery}), with the
         * counts of records sent, failed, re-sent alone and left unsent; defaults to {@link
         * PersonalizeKitListener#NONE}. An exception it throws is logged and never reaches the caller.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder<T> listener(PersonalizeKitListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Builds the seeder.
         *
         * @return the seeder
         * @throws NullPointerException when the events client or the dataset ARN is missing
         */
        public ItemSeeder<T> build() {
            return new ItemSeeder<>(this);
        }
    }
}
