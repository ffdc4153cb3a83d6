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
 * What the three kinds of recommendation request have in common: the filter and its values, the context, the item
 * metadata columns and the SDK request options. Immutable and thread-safe; the subtypes are {@link
 * SimilarItemsRequest}, {@link UserRecommendationsRequest} and {@link PersonalizedRankingRequest}.
 */
public abstract sealed class RecommendationRequest
        permits SimilarItemsRequest, UserRecommendationsRequest, PersonalizedRankingRequest {
    private final @Nullable String filterArn;
    private final Map<String, String> filterValues;
    private final Map<String, String> context;
    private final List<String> metadataColumns;
    private final @Nullable AwsRequestOverrideConfiguration overrideConfiguration;

    RecommendationRequest(Builder<?> b) {
        this.filterArn = b.filterArn;
        this.filterValues = Collections.unmodifiableMap(new LinkedHashMap<>(b.filterValues));
        this.context = Collections.unmodifiableMap(new LinkedHashMap<>(b.context));
        this.metadataColumns = List.copyOf(b.metadataColumns);
        this.overrideConfiguration = b.overrideConfiguration;
    }

    /**
     * The filter to apply.
     *
     * @return the filter ARN, or empty
     */
    public final Optional<String> filterArn() {
        return Optional.ofNullable(filterArn);
    }

    /**
     * Values of the filter's placeholders, in the service's format ({@code "\"SPORTS\",\"POLITICS\""}).
     *
     * @return an unmodifiable map
     */
    public final Map<String, String> filterValues() {
        return filterValues;
    }

    /**
     * Contextual metadata (device, time of day, ...).
     *
     * @return an unmodifiable map
     */
    public final Map<String, String> context() {
        return context;
    }

    /**
     * Item metadata columns to return with each item.
     *
     * @return an unmodifiable list, empty for none
     */
    public final List<String> metadataColumns() {
        return metadataColumns;
    }

    /**
     * The SDK request options (API call timeout, headers, metric publishers, plugins, ...) that the default client
     * puts on its {@code GetRecommendations} or {@code GetPersonalizedRanking} request; not part of a cache key.
     *
     * @return the options, or empty
     */
    public final Optional<AwsRequestOverrideConfiguration> overrideConfiguration() {
        return Optional.ofNullable(overrideConfiguration);
    }

    /** Copies the common values into a subtype's builder, for {@code toBuilder()}. */
    final <B extends Builder<B>> B copyTo(B b) {
        return b.filterArn(filterArn)
                .filterValues(filterValues)
                .context(context)
                .metadataColumns(metadataColumns)
                .overrideConfiguration(overrideConfiguration);
    }

    /** Whether the common values equal another request's. */
    final boolean sameValues(RecommendationRequest r) {
        return Objects.equals(filterArn, r.filterArn)
                && filterValues.equals(r.filterValues)
                && context.equals(r.context)
                && metadataColumns.equals(r.metadataColumns)
                && Objects.equals(overrideConfiguration, r.overrideConfiguration);
    }

    /** The filter, context and metadata part of the subtypes' {@code toString()}. */
    final String describeValues() {
        // Filter and context values are marked sensitive in the service model: not printed.
        return (filterArn == null ? "" : ", filterArn=" + filterArn + ", filterValues=" + filterValues.keySet())
                + (context.isEmpty() ? "" : ", context=" + context.keySet())
                + (metadataColumns.isEmpty() ? "" : ", metadataColumns=" + metadataColumns);
    }

    /**
     * The setters of the common values, shared by the subtypes' builders; not thread-safe.
     *
     * @param <B> the subtype's builder
     */
    public abstract static sealed class Builder<B extends Builder<B>>
            permits SimilarItemsRequest.Builder,
                    UserRecommendationsRequest.Builder,
                    PersonalizedRankingRequest.Builder {
        private @Nullable String filterArn;
        private final Map<String, String> filterValues = new LinkedHashMap<>();
        private final Map<String, String> context = new LinkedHashMap<>();
        private List<String> metadataColumns = List.of();
        private @Nullable AwsRequestOverrideConfiguration overrideConfiguration;

        Builder() {}

        abstract B self();

        /** The checks of {@code build()} that involve several values; see {@link RequestLimits#checkCombination}. */
        final void checkCombination(String countName, int count) {
            RequestLimits.checkCombination(filterArn, filterValues, context, metadataColumns, countName, count);
        }

        /**
         * Sets the filter.
         *
         * @param filterArn the filter ARN, or {@code null} for none
         * @return this builder
         */
        public final B filterArn(@Nullable String filterArn) {
            this.filterArn = filterArn;
            return self();
        }

        /**
         * Replaces the filter values.
         *
         * @param filterValues placeholder name to value
         * @return this builder
         */
        public final B filterValues(Map<String, String> filterValues) {
            this.filterValues.clear();
            filterValues.forEach(this::putFilterValue);
            return self();
        }

        /**
         * Adds one filter value.
         *
         * @param name the placeholder name, without {@code $}
         * @param value the value in the service's format, for example {@code "\"SPORTS\""}
         * @return this builder
         * @throws IllegalArgumentException when the value is longer than {@value
         *     SimilarItemsRequest#MAX_VALUE_LENGTH} characters
         */
        public final B putFilterValue(String name, String value) {
            RequestLimits.checkValue("filter value " + name, value);
            this.filterValues.put(Objects.requireNonNull(name, "name"), value);
            return self();
        }

        /**
         * Replaces the context.
         *
         * @param context attribute name to value
         * @return this builder
         */
        public final B context(Map<String, String> context) {
            this.context.clear();
            context.forEach(this::putContext);
            return self();
        }

        /**
         * Adds one context entry.
         *
         * @param name the attribute name (a contextual column of the Interactions schema, such as {@code DEVICE})
         * @param value the value
         * @return this builder
         * @throws IllegalArgumentException when the value is longer than {@value
         *     SimilarItemsRequest#MAX_VALUE_LENGTH} characters
         */
        public final B putContext(String name, String value) {
            RequestLimits.checkValue("context " + name, value);
            this.context.put(Objects.requireNonNull(name, "name"), value);
            return self();
        }

        /**
         * Sets the item metadata columns to return with each item.
         *
         * @param columns the column names of the Items dataset
         * @return this builder
         */
        public final B metadataColumns(List<String> columns) {
            this.metadataColumns = List.copyOf(columns);
            return self();
        }

        /**
         * Sets SDK request options for the call, as on any SDK request: for example {@code apiCallTimeout}, which
         * bounds the call including the SDK's retries. The default clients apply them; they are not part of a cache
         * key.
         *
         * @param overrideConfiguration the options, or {@code null} for none
         * @return this builder
         */
        public final B overrideConfiguration(@Nullable AwsRequestOverrideConfiguration overrideConfiguration) {
            this.overrideConfiguration = overrideConfiguration;
            return self();
        }

        /**
         * Sets SDK request options for the call, built by a consumer.
         *
         * @param overrideConfiguration sets the options' values
         * @return this builder
         */
        public final B overrideConfiguration(Consumer<AwsRequestOverrideConfiguration.Builder> overrideConfiguration) {
            AwsRequestOverrideConfiguration.Builder b = AwsRequestOverrideConfiguration.builder();
            overrideConfiguration.accept(b);
            this.overrideConfiguration = b.build();
            return self();
        }
    }
}
