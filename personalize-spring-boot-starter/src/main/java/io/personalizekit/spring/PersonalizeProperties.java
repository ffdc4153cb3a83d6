package io.personalizekit.spring;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code personalize.*} settings of the starter. Every value has a default except the campaign ARN; a Spring
 * Boot application sets them in {@code application.properties} or {@code application.yaml}, and IDEs complete them
 * from the metadata the build generates.
 *
 * <p>Mutable, as Spring binds it; not meant to be shared across threads while it is being bound.
 */
@ConfigurationProperties(prefix = "personalize")
public class PersonalizeProperties {
    private final Client client = new Client();
    private final SimilarItems similarItems = new SimilarItems();
    private final Cache cache = new Cache();
    private final Fetcher fetcher = new Fetcher();
    private final Metrics metrics = new Metrics();

    /** Creates the properties with their defaults. */
    public PersonalizeProperties() {}

    /**
     * The SDK clients' settings.
     *
     * @return the client settings
     */
    public Client getClient() {
        return client;
    }

    /**
     * The similar-items client's settings.
     *
     * @return the similar-items settings
     */
    public SimilarItems getSimilarItems() {
        return similarItems;
    }

    /**
     * The cache's settings.
     *
     * @return the cache settings
     */
    public Cache getCache() {
        return cache;
    }

    /**
     * The fetcher job's settings.
     *
     * @return the fetcher settings
     */
    public Fetcher getFetcher() {
        return fetcher;
    }

    /**
     * The Micrometer binding's settings.
     *
     * @return the metrics settings
     */
    public Metrics getMetrics() {
        return metrics;
    }

    /**
     * The Micrometer binding: the toolkit's meters (docs/metrics.md) recorded to the application's {@code
     * MeterRegistry} when {@code personalize-micrometer} is on the class path.
     */
    public static class Metrics {
        /** Whether to record the caching client's and the fetcher's meters to the application's MeterRegistry. */
        private boolean enabled = true;

        /** Creates the settings with their defaults. */
        public Metrics() {}

        /**
         * Whether the binding is on.
         *
         * @return true unless switched off
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Switches the binding on or off.
         *
         * @param enabled false to bind nothing
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /**
     * How the starter builds the {@code PersonalizeClient} and {@code PersonalizeRuntimeClient} when the application
     * has none; credentials come from an {@code AwsCredentialsProvider} bean, else the SDK's default chain.
     */
    public static class Client {
        /**
         * AWS region of the Personalize endpoints, for example eu-west-1. Unset: the SDK's default region chain
         * (aws.region, AWS_REGION, the profile, instance metadata).
         */
        private @Nullable String region;

        /**
         * Endpoint that replaces the regional one for the control-plane and runtime APIs, for example
         * personalize-local's http://127.0.0.1:PORT. Unset: the AWS endpoint of the region.
         */
        private @Nullable URI endpoint;

        /** Creates the settings with their defaults. */
        public Client() {}

        /**
         * The region.
         *
         * @return the region, or null for the SDK's default chain
         */
        public @Nullable String getRegion() {
            return region;
        }

        /**
         * Sets the region.
         *
         * @param region the region id, or null
         */
        public void setRegion(@Nullable String region) {
            this.region = region;
        }

        /**
         * The endpoint override.
         *
         * @return the endpoint, or null for AWS's
         */
        public @Nullable URI getEndpoint() {
            return endpoint;
        }

        /**
         * Sets the endpoint override.
         *
         * @param endpoint the endpoint, or null
         */
        public void setEndpoint(@Nullable URI endpoint) {
            this.endpoint = endpoint;
        }
    }

    /** What the similar-items client asks. */
    public static class SimilarItems {
        /**
         * ARN of the Similar-Items campaign to ask (aws-similar-items or SIMS). Without it no similar-items client,
         * cache, fetcher or health indicator is configured.
         */
        private @Nullable String campaignArn;

        /** Number of similar items per list (1 to 500): the request shape the cache stores and the fetcher fills. */
        private int numResults = 25;

        /** Creates the settings with their defaults. */
        public SimilarItems() {}

        /**
         * The campaign ARN.
         *
         * @return the ARN, or null when not set
         */
        public @Nullable String getCampaignArn() {
            return campaignArn;
        }

        /**
         * Sets the campaign ARN.
         *
         * @param campaignArn the ARN
         */
        public void setCampaignArn(@Nullable String campaignArn) {
            this.campaignArn = campaignArn;
        }

        /**
         * The number of results per list.
         *
         * @return 1 to 500
         */
        public int getNumResults() {
            return numResults;
        }

        /**
         * Sets the number of results per list.
         *
         * @param numResults 1 to 500
         */
        public void setNumResults(int numResults) {
            this.numResults = numResults;
        }
    }

