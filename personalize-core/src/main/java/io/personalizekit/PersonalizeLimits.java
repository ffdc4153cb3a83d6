package io.personalizekit;

/**
 * The limits of Amazon Personalize that personalize-kit checks before it calls the service, in one place. Each
 * constant names its source: the service's API model (the {@code max}/{@code min} of a shape, as the SDKs see it),
 * the developer guide's "Service quotas" page ({@code limits}), or its bulk data format guidelines
 * ({@code preparing-training-data}, "Bulk data format guidelines"). Where the service truncates instead of
 * rejecting, the constant says so.
 *
 * <p>personalize-local, the emulator, keeps its own copies on purpose: it is an independent implementation of the
 * service and a second opinion on these numbers.
 */
public final class PersonalizeLimits {
    /**
     * The longest id: USER_ID, ITEM_ID and ACTION_ID in a dataset CSV, and {@code userId}, {@code itemId}, {@code
     * sessionId}, {@code eventId}, {@code eventType} and the impression ids of the events API (API model shapes
     * {@code UserId}, {@code ItemId} and {@code StringType}, max 256; bulk data guidelines): {@value}.
     */
    public static final int MAX_ID_LENGTH = 256;

    /**
     * The longest value of a categorical field (including the {@code |} separators) or of a plain (neither
     * categorical nor textual) string field in a dataset (developer guide, service quotas: "maximum characters for
     * categorical and string values"): {@value}.
     */
    public static final int MAX_STRING_LENGTH = 1000;

    /**
     * The longest value of a textual field the service reads; it truncates longer values instead of rejecting them
     * (developer guide, items datasets, "unstructured text metadata"): {@value}.
     */
    public static final int MAX_TEXTUAL_LENGTH = 20_000;

    /** The longest {@code properties} JSON string of one item in {@code PutItems} (API model {@code ItemProperties}): {@value}. */
    public static final int MAX_ITEM_PROPERTIES_LENGTH = 32_000;

    /** The longest {@code properties} JSON string of one event in {@code PutEvents} (API model {@code EventPropertiesJSON}): {@value}. */
    public static final int MAX_EVENT_PROPERTIES_LENGTH = 1024;

    /** The longest {@code recommendationId} of an event (API model {@code RecommendationId}): {@value}. */
    public static final int MAX_RECOMMENDATION_ID_LENGTH = 40;

    /** The most item ids in an event's {@code impression} (API model {@code Impression}, max 25): {@value}. */
    public static final int MAX_IMPRESSIONS = 25;

    /** The longest {@code eventAttributionSource} of an event (API model {@code EventAttributionSource}): {@value}. */
    public static final int MAX_EVENT_ATTRIBUTION_SOURCE_LENGTH = 1024;

    /**
     * The most records in one {@code PutItems}, {@code PutUsers}, {@code PutActions} or {@code PutEvents} request
     * (API model {@code ItemList}/{@code EventList}, max 10): {@value}.
     */
    public static final int MAX_RECORDS_PER_PUT = 10;

    /** The default rate of {@code PutItems} (and {@code PutUsers}, {@code PutActions}) per dataset group (service quotas): {@value} per second. */
    public static final double PUT_ITEMS_REQUESTS_PER_SECOND = 10;

    /** The default rate of {@code PutEvents} per dataset group (service quotas): {@value} per second. */
    public static final double PUT_EVENTS_REQUESTS_PER_SECOND = 1000;

    /** The longest ARN (API model {@code Arn}, max 256): {@value}. */
    public static final int MAX_ARN_LENGTH = 256;

    /** The longest S3 path of a data location (API model {@code S3Location}, max 256): {@value}. */
    public static final int MAX_S3_PATH_LENGTH = 256;

    /** The longest Avro schema document {@code CreateSchema} takes (API model {@code AvroSchema}): {@value}. */
    public static final int MAX_SCHEMA_LENGTH = 20_000;

    /** The most results of {@code GetRecommendations} (API model {@code NumResults}, service quotas): {@value}. */
    public static final int MAX_NUM_RESULTS = 500;

    /** The most results of {@code GetRecommendations} when metadata columns are requested (service quotas): {@value}. */
    public static final int MAX_NUM_RESULTS_WITH_METADATA = 50;

    /** The fewest interactions training needs (service quotas, minimum data; after event-type filtering): {@value}. */
    public static final long MIN_INTERACTIONS = 1000;

    /** The fewest users with at least two interactions each that training needs (service quotas): {@value}. */
    public static final long MIN_USERS_WITH_TWO_INTERACTIONS = 25;

    /** The smallest share of users with at least two interactions that training needs (service quotas): {@value}. */
    public static final double MIN_SHARE_OF_USERS_WITH_TWO_INTERACTIONS = 0.01;

    /** The fewest records one interactions import job may hold (developer guide, importing bulk data): {@value}. */
    public static final long MIN_IMPORT_RECORDS = 1000;

    private PersonalizeLimits() {}
}
