package io.personalizekit.recommend;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A promotion: a share of the results that the service fills from items matching a filter (for example "new
 * articles"), marked with the promotion's name in {@link RecommendedItem#promotionName()}. Immutable and
 * thread-safe.
 */
public final class Promotion {
    /** The longest promotion name: {@value}. */
    public static final int MAX_NAME_LENGTH = 63;

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9\\-_]*");

    private final String name;
    private final int percentPromotedItems;
    private final String filterArn;
    private final Map<String, String> filterValues;

    private Promotion(Builder b) {
        this.name = Objects.requireNonNull(b.name, "name");
        this.filterArn = Objects.requireNonNull(b.filterArn, "filterArn");
        if (b.percentPromotedItems == 0) {
            throw new NullPointerException("percentPromotedItems");
        }
        this.percentPromotedItems = b.percentPromotedItems;
        this.filterValues = Collections.unmodifiableMap(new LinkedHashMap<>(b.filterValues));
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
     * Returns a builder initialised with this promotion's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder()
                .name(name)
                .percentPromotedItems(percentPromotedItems)
                .filterArn(filterArn)
                .filterValues(filterValues);
    }

    /**
     * The promotion's name, echoed on each promoted item.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The share of the results taken by promoted items.
     *
     * @return a percentage, 1 to 100
     */
    public int percentPromotedItems() {
        return percentPromotedItems;
    }

    /**
     * The filter that selects the promoted items.
     *
     * @return the filter ARN
     */
    public String filterArn() {
        return filterArn;
    }

    /**
     * Values of the promotion filter's placeholders, in the service's format.
     *
     * @return an unmodifiable map
     */
    public Map<String, String> filterValues() {
        return filterValues;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Promotion)) {
            return false;
        }
        Promotion p = (Promotion) o;
        return percentPromotedItems == p.percentPromotedItems
                && name.equals(p.name)
                && filterArn.equals(p.filterArn)
                && filterValues.equals(p.filterValues);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, percentPromotedItems, filterArn, filterValues);
    }

    @Override
    public String toString() {
        // Filter values are sensitive in the service model: only their names are printed.
        return "Promotion{" + name + ", " + percentPromotedItems + "%, filterArn=" + filterArn
                + (filterValues.isEmpty() ? "" : ", filterValues=" + filterValues.keySet()) + "}";
    }

    /** Builder of {@link Promotion}; not thread-safe. */
    public static final class Builder {
        private @Nullable String name;
        private int percentPromotedItems;
        private @Nullable String filterArn;
        private final Map<String, String> filterValues = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Sets the name (required).
         *
         * @param name 1 to {@value #MAX_NAME_LENGTH} characters: letters, digits, {@code -} and {@code _}, starting
         *     with a letter or digit
         * @return this builder
         * @throws IllegalArgumentException when the name breaks that pattern or length
         */
        public Builder name(String name) {
            Objects.requireNonNull(name, "name");
            if (name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("promotion name '" + name + "' must be 1 to " + MAX_NAME_LENGTH
                        + " characters of [a-zA-Z0-9-_], starting with a letter or digit");
            }
            this.name = name;
            return this;
        }

        /**
         * Sets the share of the results taken by promoted items (required).
         *
         * @param percent 1 to 100
         * @return this builder
         * @throws IllegalArgumentException when outside 1 to 100
         */
        public Builder percentPromotedItems(int percent) {
            if (percent < 1 || percent > 100) {
                throw new IllegalArgumentException(
                        "percentPromotedItems must be between 1 and 100, but it is " + percent);
            }
            this.percentPromotedItems = percent;
            return this;
        }

        /**
         * Sets the filter selecting the promoted items (required).
         *
         * @param filterArn the filter ARN
         * @return this builder
         */
        public Builder filterArn(String filterArn) {
            this.filterArn = Objects.requireNonNull(filterArn, "filterArn");
            return this;
        }

        /**
         * Replaces the filter values.
         *
         * @param filterValues placeholder name to value
         * @return this builder
         * @throws IllegalArgumentException when a value is longer than {@value SimilarItemsRequest#MAX_VALUE_LENGTH}
         *     or there are more than {@value SimilarItemsRequest#MAX_FILTER_VALUES}
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
         * @throws IllegalArgumentException when the value is longer than {@value
         *     SimilarItemsRequest#MAX_VALUE_LENGTH} or there would be more than {@value
         *     SimilarItemsRequest#MAX_FILTER_VALUES} values
         */
        public Builder putFilterValue(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "filter value " + name);
            if (value.length() > SimilarItemsRequest.MAX_VALUE_LENGTH) {
                throw new IllegalArgumentException("promotion filter value " + name + " has " + value.length()
                        + " characters; at most " + SimilarItemsRequest.MAX_VALUE_LENGTH + " are allowed");
            }
            if (!filterValues.containsKey(name) && filterValues.size() >= SimilarItemsRequest.MAX_FILTER_VALUES) {
                throw new IllegalArgumentException(
                        "At most " + SimilarItemsRequest.MAX_FILTER_VALUES + " promotion filterValues are allowed");
            }
            this.filterValues.put(name, value);
            return this;
        }

        /**
         * Builds the promotion.
         *
         * @return the promotion
         * @throws NullPointerException when the name, the percentage or the filter ARN is missing
         */
        public Promotion build() {
            return new Promotion(this);
        }
    }
}
