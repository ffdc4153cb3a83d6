package io.personalizekit.recommend;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;

/**
 * A request to rank a list of candidate items for one user (Personalized-Ranking). Immutable and thread-safe. The
 * service's limits (at most {@value #MAX_ITEMS} candidates, {@value #MAX_ITEMS_WITH_METADATA} with metadata columns)
 * are checked by {@link Builder#build()}, before any call is made.
 */
public final class PersonalizedRankingRequest {
    /** The most candidate items: {@value}. */
    public static final int MAX_ITEMS = 500;
    /** The most candidate items when metadata columns are requested: {@value}. */
    public static final int MAX_ITEMS_WITH_METADATA = 50;

    private final String userId;
    private final List<String> itemIds;
    private final @Nullable String filterArn;
    private final Map<String, String> filterValues;
    private final Map<String, String> context;
    private final List<String> metadataColumns;
    private final @Nullable AwsRequestOverrideConfiguration overrideConfiguration;

    private PersonalizedRankingRequest(Builder b) {
        this.userId = Objects.requireNonNull(b.userId, "userId");
        this.itemIds = List.copyOf(b.itemIds);
        this.filterArn = b.filterArn;
        this.filterValues = Collections.unmodifiableMap(new LinkedHashMap<>(b.filterValues));
        this.context = Collections.unmodifiableMap(new LinkedHashMap<>(b.context));
        this.metadataColumns = List.copyOf(b.metadataColumns);
        this.overrideConfiguration = b.overrideConfiguration;
    }

    /**
     * A request to rank candidates for one user, with no filter, context or metadata.
     *
     * @param userId the user id
     * @param itemIds the candidates
     * @return the request
     * @throws IllegalArgumentException when an id is empty or longer than 256 characters, or there are no
     *     candidates or more than {@value #MAX_ITEMS}
     */
    public static PersonalizedRankingRequest of(String userId, List<String> itemIds) {
        return builder().userId(userId).itemIds(itemIds).build();
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
     * Returns a builder initialised with this request's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder()
                .userId(userId)
                .itemIds(itemIds)
                .filterArn(filterArn)
                .filterValues(filterValues)
                .context(context)
                .metadataColumns(metadataColumns)
                .overrideConfiguration(overrideConfiguration);
    }

    /**
     * The user to rank for.
     *
     * @return the user id
     */
    public String userId() {
        return userId;
    }

    /**
     * The candidate items, in the caller's order.
     *
     * @return an unmodifiable list
     */
    public List<String> itemIds() {
        return itemIds;
    }

    /**
     * The filter to apply.
     *
     * @return the filter ARN, or empty
     */
    public Optional<String> filterArn() {
        return Optional.ofNullable(filterArn);
    }

    /**
     * Values of the filter's placeholders, in the service's format ({@code "\"SPORTS\",\"POLITICS\""}).
     *
     * @return an unmodifiable map
     */
    public Map<String, String> filterValues() {
        return filterValues;
    }

    /**
     * Contextual metadata (device, time of day, ...).
     *
     * @return an unmodifiable map
     */
    public Map<String, String> context() {
        return context;
    }

    /**
     * Item metadata columns to return with each item.
     *
     * @return an unmodifiable list, empty for none
     */
    public List<String> metadataColumns() {
        return metadataColumns;
    }

