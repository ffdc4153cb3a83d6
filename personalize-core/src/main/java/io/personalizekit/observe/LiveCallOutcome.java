package io.personalizekit.observe;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/** How a live call to Personalize ended. */
public enum LiveCallOutcome {
    /** It answered. */
    SUCCESS,
    /** Throttled ({@code ThrottlingException}, HTTP 429), after the SDK's retries if any. */
    THROTTLED,
    /** A 5xx answer, after the SDK's retries if any. */
    SERVER_ERROR,
    /** Another service error, such as {@code InvalidInputException} or {@code ResourceNotFoundException}. */
    CLIENT_ERROR,
    /** The call's deadline passed ({@code apiCallTimeout} or {@code apiCallAttemptTimeout}). */
    TIMEOUT,
    /** The SDK could not reach the service or read its answer (connection refused or reset, unknown host). */
    IO_ERROR,
    /** Any other failure. */
    OTHER_ERROR;

    /**
     * Classifies the outcome of a call.
     *
     * @param error the call's failure, or {@code null} when it answered
     * @return the outcome
     */
    public static LiveCallOutcome of(@Nullable Throwable error) {
        if (error == null) {
            return SUCCESS;
        }
        if (error instanceof SdkServiceException) {
            SdkServiceException s = (SdkServiceException) error;
            if (s.isThrottlingException() || s.statusCode() == 429) {
                return THROTTLED;
            }
            return s.statusCode() >= 500 ? SERVER_ERROR : CLIENT_ERROR;
        }
        if (error instanceof ApiCallTimeoutException || error instanceof ApiCallAttemptTimeoutException) {
            return TIMEOUT;
        }
        if (error instanceof SdkClientException) {
            return IO_ERROR;
        }
        return OTHER_ERROR;
    }
}
