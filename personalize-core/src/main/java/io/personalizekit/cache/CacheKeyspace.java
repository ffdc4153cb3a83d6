package io.personalizekit.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.personalizekit.recommend.SimilarItemsRequest;
import io.personalizekit.resource.CampaignRef;
import io.personalizekit.resource.Deployment;
import io.personalizekit.resource.FilterRef;
import io.personalizekit.resource.SolutionVersionRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
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
 * new keyspace: old lists are never served for a new model. Build both from <em>one</em> keyspace, so they cannot
 * disagree on the request shape (a fetcher filling lists of 50 while the client reads lists of 25 would make every
 * read miss):
 *
 * <pre>{@code
 * CacheKeyspace keyspace = CacheKeyspace.builder().deployment(deployment).numResults(25).build();
 * RecommendationFetcher fetcher = RecommendationFetcher.builder().client(live).store(store).keyspace(keyspace).build();
 * CachingSimilarItemsClient cached =
 *         CachingSimilarItemsClient.builder().delegate(live).store(store).keyspace(keyspace).build();
 * }</pre>
 *
 * <p>When they disagree anyway (built in two processes, say), the caching client notices on its misses, when the
 * store records the keyspaces a bulk job activated ({@link RecommendationStore#activeKeyspaces(String)}), and logs
 * one WARN naming both keyspaces and what differs. {@link #id()} is a short, stable digest of all of it,
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

    private static final ObjectMapper JSON = new ObjectMapper();

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

    /** Sets this keyspace's request shape (everything but the seed) on a request builder. */
    SimilarItemsRequest.Builder shape(SimilarItemsRequest.Builder b) {
        return b.numResults(numResults)
                .filterArn(filterArn)
                .filterValues(filterValues)
                .metadataColumns(metadataColumns)
                .context(context)
                .excludeSeed(excludeSeed);
    }

    /**
     * What differs between this keyspace and another, as {@code "numResults 10 vs 25, filter none vs
     * arn:..."}: the campaign, solution version, filter, filter value names, numResults, metadata columns, context
     * names and seed exclusion, in that order (values of filters and context are not printed).
     *
     * @param other the other keyspace
     * @return the differences, empty when the keyspaces are equal
     */
    String differencesFrom(CacheKeyspace other) {
        List<String> d = new ArrayList<>();
        differ(d, "campaign", campaignArn, other.campaignArn);
        differ(d, "solutionVersion", solutionVersionArn, other.solutionVersionArn);
        differ(d, "filter", filterArn == null ? "none" : filterArn, other.filterArn == null ? "none" : other.filterArn);
        if (!filterValues.equals(other.filterValues)) {
            d.add(
                    filterValues.keySet().equals(other.filterValues.keySet())
                            ? "filterValues differ (same names " + filterValues.keySet() + ")"
                            : "filterValues " + filterValues.keySet() + " vs " + other.filterValues.keySet());
        }
        differ(d, "numResults", Integer.toString(numResults), Integer.toString(other.numResults));
        differ(d, "metadataColumns", metadataColumns.toString(), other.metadataColumns.toString());
        if (!context.equals(other.context)) {
            d.add(
                    context.keySet().equals(other.context.keySet())
                            ? "context differs (same names " + context.keySet() + ")"
                            : "context " + context.keySet() + " vs " + other.context.keySet());
        }
        differ(d, "excludeSeed", Boolean.toString(excludeSeed), Boolean.toString(other.excludeSeed));
        return String.join(", ", d);
    }

    private static void differ(List<String> out, String name, String mine, String theirs) {
        if (!mine.equals(theirs)) {
            out.add(name + " " + mine + " vs " + theirs);
        }
    }

    /**
     * Every value of this keyspace as a stable text (JSON), for stores that record which keyspaces they hold (see
     * {@link RecommendationStore#activeKeyspaces(String)}); {@link #decode(String)} reads it back. The text holds the
     * filter and context values, so keep it as private as the cached lists.
     *
     * @return the text
     */
    public String encode() {
        ObjectNode o = JSON.createObjectNode();
        o.put("v", 1);
        o.put("campaignArn", campaignArn);
        o.put("solutionVersionArn", solutionVersionArn);
        if (filterArn != null) {
            o.put("filterArn", filterArn);
        }
        ObjectNode fv = o.putObject("filterValues");
        filterValues.forEach(fv::put);
        o.put("numResults", numResults);
        ArrayNode columns = o.putArray("metadataColumns");
        metadataColumns.forEach(columns::add);
        ObjectNode ctx = o.putObject("context");
        context.forEach(ctx::put);
        o.put("excludeSeed", excludeSeed);
        return o.toString();
    }

    /**
     * Reads a keyspace back from {@link #encode()}'s text.
     *
     * @param text the text
     * @return the keyspace, equal to the one encoded
     * @throws IllegalArgumentException when the text is not an encoded keyspace, naming what is wrong
     */
    public static CacheKeyspace decode(String text) {
        Objects.requireNonNull(text, "text");
        JsonNode o;
        try {
            o = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not an encoded CacheKeyspace (not JSON): " + e.getOriginalMessage(), e);
        }
        if (o == null || !o.isObject() || o.path("v").asInt() != 1) {
            throw new IllegalArgumentException("Not an encoded CacheKeyspace (expected a JSON object with \"v\":1)");
        }
        Builder b = builder()
                .campaignArn(textField(o, "campaignArn"))
                .solutionVersionArn(textField(o, "solutionVersionArn"))
                .filterArn(o.hasNonNull("filterArn") ? o.get("filterArn").asText() : null)
                .filterValues(stringMap(o.path("filterValues")))
                .numResults(o.path("numResults").asInt(SimilarItemsRequest.DEFAULT_NUM_RESULTS))
                .context(stringMap(o.path("context")))
                .excludeSeed(o.path("excludeSeed").asBoolean(true));
        List<String> columns = new ArrayList<>();
        o.path("metadataColumns").forEach(c -> columns.add(c.asText()));
        return b.metadataColumns(columns).build();
    }

    private static String textField(JsonNode o, String name) {
        JsonNode v = o.get(name);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("Not an encoded CacheKeyspace: no text field \"" + name + "\"");
        }
        return v.asText();
    }

    private static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> m = new TreeMap<>();
        node.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
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

    static StringBuilder field(StringBuilder sb, String value) {
        // Length-prefixed, so no value can forge a separator.
        return sb.append(value.length()).append(':').append(value).append(';');
    }

    static String digest(String canonical) {
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
         * Sets the campaign (required).
         *
         * @param campaign the campaign, for example {@code deployment.campaign()}
         * @return this builder
         */
        public Builder campaign(CampaignRef campaign) {
            return campaignArn(Objects.requireNonNull(campaign, "campaign").arn());
        }

        /**
         * Sets the campaign and the solution version to the deployment's; the same as {@code
         * campaign(deployment.campaign()).solutionVersion(deployment.solutionVersion())}. The request shape
         * (numResults, filter, ...) keeps its values.
         *
         * @param deployment the deployment, for example {@code pipeline.run(spec).deployment()}
         * @return this builder
         * @throws IllegalStateException when the deployment has no campaign or no solution version
         */
        public Builder deployment(Deployment deployment) {
            Objects.requireNonNull(deployment, "deployment");
            return campaign(deployment.campaign()).solutionVersion(deployment.solutionVersion());
        }

        /**
         * Sets the solution version the campaign serves (required); a new version means a new keyspace.
         *
         * @param solutionVersion the solution version, for example {@code deployment.solutionVersion()}
         * @return this builder
         */
        public Builder solutionVersion(SolutionVersionRef solutionVersion) {
            return solutionVersionArn(
                    Objects.requireNonNull(solutionVersion, "solutionVersion").arn());
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
         * Sets the filter, for example {@code deployment.filter("unread")}.
         *
         * @param filter the filter, or {@code null} for none
         * @return this builder
         */
        public Builder filter(@Nullable FilterRef filter) {
            return filterArn(filter == null ? null : filter.arn());
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
