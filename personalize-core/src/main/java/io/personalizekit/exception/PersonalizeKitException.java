package io.personalizekit.exception;

import org.jspecify.annotations.Nullable;

/**
 * The unchecked root of every exception that personalize-kit throws for a condition it detected itself.
 *
 * <p>Catch this type to handle any toolkit failure; catch a subtype to read its context through accessors.
 */
public class PersonalizeKitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong, and what to do about it
     */
    public PersonalizeKitException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message what went wrong, and what to do about it
     * @param cause the underlying failure, kept unchanged
     */
    public PersonalizeKitException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
