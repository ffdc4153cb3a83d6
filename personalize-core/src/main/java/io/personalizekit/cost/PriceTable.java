package io.personalizekit.cost;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The prices a {@link CostGuard} estimates with. Every figure it computes is an <b>estimate</b>: the service bills
 * actual TPS averaged over 5-minute windows, tiers apply to the whole account's monthly usage (here: per resource),
 * and prices differ per region and change. Override every price with the ones of your region and contract.
 *
 * <p>{@link #usEast1ListPrices()} are the public list prices for us-east-1 (USD) as recorded on {@value
 * #LIST_PRICES_AS_OF}; see docs/costs.md for where they come from and how sure we are of each. Immutable and
 * thread-safe.
 */
public final class PriceTable {
    /** The date the default list prices were recorded. */
    public static final String LIST_PRICES_AS_OF = "2026-12-03";

    /** Hours in a billing month as AWS estimates count them: 730. */
    public static final double HOURS_PER_MONTH = 730;

    private static final PriceTable US_EAST_1 = builder()
            .region("us-east-1")
            .currency("USD")
            .asOf(LocalDate.parse(LIST_PRICES_AS_OF))
            .campaignTpsHour(List.of(
                    new PriceTier(20_000, 0.20),
                    new PriceTier(200_000, 0.10),
                    new PriceTier(Double.POSITIVE_INFINITY, 0.05)))
            .recommenderRequestsPerSecondHour(List.of(
                    new PriceTier(20_000, 0.20),
                    new PriceTier(200_000, 0.10),
                    new PriceTier(Double.POSITIVE_INFINITY, 0.05)))
            .trainingHour(0.24)
            .ingestionGb(0.05)
            .build();

    private final String region;
    private final String currency;
    private final LocalDate asOf;
    private final List<PriceTier> campaignTpsHour;
    private final List<PriceTier> recommenderRequestsPerSecondHour;
    private final double trainingHour;
    private final double ingestionGb;

    private PriceTable(Builder b) {
        this.region = b.region;
        this.currency = b.currency;
        this.asOf = b.asOf;
        this.campaignTpsHour = checkTiers(b.campaignTpsHour, "campaignTpsHour");
        this.recommenderRequestsPerSecondHour =
                checkTiers(b.recommenderRequestsPerSecondHour, "recommenderRequestsPerSecondHour");
        this.trainingHour = b.trainingHour;
        this.ingestionGb = b.ingestionGb;
    }

    /**
     * The public list prices for us-east-1 in USD, as recorded on {@value #LIST_PRICES_AS_OF}: campaigns $0.20 per
     * TPS-hour for the first 20,000 TPS-hours of a month, $0.10 up to 200,000, $0.05 beyond; recommenders priced
     * the same per hour of minimum requests per second (an assumption: see docs/costs.md); training $0.24 per
     * training hour; data ingestion $0.05 per GB.
     *
     * @return the default table
     */
    public static PriceTable usEast1ListPrices() {
        return US_EAST_1;
    }

    /**
     * A builder starting from {@link #usEast1ListPrices()}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder starting from this table.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.region = region;
        b.currency = currency;
        b.asOf = asOf;
        b.campaignTpsHour = campaignTpsHour;
        b.recommenderRequestsPerSecondHour = recommenderRequestsPerSecondHour;
        b.trainingHour = trainingHour;
        b.ingestionGb = ingestionGb;
        return b;
    }

    private static List<PriceTier> checkTiers(List<PriceTier> tiers, String what) {
        List<PriceTier> copy = List.copyOf(tiers);
        if (copy.isEmpty() || copy.get(copy.size() - 1).upTo() != Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(what + " must end with a tier up to Double.POSITIVE_INFINITY: " + copy);
        }
        for (int i = 1; i < copy.size(); i++) {
            if (copy.get(i).upTo() <= copy.get(i - 1).upTo()) {
                throw new IllegalArgumentException(what + " tiers must have increasing bounds: " + copy);
            }
        }
        return copy;
    }

    /**
     * The price of a month's units through tiers.
     *
     * @param tiers the tiers
     * @param units the month's units
     * @return the price
     */
    static double tiered(List<PriceTier> tiers, double units) {
        double price = 0;
        double from = 0;
        for (PriceTier t : tiers) {
            if (units <= from) {
                break;
            }
            price += (Math.min(units, t.upTo()) - from) * t.pricePerUnit();
            from = t.upTo();
        }
        return price;
    }

    /**
     * The estimated monthly price of a campaign billed at this throughput around the clock.
     *
     * @param tps the billed TPS: max(minProvisionedTPS, actual)
     * @return the estimate
     */
    public double campaignMonthly(double tps) {
        return tiered(campaignTpsHour, tps * HOURS_PER_MONTH);
    }

    /**
     * The estimated monthly price of an active recommender at this request rate around the clock.
     *
     * @param requestsPerSecond max(minRecommendationRequestsPerSecond, actual)
     * @return the estimate
     */
    public double recommenderMonthly(double requestsPerSecond) {
        return tiered(recommenderRequestsPerSecondHour, requestsPerSecond * HOURS_PER_MONTH);
    }

    /**
     * The region the prices are for.
     *
     * @return the region
     */
    public String region() {
        return region;
    }

    /**
     * The currency of the prices.
     *
     * @return for example {@code USD}
     */
    public String currency() {
        return currency;
    }

    /**
     * The date the prices were recorded.
     *
     * @return the date
     */
    public LocalDate asOf() {
        return asOf;
    }

    /**
     * The campaign TPS-hour tiers.
     *
     * @return the tiers
     */
    public List<PriceTier> campaignTpsHour() {
        return campaignTpsHour;
    }

    /**
     * The recommender tiers, per hour of one request per second.
     *
     * @return the tiers
     */
    public List<PriceTier> recommenderRequestsPerSecondHour() {
        return recommenderRequestsPerSecondHour;
    }

    /**
     * The price of one training hour.
     *
     * @return the price
     */
    public double trainingHour() {
        return trainingHour;
    }

    /**
     * The price of one GB ingested.
     *
     * @return the price
     */
    public double ingestionGb() {
        return ingestionGb;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof PriceTable p
                && region.equals(p.region)
                && currency.equals(p.currency)
                && asOf.equals(p.asOf)
                && campaignTpsHour.equals(p.campaignTpsHour)
                && recommenderRequestsPerSecondHour.equals(p.recommenderRequestsPerSecondHour)
                && trainingHour == p.trainingHour
                && ingestionGb == p.ingestionGb;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                region, currency, asOf, campaignTpsHour, recommenderRequestsPerSecondHour, trainingHour, ingestionGb);
    }

    @Override
    public String toString() {
        return "PriceTable{" + region + ", " + currency + " as of " + asOf + " (estimate), campaignTpsHour="
                + campaignTpsHour + ", recommenderRequestsPerSecondHour=" + recommenderRequestsPerSecondHour
                + ", trainingHour=" + trainingHour + ", ingestionGb=" + ingestionGb + "}";
    }

    /** Builder of {@link PriceTable}; not thread-safe. Starts from the us-east-1 list prices. */
    public static final class Builder {
        private String region = "us-east-1";
        private String currency = "USD";
        private LocalDate asOf = LocalDate.parse(LIST_PRICES_AS_OF);
        private List<PriceTier> campaignTpsHour = List.of(
                new PriceTier(20_000, 0.20),
                new PriceTier(200_000, 0.10),
                new PriceTier(Double.POSITIVE_INFINITY, 0.05));
        private List<PriceTier> recommenderRequestsPerSecondHour = campaignTpsHour;
        private double trainingHour = 0.24;
        private double ingestionGb = 0.05;

        private Builder() {}

        /**
         * Sets the region the prices are for.
         *
         * @param region for example {@code eu-west-1}
         * @return this builder
         */
        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /**
         * Sets the currency.
         *
         * @param currency for example {@code USD}
         * @return this builder
         */
        public Builder currency(String currency) {
            this.currency = Objects.requireNonNull(currency, "currency");
            return this;
        }

        /**
         * Sets the date the prices were taken.
         *
         * @param asOf the date
         * @return this builder
         */
        public Builder asOf(LocalDate asOf) {
            this.asOf = Objects.requireNonNull(asOf, "asOf");
            return this;
        }

        /**
         * Sets the campaign tiers, per TPS-hour; the last must go up to {@link Double#POSITIVE_INFINITY}.
         *
         * @param tiers the tiers, in increasing bounds
         * @return this builder
         */
        public Builder campaignTpsHour(List<PriceTier> tiers) {
            this.campaignTpsHour = List.copyOf(tiers);
            return this;
        }

        /**
         * Sets the recommender tiers, per hour of one request per second; the last must go up to {@link
         * Double#POSITIVE_INFINITY}.
         *
         * @param tiers the tiers, in increasing bounds
         * @return this builder
         */
        public Builder recommenderRequestsPerSecondHour(List<PriceTier> tiers) {
            this.recommenderRequestsPerSecondHour = List.copyOf(tiers);
            return this;
        }

        /**
         * Sets the price of a training hour.
         *
         * @param price at least 0
         * @return this builder
         * @throws IllegalArgumentException when negative or not finite
         */
        public Builder trainingHour(double price) {
            this.trainingHour = price(price, "trainingHour");
            return this;
        }

        /**
         * Sets the price of a GB ingested.
         *
         * @param price at least 0
         * @return this builder
         * @throws IllegalArgumentException when negative or not finite
         */
        public Builder ingestionGb(double price) {
            this.ingestionGb = price(price, "ingestionGb");
            return this;
        }

        private static double price(double price, String what) {
            if (!(price >= 0) || Double.isInfinite(price)) {
                throw new IllegalArgumentException(what + " must be a finite price >= 0, but it is " + price);
            }
            return price;
        }

        /**
         * Builds the table.
         *
         * @return the table
         * @throws IllegalArgumentException when a tier list does not end with an unbounded tier or its bounds do
         *     not increase
         */
        public PriceTable build() {
            return new PriceTable(this);
        }
    }
}