    /** Which store the cache uses. */
    public enum StoreType {
        /** Redis when personalize.cache.redis.url, spring.data.redis.url or spring.data.redis.host is set; else memory. */
        AUTO,
        /** Redis, from personalize.cache.redis.url, else spring.data.redis.* (Boot's defaults: localhost:6379). */
        REDIS,
        /** An in-memory store in this JVM. */
        MEMORY
    }

    /** The caching client in front of the campaign, and its store. */
    public static class Cache {
        /** Whether to configure the CachingSimilarItemsClient (and its store) in front of the campaign. */
        private boolean enabled = true;

        /** Which store the cache uses: auto (Redis when Redis settings are present), redis or memory. */
        private StoreType store = StoreType.AUTO;

        /**
         * How long a list is served from the store after Personalize produced it; lists the fetcher fills should
         * live at least as long as the interval between its runs.
         */
        private Duration ttl = Duration.ofHours(1);

        /** How long before expiry a hit is refreshed in the background (0 disables); unset: a fifth of the ttl. */
        private @Nullable Duration refreshAhead;

        /** Deadline of one live GetRecommendations call, the SDK's retries included. */
        private Duration liveCallTimeout = Duration.ofSeconds(2);

        /** How often the campaign's current solution version (part of every key) is read with DescribeCampaign. */
        private Duration solutionVersionRefresh = Duration.ofMinutes(5);

        private final Redis redis = new Redis();

        /** Creates the settings with their defaults. */
        public Cache() {}

        /**
         * Whether the cache is configured.
         *
         * @return true by default
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets whether the cache is configured.
         *
         * @param enabled the flag
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * The store type.
         *
         * @return AUTO by default
         */
        public StoreType getStore() {
            return store;
        }

        /**
         * Sets the store type.
         *
         * @param store the type
         */
        public void setStore(StoreType store) {
            this.store = store;
        }

        /**
         * The time to live of a list.
         *
         * @return 1 hour by default
         */
        public Duration getTtl() {
            return ttl;
        }

        /**
         * Sets the time to live of a list.
         *
         * @param ttl a positive duration
         */
        public void setTtl(Duration ttl) {
            this.ttl = ttl;
        }

        /**
         * The refresh-ahead window.
         *
         * @return the window, or null for a fifth of the ttl
         */
        public @Nullable Duration getRefreshAhead() {
            return refreshAhead;
        }

        /**
         * Sets the refresh-ahead window.
         *
         * @param refreshAhead zero to disable, shorter than the ttl, or null
         */
        public void setRefreshAhead(@Nullable Duration refreshAhead) {
            this.refreshAhead = refreshAhead;
        }

        /**
         * The deadline of one live call.
         *
         * @return 2 seconds by default
         */
        public Duration getLiveCallTimeout() {
            return liveCallTimeout;
        }

        /**
         * Sets the deadline of one live call.
         *
         * @param liveCallTimeout a positive duration
         */
        public void setLiveCallTimeout(Duration liveCallTimeout) {
            this.liveCallTimeout = liveCallTimeout;
        }

        /**
         * How often the solution version is read.
         *
         * @return 5 minutes by default
         */
        public Duration getSolutionVersionRefresh() {
            return solutionVersionRefresh;
        }

        /**
         * Sets how often the solution version is read.
         *
         * @param solutionVersionRefresh a positive duration
         */
        public void setSolutionVersionRefresh(Duration solutionVersionRefresh) {
            this.solutionVersionRefresh = solutionVersionRefresh;
        }

        /**
         * The Redis store's settings.
         *
         * @return the Redis settings
         */
        public Redis getRedis() {
            return redis;
        }
    }

    /** The Redis store; its server comes from spring.data.redis.* unless {@code url} is set here. */
    public static class Redis {
        /**
         * Redis server of the cache, redis[s]://[[user]:password@]host[:port][/database]; unset: the application's
         * spring.data.redis.* settings.
         */
        private @Nullable String url;

        /** Prefix of every key the store writes. */
        private String keyPrefix = "pk:";

        /** Most time one Redis command may take before it fails (and the cache answers live). */
        private Duration commandTimeout = Duration.ofSeconds(2);

        /** Creates the settings with their defaults. */
        public Redis() {}

        /**
         * The Redis URI of the cache.
         *
         * @return the URI, or null for spring.data.redis.*
         */
        public @Nullable String getUrl() {
            return url;
        }

        /**
         * Sets the Redis URI of the cache.
         *
         * @param url the URI, or null
         */
        public void setUrl(@Nullable String url) {
            this.url = url;
        }

        /**
         * The key prefix.
         *
         * @return {@code pk:} by default
         */
        public String getKeyPrefix() {
            return keyPrefix;
        }

