package io.personalizekit.pipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The campaign that serves the trained solution version: its name, {@code minProvisionedTPS} (default 1, the
 * billing floor; the service scales above it) and its {@code campaignConfig}: {@code
 * enableMetadataWithRecommendations}, {@code syncWithLatestSolutionVersion} (the campaign is then created on the
 * solution's {@code <solutionArn>/$LATEST}, the form the service requires, and follows each new ACTIVE version),
 * {@code itemExplorationConfig} (User-Personalization) and {@code rankingInfluence}. A config left at its defaults
 * (both flags false, both maps empty) is not sent. Immutable and thread-safe.
 */
public final class CampaignSpec {
    private final String name;
    private final int minProvisionedTps;
    private final boolean enableMetadataWithRecommendations;
    private final boolean syncWithLatestSolutionVersion;
    private final Map<String, String> itemExplorationConfig;
    private final Map<String, Double> rankingInfluence;

    /** The keys {@code rankingInfluence} takes. */
    private static final Set<String> RANKING_FACTORS = Set.of("POPULARITY", "FRESHNESS");

    private CampaignSpec(Builder b) {
        this.name = Objects.requireNonNull(b.name, "name");
        this.minProvisionedTps = b.minProvisionedTps;
        this.enableMetadataWithRecommendations = b.enableMetadataWithRecommendations;
        this.syncWithLatestSolutionVersion = b.syncWithLatestSolutionVersion;
        this.itemExplorationConfig = Collections.unmodifiableMap(new LinkedHashMap<>(b.itemExplorationConfig));
        this.rankingInfluence = Collections.unmodifiableMap(new LinkedHashMap<>(b.rankingInfluence));
    }

    /**
     * A builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder initialised from this spec.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder()
                .name(name)
                .minProvisionedTps(minProvisionedTps)
                .enableMetadataWithRecommendations(enableMetadataWithRecommendations)
                .syncWithLatestSolutionVersion(syncWithLatestSolutionVersion);
        b.itemExplorationConfig.putAll(itemExplorationConfig);
        b.rankingInfluence.putAll(rankingInfluence);
        return b;
    }

    /**
     * The campaign's name (campaign names are unique per account and region).
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The {@code minProvisionedTPS}.
     *
     * @return at least 1
     */
    public int minProvisionedTps() {
        return minProvisionedTps;
    }

    /**
     * Whether {@code GetRecommendations} may ask for item metadata columns ({@code metadataColumns}); billed extra.
     *
     * @return the flag (default {@code false})
     */
    public boolean enableMetadataWithRecommendations() {
        return enableMetadataWithRecommendations;
    }

    /**
     * Whether the campaign follows the solution's latest ACTIVE version by itself; the pipeline then creates (or
     * updates) it on {@code <solutionArn>/$LATEST}, the form the service requires with this flag.
     *
     * @return the flag (default {@code false})
     */
    public boolean syncWithLatestSolutionVersion() {
        return syncWithLatestSolutionVersion;
    }

    /**
     * The {@code itemExplorationConfig} (User-Personalization): {@code explorationWeight}, {@code
     * explorationItemAgeCutOff}.
     *
     * @return an unmodifiable map, empty for the service's defaults
     */
    public Map<String, String> itemExplorationConfig() {
        return itemExplorationConfig;
    }

    /**
     * The {@code rankingInfluence}: a weight from 0 to 1 for {@code POPULARITY} and {@code FRESHNESS}.
     *
     * @return an unmodifiable map, empty for none
     */
    public Map<String, Double> rankingInfluence() {
        return rankingInfluence;
    }

    /**
     * Whether any member of {@code campaignConfig} differs from the service's defaults.
     *
     * @return {@code true} when a {@code campaignConfig} is sent
     */
    public boolean hasCampaignConfig() {
        return enableMetadataWithRecommendations
                || syncWithLatestSolutionVersion
                || !itemExplorationConfig.isEmpty()
                || !rankingInfluence.isEmpty();
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (!(o instanceof CampaignSpec)) {
            return false;
        }
        CampaignSpec c = (CampaignSpec) o;
        return name.equals(c.name)
                && minProvisionedTps == c.minProvisionedTps
                && enableMetadataWithRecommendations == c.enableMetadataWithRecommendations
                && syncWithLatestSolutionVersion == c.syncWithLatestSolutionVersion
                && itemExplorationConfig.equals(c.itemExplorationConfig)
                && rankingInfluence.equals(c.rankingInfluence);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                name,
                minProvisionedTps,
                enableMetadataWithRecommendations,
                syncWithLatestSolutionVersion,
                itemExplorationConfig,
                rankingInfluence);
    }

    @Override
    public String toString() {
        return "CampaignSpec{name=" + name + ", minProvisionedTps=" + minProvisionedTps
                + ", enableMetadataWithRecommendations=" + enableMetadataWithRecommendations
                + ", syncWithLatestSolutionVersion=" + syncWithLatestSolutionVersion + ", itemExplorationConfig="
                + itemExplorationConfig + ", rankingInfluence=" + rankingInfluence + "}";
    }

    /** Builds a {@link CampaignSpec}. Not thread-safe. */
    public static final class Builder {
        private @Nullable String name;
        private int minProvisionedTps = 1;
        private boolean enableMetadataWithRecommendations;
        private boolean syncWithLatestSolutionVersion;
        private final Map<String, String> itemExplorationConfig = new LinkedHashMap<>();
        private final Map<String, Double> rankingInfluence = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Sets the campaign's name (required).
         *
         * @param name 1-63 characters of {@code [a-zA-Z0-9-_]}
         * @return this builder
         * @throws IllegalArgumentException if the name breaks the service's pattern
         */
        public Builder name(String name) {
            this.name = Names.name(name, "name");
            return this;
        }

        /**
         * Sets the {@code minProvisionedTPS}.
         *
         * @param minProvisionedTps at least 1 (default 1)
         * @return this builder
         * @throws IllegalArgumentException if less than 1
         */
        public Builder minProvisionedTps(int minProvisionedTps) {
            if (minProvisionedTps < 1) {
                throw new IllegalArgumentException("minProvisionedTps must be >= 1: " + minProvisionedTps);
            }
            this.minProvisionedTps = minProvisionedTps;
            return this;
        }

        /**
         * Sets whether requests may ask for item metadata ({@code campaignConfig.enableMetadataWithRecommendations}).
         *
         * @param enable the flag (default {@code false})
         * @return this builder
         */
        public Builder enableMetadataWithRecommendations(boolean enable) {
            this.enableMetadataWithRecommendations = enable;
            return this;
        }

        /**
         * Sets whether the campaign follows the solution's latest ACTIVE version ({@code
         * campaignConfig.syncWithLatestSolutionVersion}); the pipeline then names {@code <solutionArn>/$LATEST}.
         *
         * @param sync the flag (default {@code false})
         * @return this builder
         */
        public Builder syncWithLatestSolutionVersion(boolean sync) {
            this.syncWithLatestSolutionVersion = sync;
            return this;
        }

        /**
         * Adds an {@code itemExplorationConfig} entry, for example {@code explorationWeight} {@code 0.3}.
         *
         * @param key the parameter, at most 256 characters
         * @param value its value, at most 1000 characters
         * @return this builder
         * @throws IllegalArgumentException if too long, or {@code explorationWeight} is not a number from 0 to 1
         */
        public Builder putItemExplorationConfig(String key, String value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            if (key.isEmpty() || key.length() > 256 || value.length() > 1000) {
                throw new IllegalArgumentException(
                        "itemExplorationConfig keys are 1-256 characters and values at most 1000: '" + key + "'");
            }
            if (key.equals("explorationWeight")) {
                double w = number("itemExplorationConfig.explorationWeight", value);
                if (w < 0 || w > 1) {
                    throw new IllegalArgumentException(
                            "itemExplorationConfig.explorationWeight must be from 0 to 1: '" + value + "'");
                }
            }
            itemExplorationConfig.put(key, value);
            return this;
        }

        /**
         * Replaces the {@code itemExplorationConfig}.
         *
         * @param config the entries
         * @return this builder
         * @throws IllegalArgumentException as {@link #putItemExplorationConfig}
         */
        public Builder itemExplorationConfig(Map<String, String> config) {
            itemExplorationConfig.clear();
            config.forEach(this::putItemExplorationConfig);
            return this;
        }

        /**
         * Adds a {@code rankingInfluence} weight.
         *
         * @param factor {@code POPULARITY} or {@code FRESHNESS}
         * @param weight from 0 to 1
         * @return this builder
         * @throws IllegalArgumentException for another factor or a weight outside 0-1
         */
        public Builder putRankingInfluence(String factor, double weight) {
            if (!RANKING_FACTORS.contains(Objects.requireNonNull(factor, "factor"))) {
                throw new IllegalArgumentException(
                        "rankingInfluence takes POPULARITY or FRESHNESS, not '" + factor + "'");
            }
            if (!(weight >= 0 && weight <= 1)) {
                throw new IllegalArgumentException("rankingInfluence." + factor + " must be from 0 to 1: " + weight);
            }
            rankingInfluence.put(factor, weight);
            return this;
        }

        /**
         * Replaces the {@code rankingInfluence}.
         *
         * @param weights the weights by factor
         * @return this builder
         * @throws IllegalArgumentException as {@link #putRankingInfluence}
         */
        public Builder rankingInfluence(Map<String, Double> weights) {
            rankingInfluence.clear();
            weights.forEach(this::putRankingInfluence);
            return this;
        }

        private static double number(String what, String value) {
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(what + " must be a number: '" + value + "'", e);
            }
        }

        /**
         * Builds the spec.
         *
         * @return the spec
         * @throws NullPointerException if no name was set
         */
        public CampaignSpec build() {
            return new CampaignSpec(this);
        }
    }
}
