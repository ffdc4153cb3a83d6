package io.personalizekit.observe;

/** The streaming operation of a delivery. */
public enum DeliveryOperation {
    /** {@code PutItems}, by an {@code ItemSeeder}. */
    PUT_ITEMS,
    /** {@code PutEvents}, by an {@code EventRecorder}. */
    PUT_EVENTS
}
