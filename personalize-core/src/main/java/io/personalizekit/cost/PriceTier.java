package io.personalizekit.cost;

/**
 * One tier of a tiered price: a price per unit for the units of a month up to a bound. An immutable record.
 *
 * @param upTo the last unit of the month this tier prices ({@link Double#POSITIVE_INFINITY} for the last tier)
 * @param pricePerUnit the price of one unit, in the table's currency
 */
public record PriceTier(double upTo, double pricePerUnit) {
    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException when the bound is not positive or the price is negative or not finite
     */
    public PriceTier {
        if (!(upTo > 0)) {
            throw new IllegalArgumentException("upTo must be positive, but it is " + upTo);
        }
        if (!(pricePerUnit >= 0) || Double.isInfinite(pricePerUnit)) {
            throw new IllegalArgumentException("pricePerUnit must be a finite price >= 0, but it is " + pricePerUnit);
        }
    }
}
