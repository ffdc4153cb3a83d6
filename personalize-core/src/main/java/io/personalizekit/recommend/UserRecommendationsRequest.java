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
 * A request for the items recommended to a user (User-Personalization, a recommender's "recommended for you") or
 * for the popular items (Popularity-Count, Trending-Now). Immutable and thread-safe.
 *
 * <p>The service's limits are checked by {@link Builder#build()}; the rules of the recipe the request is sent to
 * (a {@code userId} for User-Personalization) are checked by the client before it calls.
 */
public final class UserRecommendationsRequest {
    /** The number of results asked for when none is given: {@value}. */
    public static final int DEFAULT_NUM_RESULTS = 25;

    private final @Nullable String userId;
    private final int numResults;
    private final @Nullable String filterArn;
    private final Map<String, String> filterValues;
    private final Map<String, String> context;
    private final List<String> metadataColumns;
    private final @Nullable Promotion promotion;
    private final @Nullable AwsRequestOverrideConfiguration overrideConfiguration;

    private UserRecommendationsRequest(Builder b) {
        this.userId = b.userId;
        this.numResults = b.numResults;
        this.filterArn = b.filterArn;
        this.filterValues = Collections.unmodifiableMap(new LinkedHashMap<>(b.filterValues));
        this.context = Collections.unmodifiableMap(new LinkedHashMap<>(b.context));
        this.metadataColumns = List.copyOf(b.metadataColumns);
        this.promotion = b.promotion;
        this.overrideConfiguration = b.overrideConfiguration;
    }

    /**
     * A request with defaults for one user.
     *
     * @param userId the user id
     * @return the request
     * @throws IllegalArgumentException when the id is empty or longer than 256 characters
     */
    public static UserRecommendationsRequest forUser(String userId) {
        return builder().userId(userId).build();
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
        Builder b = new Builder()
                .numResults(numResults)
                .filterArn(filterArn)
                .filterValues(filterValues)
                .context(context)
                .metadataColumns(metadataColumns)
                .promotion(promotion)
                .overrideConfiguration(overrideConfiguration);
        b.userId = userId;
        return b;
    }

    /**
     * The user to recommend for.
     *
     * @return the user id, or empty for popular items asked without a user
     */
    public Optional<String> userId() {
        return Optional.ofNullable(userId);
    }

    /**
     * How many items to return.
     *
     * @return the number of results
     */
    public int numResults() {
        return numResults;
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
     * The promotion mixed into the results (the service takes at most one).
     *
     * @return the promotion, or empty
     */
    public Optional<Promotion> promotion() {
        return Optional.ofNullable(promotion);
    }

    /**
     * The SDK request options (API call timeout, headers, ...) put on the {@code GetRecommendations} request.
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
        if (!(o instanceof UserRecommendationsRequest)) {
            return false;
        }
        UserRecommendationsRequest r = (UserRecommendationsRequest) o;
        return numResults == r.numResults
                && Objects.equals(userId, r.userId)
                && Objects.equals(filterArn, r.filterArn)
                && filterValues.equals(r.filterValues)
                && context.equals(r.context)
                && metadataColumns.equals(r.metadataColumns)
                && Objects.equals(promotion, r.promotion)
                && Objects.equals(overrideConfiguration, r.overrideConfiguration);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                userId,
                numResults,
                filterArn,
                filterValues,
                context,
                metadataColumns,
                promotion,
                overrideConfiguration);
    }

    @Override
    public String toString() {
        // Filter and context values are marked sensitive in the service model: not printed.
        return "UserRecommendationsRequest{userId=" + userId + ", numResults=" + numResults
                + (filterArn == null ? "" : ", filterArn=" + filterArn + ", filterValues=" + filterValues.keySet())
                + (context.isEmpty() ? "" : ", context=" + context.keySet())
                + (metadataColumns.isEmpty() ? "" : ", metadataColumns=" + metadataColumns)
                + (promotion == null ? "" : ", promotion=" + promotion.name()) + "}";
    }

    /** Builder of {@link UserRecommendationsRequest}; not thread-safe. */
    public static final class Builder {
        private @Nullable String userId;
        private int numResults = DEFAULT_NUM_RESULTS;
        private @Nullable String filterArn;
        private final Map<String, String> filterValues = new LinkedHashMap<>();
        private final Map<String, String> context = new LinkedHashMap<>();
        private List<String> metadataColumns = List.of();
        private @Nullable Promotion promotion;
        private @Nullable AwsRequestOverrideConfiguration overrideConfiguration;

        private Builder() {}

        /**
         * Sets the user (required by User-Personalization and most recommenders; optional for popular items).
         *
         * @param userId the id, 1 to 256 characters, or {@code null} to ask without a user
         * @return this builder
         * @throws IllegalArgumentException when the id is empty or longer than 256 characters
         */
        public Builder userId(@Nullable String userId) {
            this.userId = userId == null ? null : RequestLimits.checkId("userId", userId);
            return this;
        }

        /**
         * Sets how many items to return; defaults to {@value #DEFAULT_NUM_RESULTS}.
         *
         * @param numResults 1 to 500 (50 with metadata columns, checked by {@link #build()})
         * @return this builder
         * @throws IllegalArgumentException when outside 1 to 500
         */
        public Builder numResults(int numResults) {
            this.numResults = RequestLimits.checkNumResults(numResults);
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
         * Sets the promotion mixed into the results.
         *
         * @param promotion the promotion, or {@code null} for none
         * @return this builder
         */
        public Builder promotion(@Nullable Promotion promotion) {
            this.promotion = promotion;
            return this;
        }

        /**
         * Sets the promotion mixed into the results, built by a consumer.
         *
         * @param promotion sets the promotion's values
         * @return this builder
         * @throws NullPointerException when the consumer leaves a required promotion value unset
         * @throws IllegalArgumentException when the consumer sets an invalid promotion value
         */
        public Builder promotion(Consumer<Promotion.Builder> promotion) {
            Promotion.Builder b = Promotion.builder();
            promotion.accept(b);
            this.promotion = b.build();
            return this;
        }

        /**
         * Sets SDK request options for the {@code GetRecommendations} call, for example {@code apiCallTimeout},
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
         * Sets SDK request options for the {@code GetRecommendations} call, built by a consumer.
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
         * @throws IllegalArgumentException when filter values are given without a filter, when there are more than
         *     25 filter values, 150 context entries or 99 metadata columns, or when numResults exceeds 50 while
         *     metadata columns are requested
         */
        public UserRecommendationsRequest build() {
            RequestLimits.checkCombination(filterArn, filterValues, context, metadataColumns, "numResults", numResults);
            return new UserRecommendationsRequest(this);
        }
    }
}
