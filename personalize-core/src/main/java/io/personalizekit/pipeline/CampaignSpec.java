package io.personalizekit.pipeline;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The campaign that serves the trained solution version: its name and {@code minProvisionedTPS} (default 1, the
 * billing floor; the service scales above it). Immutable and thread-safe.
 */
public final class CampaignSpec {
    private final String name;
    private final int minProvisionedTps;

    private CampaignSpec(Builder b) {
        this.name = Objects.requireNonNull(b.name, "name");
        this.minProvisionedTps = b.minProvisionedTps;
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
        return new Builder().name(name).minProvisionedTps(minProvisionedTps);
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

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof CampaignSpec
                && name.equals(((CampaignSpec) o).name)
                && minProvisionedTps == ((CampaignSpec) o).minProvisionedTps;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, minProvisionedTps);
    }

    @Override
    public String toString() {
        return "CampaignSpec{name=" + name + ", minProvisionedTps=" + minProvisionedTps + "}";
    }

    /** Builds a {@link CampaignSpec}. Not thread-safe. */
    public static final class Builder {
        private @Nullable String name;
        private int minProvisionedTps = 1;

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