    /**
     * The SDK request options (API call timeout, headers, ...) put on the {@code GetPersonalizedRanking} request.
     *
     * @return the options, or empty
     */
    public Optional<AwsRequestOverrideConfiguration> overrideConfiguration() {
        return Optional.ofNullable(overrideConfiguration);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PersonalizedRankingRequest)) {
            return false;
        }
        PersonalizedRankingRequest r = (PersonalizedRankingRequest) o;
        return userId.equals(r.userId)
                && itemIds.equals(r.itemIds)
                && Objects.equals(filterArn, r.filterArn)
                && filterValues.equals(r.filterValues)
                && context.equals(r.context)
                && metadataColumns.equals(r.metadataColumns)
                && Objects.equals(overrideConfiguration, r.overrideConfiguration);
    }

    @Override
    public int hashCode() {
        return Objects.hash(userId, itemIds, filterArn, filterValues, context, metadataColumns, overrideConfiguration);
    }

    @Override
    public String toString() {
        // Filter and context values are marked sensitive in the service model: not printed.
        return "PersonalizedRankingRequest{userId=" + userId + ", items=" + itemIds.size()
                + (filterArn == null ? "" : ", filterArn=" + filterArn + ", filterValues=" + filterValues.keySet())
                + (context.isEmpty() ? "" : ", context=" + context.keySet())
                + (metadataColumns.isEmpty() ? "" : ", metadataColumns=" + metadataColumns) + "}";
    }

    /** Builder of {@link PersonalizedRankingRequest}; not thread-safe. */
    public static final class Builder {
        private @Nullable String userId;
        private List<String> itemIds = List.of();
        private @Nullable String filterArn;
        private final Map<String, String> filterValues = new LinkedHashMap<>();
        private final Map<String, String> context = new LinkedHashMap<>();
        private List<String> metadataColumns = List.of();
        private @Nullable AwsRequestOverrideConfiguration overrideConfiguration;

        private Builder() {}

        /**
         * Sets the user to rank for (required).
         *
         * @param userId the id, 1 to 256 characters
         * @return this builder
         * @throws IllegalArgumentException when the id is empty or longer than 256 characters
         */
        public Builder userId(String userId) {
            this.userId = RequestLimits.checkId("userId", userId);
            return this;
        }

        /**
         * Replaces the candidate items (required).
         *
         * @param itemIds 1 to {@value #MAX_ITEMS} item ids ({@value #MAX_ITEMS_WITH_METADATA} with metadata
         *     columns, checked by {@link #build()})
         * @return this builder
         * @throws IllegalArgumentException when the list is empty or longer than {@value #MAX_ITEMS}, or an id is
         *     empty or longer than 256 characters (the message names its position)
         */
        public Builder itemIds(List<String> itemIds) {
            if (itemIds.isEmpty() || itemIds.size() > MAX_ITEMS) {
                throw new IllegalArgumentException(
                        "itemIds must hold 1 to " + MAX_ITEMS + " items, but it holds " + itemIds.size());
            }
            for (int i = 0; i < itemIds.size(); i++) {
                RequestLimits.checkId("itemIds[" + i + "]", itemIds.get(i));
            }
            this.itemIds = List.copyOf(itemIds);
            return this;
        }

        /**
         * Sets the filter.
         *
         * @param filterArn the filter ARN, or {@code null} for none
         * @return this builder
         */
        public Builder filterArn(@Nullable String filterArn) {
            this.filterArn = filterArn;
            return this;
        }

        /**
         * Replaces the filter values.
         *
         * @param filterValues placeholder name to value
         * @return this builder
         */
        public Builder filterValues(Map<String, String> filterValues) {
            this.filterValues.clear();
            filterValues.forEach(this::putFilterValue);
            return this;
        }

        /**
         * Adds one filter value.
         *
         * @param name the placeholder name, without {@code $}
         * @param value the value in the service's format, for example {@code "\"SPORTS\""}
         * @return this builder
         * @throws IllegalArgumentException when the value is longer than 1000 characters
         */
        public Builder putFilterValue(String name, String value) {
            RequestLimits.checkValue("filter value " + name, value);
            this.filterValues.put(Objects.requireNonNull(name, "name"), value);
            return this;
        }

        /**
         * Replaces the context.
         *
         * @param context attribute name to value
         * @return this builder
         */
        public Builder context(Map<String, String> context) {
            this.context.clear();
            context.forEach(this::putContext);
            return this;
        }

        /**
         * Adds one context entry.
         *
         * @param name the attribute name (a contextual column of the Interactions schema, such as {@code DEVICE})
         * @param value the value
         * @return this builder
         * @throws IllegalArgumentException when the value is longer than 1000 characters
         */
        public Builder putContext(String name, String value) {
            RequestLimits.checkValue("context " + name, value);
            this.context.put(Objects.requireNonNull(name, "name"), value);
            return this;
        }

        /**
         * Sets the item metadata columns to return with each item.
         *
         * @param columns the column names of the Items dataset
         * @return this builder
         */
        public Builder metadataColumns(List<String> columns) {
            this.metadataColumns = List.copyOf(columns);
            return this;
        }

        /**
         * Sets SDK request options for the {@code GetPersonalizedRanking} call, for example {@code apiCallTimeout},
         * which bounds the call including the SDK's retries.
         *
         * @param overrideConfiguration the options, or {@code null} for none
         * @return this builder
         */
        public Builder overrideConfiguration(@Nullable AwsRequestOverrideConfiguration overrideConfiguration) {
            this.overrideConfiguration = overrideConfiguration;
            return this;
        }

        /**
         * Sets SDK request options for the {@code GetPersonalizedRanking} call, built by a consumer.
         *
         * @param overrideConfiguration sets the options' values
         * @return this builder
         */
        public Builder overrideConfiguration(Consumer<AwsRequestOverrideConfiguration.Builder> overrideConfiguration) {
            AwsRequestOverrideConfiguration.Builder b = AwsRequestOverrideConfiguration.builder();
            overrideConfiguration.accept(b);
            this.overrideConfiguration = b.build();
            return this;
        }

        /**
         * Builds the request, checking the limits that involve several values.
         *
         * @return the request
         * @throws NullPointerException when the user id is missing
         * @throws IllegalArgumentException when no candidate is given, when filter values are given without a
         *     filter, when there are more than 25 filter values, 150 context entries or 99 metadata columns, or
         *     when there are more than {@value #MAX_ITEMS_WITH_METADATA} candidates while metadata columns are
         *     requested
         */
        public PersonalizedRankingRequest build() {
            if (itemIds.isEmpty()) {
                throw new IllegalArgumentException("itemIds must hold 1 to " + MAX_ITEMS + " items, but none is set");
            }
            RequestLimits.checkCombination(
                    filterArn, filterValues, context, metadataColumns, "itemIds count", itemIds.size());
            return new PersonalizedRankingRequest(this);
        }
    }
}
