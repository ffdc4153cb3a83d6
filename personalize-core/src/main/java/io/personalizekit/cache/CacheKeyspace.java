package io.personalizekit.cache;

import io.personalizekit.recommend.SimilarItemsRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The set of cached lists that are interchangeable: the same campaign, the same solution version (model), the same
 * filter with the same values, the same number of results, metadata columns, context and seed exclusion. Only the
 * seed item id varies inside a keyspace. Immutable and thread-safe.
 *
 * <p>{@link CachingSimilarItemsClient} and {@link RecommendationFetcher} both derive keys from this type, so a list
 * written by the bulk job is found by the serving client, and a campaign moved to a new solution version lands in a
 * new keyspace: old lists are never served for a new model. {@link #id()} is a short, stable digest of all of it,
 * used by stores to name their keys; filter values are canonicalised (sorted by name) before hashing.
 */
public final class CacheKeyspace {
    private final String campaignArn;
    private final String solutionVersionArn;
    private final @Nullable String filterArn;
    private final SortedMap<String, String> filterValues;
    private final int numResults;
    private final List<String> metadataColumns;
    private final SortedMap<String, String> context;
    private final boolean excludeSeed;
    private final String id;

    private CacheKeyspace(Builder b) {
        this.campaignArn = Objects.requireNonNull(b.campaignArn, "campaignArn");
        this.solutionVersionArn = Objects.requireNonNull(b.solutionVersionArn, "solutionVersionArn");
        this.filterArn = b.filterArn;
        this.filterValues = Collections.unmodifiableSortedMap(new TreeMap<>(b.filterValues));
        this.numResults = b.numResults;
        this.metadataColumns = List.copyOf(b.metadataColumns);
        this.context = Collections.unmodifiableSortedMap(new TreeMap<>(b.context));
        this.excludeSeed = b.excludeSeed;
        this.id = digest(canonical());
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
     * The keyspace a request falls in, for the given campaign and solution version. The request's seed and its
     * {@code excludedItemIds} (applied after the cache) are not part of it.
     *
     * @param campaignArn the campaign the request is served by
     * @param solutionVersionArn the solution version the campaign currently serves
     * @param request the request
     * @return the keyspace
     */
    public static CacheKeyspace of(String campaignArn, String solutionVersionArn, SimilarItemsRequest request) {
        return builder()
                .campaignArn(campaignArn)
                .solutionVersionArn(solutionVersionArn)
                .filterArn(request.filterArn().orElse(null))
                .filterValues(request.filterValues())
                .numResults(request.numResults())
                .metadataColumns(request.metadataColumns())
                .context(request.context())
                .excludeSeed(request.excludeSeed())
                .build();
    }

    /**
     * Returns a builder initialised with this keyspace's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder()
                .campaignArn(campaignArn)
                .solutionVersionArn(solutionVersionArn)
                .filterArn(filterArn)
                .filterValues(filterValues)
                .numResults(numResults)
                .metadataColumns(metadataColumns)
                .context(context)
                .excludeSeed(excludeSeed);
    }

    /**
     * A copy changed by a consumer, for example {@code ks.copy(b -> b.solutionVersionArn(newArn))}.
     *
     * @param change changes the copy's builder
     * @return the changed copy
     */
    public CacheKeyspace copy(Consumer<Builder> change) {
        Builder b = toBuilder();
        change.accept(b);
        return b.build();
    }

    /**
     * The request this keyspace holds the answer to, for one seed.
     *
     * @param itemId the seed item id
     * @return the request
     */
    public SimilarItemsRequest toRequest(String itemId) {
        return SimilarItemsRequest.builder()
                .itemId(itemId)
                .numResults(numResults)
                .filterArn(filterArn)
                .filterValues(filterValues)
                .metadataColumns(metadataColumns)
                .context(context)
                .excludeSeed(excludeSeed)
                .build();
    }

    /**
     * A short stable digest (32 lowercase hex characters) of every value of this keyspace; stores name keys with it.
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    /**
     * The campaign ARN.
     *
     * @return the ARN
     */
    public String campaignArn() {
        return campaignArn;
    }

    /**
     * The solution version the campaign serves.
     *
     * @return the ARN
     */
    public String solutionVersionArn() {
        return solutionVersionArn;
    }

    /**
     * The filter.
     *
     * @return the filter ARN, or empty
     */
    public Optional<String> filterArn() {
        return Optional.ofNullable(filterArn);
    }

    /**
     * The filter values, sorted by name.
     *
     * @return an unmodifiable sorted map
     */
    public Map<String, String> filterValues() {
        return filterValues;
    }

    /**
     * The number of results.
     *
     * @return the number
     */
    public int numResults() {
        return numResults;
    }

    /**
     * The metadata columns requested.
     *
     * @return an unmodifiable list
     */
    public List<String> metadataColumns() {
        return metadataColumns;
    }

    /**
     * The context, sorted by name.
     *
     * @return an unmodifiable sorted map
     */
    public Map<String, String> context() {
        return context;
    }

    /**
     * Whether the seed is removed from the lists.
     *
     * @return the flag
     */
    public boolean excludeSeed() {
        return excludeSeed;
    }

    private String canonical() {
        StringBuilder sb = new StringBuilder(256);
        field(sb, campaignArn);
        field(sb, solutionVersionArn);
        field(sb, filterArn == null ? "" : filterArn);
        filterValues.forEach((k, v) -> field(field(sb, k), v));
        sb.append('|');
        field(sb, Integer.toString(numResults));
        metadataColumns.forEach(c -> field(sb, c));
        sb.append('|');
        context.forEach((k, v) -> field(field(sb, k), v));
        sb.append('|');
        field(sb, excludeSeed ? "x" : "-");
        return sb.toString();
    }

    private static StringBuilder field(StringBuilder sb, String value) {
        // Length-prefixed, so no value can forge a separator.
        return sb.append(value.length()).append(':').append(value).append(';');
    }

    private static String digest(String canonical) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(32);
            for (int i = 0; i < 16; i++) {
                hex.append(Character.forDigit((hash[i] >> 4) & 0xF, 16)).append(Character.forDigit(hash[i] & 0xF, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CacheKeyspace)) {
            return false;
        }
        CacheKeyspace k = (CacheKeyspace) o;
        return numResults == k.numResults
                && excludeSeed == k.excludeSeed
                && campaignArn.equals(k.campaignArn)
                && solutionVersionArn.equals(k.solutionVersionArn)
                && Objects.equals(filterArn, k.filterArn)
                && filterValues.equals(k.filterValues)
                && metadataColumns.equals(k.metadataColumns)
                && context.equals(k.context);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        // Filter and context values are sensitive in the service model: only their names are printed.
        return "CacheKeyspace{" + id + ", campaign=" + campaignArn + ", solutionVersion=" + solutionVersionArn
                + (filterArn == null ? "" : ", filter=" + filterArn + filterValues.keySet())
                + ", numResults=" + numResults
                + (metadataColumns.isEmpty() ? "" : ", metadataColumns=" + metadataColumns)
                + (context.isEmpty() ? "" : ", context=" + context.keySet())
                + (excludeSeed ? "" : ", seedIncluded") + "}";
    }

    /** Builder of {@link CacheKeyspace}; not thread-safe. */
    public static final class Builder {
        private @Nullable String campaignArn;
        private @Nullable String solutionVersionArn;
        private @Nullable String filterArn;
        private final Map<String, String> filterValues = new TreeMap<>();
        private int numResults = SimilarItemsRequest.DEFAULT_NUM_RESULTS;
        private List<String> metadataColumns = List.of();
        private final Map<String, String> context = new TreeMap<>();
        private boolean excludeSeed = true;

        private Builder() {}

        /**
         * Sets the campaign ARN (required).
         *
         * @param campaignArn the ARN
         * @return this builder
         * @throws IllegalArgumentException when blank
         */
        public Builder campaignArn(String campaignArn) {
            this.campaignArn = nonBlank("campaignArn", campaignArn);
            return this;
        }

        /**
         * Sets the solution version the campaign serves (required); a new version means a new keyspace.
         *
         * @param solutionVersionArn the ARN
         * @return this builder
         * @throws IllegalArgumentException when blank
         */
        public Builder solutionVersionArn(String solutionVersionArn) {
            this.solutionVersionArn = nonBlank("solutionVersionArn", solutionVersionArn);
            return this;
        }

        /**
         * Sets the filter.
         *
         * @param filterArn the ARN, or {@code null} for none
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
            this.filterValues.putAll(filterValues);
            return this;
        }

        /**
         * Sets the number of results; defaults to {@value SimilarItemsRequest#DEFAULT_NUM_RESULTS}.
         *
         * @param numResults 1 to {@value SimilarItemsRequest#MAX_NUM_RESULTS}
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder numResults(int numResults) {
            if (numResults < 1 || numResults > SimilarItemsRequest.MAX_NUM_RESULTS) {
                throw new IllegalArgumentException("numResults must be between 1 and "
                        + SimilarItemsRequest.MAX_NUM_RESULTS + ", but it is " + numResults);
            }
            this.numResults = numResults;
            return this;
        }

        /**
         * Sets the metadata columns.
         *
         * @param columns the columns
         * @return this builder
         */
        public Builder metadataColumns(List<String> columns) {
            this.metadataColumns = List.copyOf(columns);
            return this;
        }

        /**
         * Replaces the context.
         *
         * @param context name to value
         * @return this builder
         */
        public Builder context(Map<String, String> context) {
            this.context.clear();
            this.context.putAll(context);
            return this;
        }

        /**
         * Sets whether the seed is removed from the lists; defaults to true.
         *
         * @param excludeSeed the flag
         * @return this builder
         */
        public Builder excludeSeed(boolean excludeSeed) {
            this.excludeSeed = excludeSeed;
            return this;
        }

        /**
         * Builds the keyspace.
         *
         * @return the keyspace
         * @throws NullPointerException when the campaign or the solution version is missing
         */
        public CacheKeyspace build() {
            return new CacheKeyspace(this);
        }

        private static String nonBlank(String name, String value) {
            Objects.requireNonNull(value, name);
            if (value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
            return value;
        }
    }
}
