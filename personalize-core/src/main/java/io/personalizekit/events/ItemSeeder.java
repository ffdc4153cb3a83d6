package io.personalizekit.events;

import io.personalizekit.csv.Item;
import io.personalizekit.internal.events.BatchSender;
import io.personalizekit.internal.events.ItemValidator;
import io.personalizekit.resource.DatasetRef;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.personalizeevents.PersonalizeEventsClient;

/**
 * Pushes new or changed items into an Items dataset with {@code PutItems}, so that filters and (after the next
 * training) recommendations know them. Thread-safe; one instance per dataset.
 *
 * <p>Each item is checked against the Items schema before anything is sent: every key must be a schema field,
 * fields that are not nullable must have a value of the field's type, strings keep to 1,000 characters (textual
 * fields to the 32,000-character properties limit), categorical values to the {@code |} rules, timestamps to epoch
 * seconds, ids to 256 characters. Invalid items are reported in the {@link DeliveryResult} and skipped. Valid items
 * go in batches of at most 10, with {@code properties} rendered as the JSON string the API takes: camelCase keys of
 * the schema field names ({@code CREATION_TIMESTAMP} becomes {@code creationTimestamp}), schema order, nulls
 * omitted; {@code ITEM_ID} goes to {@code itemId}.
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
 * ItemSeeder seeder = ItemSeeder.builder()
 *         .eventsClient(events)            // borrowed: never closed by the seeder
 *         .datasetArn(itemsDatasetArn)
 *         .schema(itemsSchema)
 *         .build();
 * DeliveryResult result = seeder.seed(newArticles);  // io.personalizekit.csv.Item, as for the CSV files
 * System.out.println(result);              // "3 sent, 0 failed, 1 batch, 1 request in 0.1 s"
 * }</pre>
 */
public final class ItemSeeder {
    /** The most items per {@code PutItems} request: {@value}. */
    public static final int MAX_BATCH_SIZE = 10;
    /** The service's default {@code PutItems} rate per dataset group: {@value} per second. */
    public static final double DEFAULT_REQUESTS_PER_SECOND = 10;

    private static final Logger log = LoggerFactory.getLogger(ItemSeeder.class);
    private static final String CREATION_TIMESTAMP = "CREATION_TIMESTAMP";
    static final Pattern ARN = Pattern.compile("arn:([a-z\\d-]+):personalize:.*:.*:.+");
    static final int MAX_ARN_LENGTH = 256;

    private final PersonalizeEventsClient events;
    private final String datasetArn;
    private final DatasetSchema schema;
    private final ItemValidator validator;
    private final BatchSender sender;
    private final Clock clock;