        /**
         * Sets the key prefix.
         *
         * @param keyPrefix the prefix
         */
        public void setKeyPrefix(String keyPrefix) {
            this.keyPrefix = keyPrefix;
        }

        /**
         * The command timeout.
         *
         * @return 2 seconds by default
         */
        public Duration getCommandTimeout() {
            return commandTimeout;
        }

        /**
         * Sets the command timeout.
         *
         * @param commandTimeout a positive duration
         */
        public void setCommandTimeout(Duration commandTimeout) {
            this.commandTimeout = commandTimeout;
        }
    }

    /** The RecommendationFetcher as a scheduled job that fills the cache for a whole catalogue. */
    public static class Fetcher {
        /**
         * Whether this instance runs the fetcher job. Enable it on one instance (or a dedicated one): each run asks
         * Personalize once per item.
         */
        private boolean enabled = false;

        /** Cron expression of the runs (Spring's six fields, for example "0 0 3 * * MON"); overrides interval. */
        private @Nullable String cron;

        /** Time between the end of one run and the start of the next, when no cron is set. */
        private Duration interval = Duration.ofDays(14);

        /** Time from the application's start to the first run, when no cron is set. */
        private Duration initialDelay = Duration.ZERO;

        /** Item ids to fetch, when neither an ItemIdSource bean nor catalog-csv is given. */
        private List<String> itemIds = new ArrayList<>();

        /** Items dataset CSV whose item-id-column lists the items to fetch; read at every run. */
        private @Nullable Path catalogCsv;

        /** Header of the id column of catalog-csv. */
        private String itemIdColumn = "ITEM_ID";

        /** Calls per second the job may make (at most 500, a campaign's quota); leave room for live traffic. */
        private double maxTps = 100;

        /** Calls in flight at once; at least max-tps times the call latency to reach max-tps. */
        private int maxConcurrency = 16;

        /** Creates the settings with their defaults. */
        public Fetcher() {}

        /**
         * Whether the job runs here.
         *
         * @return false by default
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets whether the job runs here.
         *
         * @param enabled the flag
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * The cron expression.
         *
         * @return the expression, or null for {@link #getInterval()}
         */
        public @Nullable String getCron() {
            return cron;
        }

        /**
         * Sets the cron expression.
         *
         * @param cron the expression, or null
         */
        public void setCron(@Nullable String cron) {
            this.cron = cron;
        }

        /**
         * The interval between runs.
         *
         * @return 14 days by default
         */
        public Duration getInterval() {
            return interval;
        }

        /**
         * Sets the interval between runs.
         *
         * @param interval a positive duration
         */
        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        /**
         * The delay before the first run.
         *
         * @return zero by default
         */
        public Duration getInitialDelay() {
            return initialDelay;
        }

        /**
         * Sets the delay before the first run.
         *
         * @param initialDelay zero or more
         */
        public void setInitialDelay(Duration initialDelay) {
            this.initialDelay = initialDelay;
        }

        /**
         * The item ids to fetch.
         *
         * @return the ids; empty by default
         */
        public List<String> getItemIds() {
            return itemIds;
        }

        /**
         * Sets the item ids to fetch.
         *
         * @param itemIds the ids
         */
        public void setItemIds(List<String> itemIds) {
            this.itemIds = itemIds;
        }

        /**
         * The catalogue CSV.
         *
         * @return the file, or null
         */
        public @Nullable Path getCatalogCsv() {
            return catalogCsv;
        }

        /**
         * Sets the catalogue CSV.
         *
         * @param catalogCsv the file, or null
         */
        public void setCatalogCsv(@Nullable Path catalogCsv) {
            this.catalogCsv = catalogCsv;
        }

        /**
         * The id column of the catalogue CSV.
         *
         * @return {@code ITEM_ID} by default
         */
        public String getItemIdColumn() {
            return itemIdColumn;
        }

        /**
         * Sets the id column of the catalogue CSV.
         *
         * @param itemIdColumn the header name
         */
        public void setItemIdColumn(String itemIdColumn) {
            this.itemIdColumn = itemIdColumn;
        }

        /**
         * The TPS budget.
         *
         * @return 100 by default
         */
        public double getMaxTps() {
            return maxTps;
        }

        /**
         * Sets the TPS budget.
         *
         * @param maxTps more than 0, at most 500
         */
        public void setMaxTps(double maxTps) {
            this.maxTps = maxTps;
        }

        /**
         * The calls in flight at once.
         *
         * @return 16 by default
         */
        public int getMaxConcurrency() {
            return maxConcurrency;
        }

        /**
         * Sets the calls in flight at once.
         *
         * @param maxConcurrency 1 to 256
         */
        public void setMaxConcurrency(int maxConcurrency) {
            this.maxConcurrency = maxConcurrency;
        }
    }
}
