package io.personalizekit.exception;

/**
 * Records could not be delivered to the Personalize events API for a reason that concerns the whole target rather
 * than one record: the dataset or tracker does not exist or is being changed, access is denied, or the service kept
 * throttling after the SDK's retries. The SDK's exception is the {@linkplain #getCause() cause}, unchanged.
 *
 * <p>Records sent before the failure stay written ({@link #sentCount()}); re-send the others once the cause is
 * fixed. {@code PutItems} replaces an item with the same id, so re-sending a whole item batch is safe.
 */
public class DeliveryException extends PersonalizeKitException {
    private static final long serialVersionUID = 1L;

    private final String target;
    private final int sentCount;
    private final int unsentCount;

    /**
     * Creates the exception.
     *
     * @param target the dataset ARN or tracking id the records were sent to
     * @param sentCount how many records were delivered before the failure
     * @param unsentCount how many records were not delivered (the failed request's and the ones after it)
     * @param cause the SDK exception (or interruption) that stopped the delivery
     */
    public DeliveryException(String target, int sentCount, int unsentCount, Throwable cause) {
        super(
                "Delivery to " + target + " stopped after " + sentCount + " records were sent; " + unsentCount
                        + " were not sent: " + cause + ". Records already sent stay written; re-send the others"
                        + " once the cause is fixed.",
                cause);
        this.target = target;
        this.sentCount = sentCount;
        this.unsentCount = unsentCount;
    }

    /**
     * The dataset ARN ({@code PutItems}) or tracking id ({@code PutEvents}) the records were sent to.
     *
     * @return the target
     */
    public String target() {
        return target;
    }

    /**
     * How many records were delivered before the failure.
     *
     * @return the count
     */
    public int sentCount() {
        return sentCount;
    }

    /**
     * How many records were not delivered.
     *
     * @return the count
     */
    public int unsentCount() {
        return unsentCount;
    }
}