    private ItemSeeder(Builder b) {
        this.events = Objects.requireNonNull(b.events, "eventsClient");
        this.datasetArn = Objects.requireNonNull(b.datasetArn, "datasetArn");
        this.schema = Objects.requireNonNull(b.schema, "schema");
        this.validator = new ItemValidator(schema);
        RateLimiter limiter =
                b.rateLimiter != null ? b.rateLimiter : RateLimiter.perSecond(DEFAULT_REQUESTS_PER_SECOND);
        this.sender = new BatchSender("PutItems", datasetArn, b.batchSize, limiter);
        this.clock = b.clock;
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Validates and sends items, the same {@link Item}s that {@code ItemCsvWriter} writes: {@code creationTime}
     * becomes {@code CREATION_TIMESTAMP}, each metadata entry the schema field of that name. An item without an
     * ITEM_ID is reported as {@code #<position>} (0-based) and skipped. Reads the whole iterable first, then sends.
     *
     * @param items the items
     * @return what was sent and what failed, per item
     * @throws io.personalizekit.exception.DeliveryException when the service fails for a reason that concerns the
     *     whole dataset; items sent before stay written
     */
    public DeliveryResult seed(Iterable<Item> items) {
        Instant start = clock.instant();
        DeliveryResult.Builder result = DeliveryResult.builder();
        List<BatchSender.Entry<software.amazon.awssdk.services.personalizeevents.model.Item>> valid = new ArrayList<>();
        int position = 0;
        for (Item item : items) {
            String itemId = item.itemId();
            if (itemId == null) {
                result.addFailure(DeliveryResult.Failure.of(
                        "#" + position, DeliveryResult.Stage.INVALID, ItemValidator.ITEM_ID, "ITEM_ID is missing"));
            } else {
                Map<String, @Nullable Object> fields = new LinkedHashMap<>(item.metadata());
                item.creationTime().ifPresent(t -> fields.put(CREATION_TIMESTAMP, t));
                add(itemId, fields, valid, result);
            }
            position++;
        }
        return send(valid, result, start);
    }

    /**
     * Validates and sends items.
     *
     * @param items the items
     * @return what was sent and what failed, per item
     * @throws io.personalizekit.exception.DeliveryException when the service fails for a reason that concerns the
     *     whole dataset; items sent before stay written
     */
    public DeliveryResult seed(Item... items) {
        return seed(Arrays.asList(items));
    }

    /**
     * Validates and sends items given as maps keyed by schema field name, {@code ITEM_ID} included (the shape of a
     * CSV row). A map without a string {@code ITEM_ID} is reported as {@code #<position>} (0-based) and skipped.
     *
     * @param records the items, one map each
     * @return what was sent and what failed, per item
     * @throws io.personalizekit.exception.DeliveryException when the service fails for a reason that concerns the
     *     whole dataset; items sent before stay written
     */
    public DeliveryResult seedRecords(Iterable<? extends Map<String, ? extends @Nullable Object>> records) {
        Instant start = clock.instant();
        DeliveryResult.Builder result = DeliveryResult.builder();
        List<BatchSender.Entry<software.amazon.awssdk.services.personalizeevents.model.Item>> valid = new ArrayList<>();
        int position = 0;
        for (Map<String, ? extends @Nullable Object> record : records) {
            Object id = record.get(ItemValidator.ITEM_ID);
            if (id instanceof String) {
                add((String) id, record, valid, result);
            } else {
                result.addFailure(DeliveryResult.Failure.of(
                        "#" + position,
                        DeliveryResult.Stage.INVALID,
                        ItemValidator.ITEM_ID,
                        "ITEM_ID is missing or not a string"));
            }
            position++;
        }
        return send(valid, result, start);
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

    private void add(
            String itemId,
            Map<String, ? extends @Nullable Object> fields,
            List<BatchSender.Entry<software.amazon.awssdk.services.personalizeevents.model.Item>> valid,
            DeliveryResult.Builder result) {
        ItemValidator.Outcome outcome = validator.validate(itemId, fields);
        software.amazon.awssdk.services.personalizeevents.model.Item item = outcome.item();
        if (item != null) {
            valid.add(new BatchSender.Entry<>(itemId, item));
        } else {
            result.addFailure(Objects.requireNonNull(outcome.failure()));
        }
    }

    private DeliveryResult send(
            List<BatchSender.Entry<software.amazon.awssdk.services.personalizeevents.model.Item>> valid,
            DeliveryResult.Builder result,
            Instant start) {
        sender.send(
                valid, batch -> events.putItems(r -> r.datasetArn(datasetArn).items(batch)), result, 0);
        DeliveryResult done =
                result.duration(Duration.between(start, clock.instant())).build();
        log.debug("PutItems to {}: {}", datasetArn, done);
        return done;
    }

    static String checkArn(String what, String arn) {
        Objects.requireNonNull(arn, what);
        if (arn.length() > MAX_ARN_LENGTH || !ARN.matcher(arn).matches()) {
            throw new IllegalArgumentException(what + " '" + arn + "' is not a Personalize ARN of at most "
                    + MAX_ARN_LENGTH + " characters (arn:<partition>:personalize:<region>:<account>:<resource>)");
        }
        return arn;
    }

    static int checkBatchSize(int batchSize) {
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException(
                    "batchSize must be between 1 and " + MAX_BATCH_SIZE + ", but it is " + batchSize);
        }
        return batchSize;
    }

    /** Builder of {@link ItemSeeder}; not thread-safe. */
    public static final class Builder {
        private @Nullable PersonalizeEventsClient events;
        private @Nullable String datasetArn;
        private @Nullable DatasetSchema schema;
        private @Nullable RateLimiter rateLimiter;
        private int batchSize = MAX_BATCH_SIZE;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /**
         * Sets the events client (required). It is borrowed: the seeder never closes it.
         *
         * @param eventsClient the SDK events client
         * @return this builder
         */
        public Builder eventsClient(PersonalizeEventsClient eventsClient) {
            this.events = Objects.requireNonNull(eventsClient, "eventsClient");
            return this;
        }

        /**
         * Sets the Items dataset to write to (required).
         *
         * @param datasetArn the dataset ARN
         * @return this builder
         * @throws IllegalArgumentException when it is not a Personalize ARN of at most 256 characters
         */
        public Builder datasetArn(String datasetArn) {
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
        public Builder dataset(DatasetRef dataset) {
            if (Objects.requireNonNull(dataset, "dataset").datasetType() != DatasetType.ITEMS) {
                throw new IllegalArgumentException("ItemSeeder writes to an ITEMS dataset, but " + dataset.arn()
                        + " is a " + dataset.datasetType() + " dataset");
            }
            return datasetArn(dataset.arn());
        }

        /**
         * Sets the Items schema the items are checked against and whose field names become property keys
         * (required).
         *
         * @param schema the schema of the Items dataset
         * @return this builder
         * @throws IllegalArgumentException when the schema is not an Items schema
         */
        public Builder schema(DatasetSchema schema) {
            Objects.requireNonNull(schema, "schema");
            if (schema.datasetType() != DatasetType.ITEMS) {
                throw new IllegalArgumentException(
                        "schema must be an Items schema, but it is for " + schema.datasetType());
            }
            this.schema = schema;
            return this;
        }

        /**
         * Sets the limiter that paces requests; defaults to {@value #DEFAULT_REQUESTS_PER_SECOND} per second.
         *
         * @param rateLimiter the limiter, shared with other senders to the same dataset group if any
         * @return this builder
         */
        public Builder rateLimiter(RateLimiter rateLimiter) {
            this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
            return this;
        }

        /**
         * Sets how many items go in one request; defaults to {@value #MAX_BATCH_SIZE}.
         *
         * @param batchSize 1 to {@value #MAX_BATCH_SIZE}
         * @return this builder
         * @throws IllegalArgumentException when outside 1 to {@value #MAX_BATCH_SIZE}
         */
        public Builder batchSize(int batchSize) {
            this.batchSize = checkBatchSize(batchSize);
            return this;
        }

        /**
         * Sets the clock that measures {@link DeliveryResult#duration()}; defaults to the system UTC clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the seeder.
         *
         * @return the seeder
         * @throws NullPointerException when the events client, the dataset ARN or the schema is missing
         */
        public ItemSeeder build() {
            return new ItemSeeder(this);
        }
    }
}
