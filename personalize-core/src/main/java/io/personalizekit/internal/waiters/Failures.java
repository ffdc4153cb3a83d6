package io.personalizekit.internal.waiters;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.personalize.model.LimitExceededException;

/**
 * Sorts the failures of SDK calls, once the SDK's own retries are spent, into those worth riding out and those
 * that are final.
 */
public final class Failures {
    private Failures() {}

    /** What a failure says about the call that failed. */
    public enum Kind {
        /** The service refused the call for its rate (throttling): nothing was done; trying again later is safe. */
        THROTTLED,
        /**
         * The call may or may not have been carried out: a 5xx answer, a connection refused, reset or closed
         * without an answer, a timeout. Trying a read again is safe; a create must first look for what it may have
         * made.
         */
        AMBIGUOUS,
        /** Anything else (a 4xx such as {@code InvalidInputException}, an interrupt, a bad configuration): final. */
        FINAL
    }

    /**
     * Classifies a failure.
     *
     * @param e the failure thrown by an SDK call
     * @return its kind
     */
    public static Kind classify(Throwable e) {
        if (e instanceof AbortedException || hasCause(e, InterruptedException.class)) {
            return Kind.FINAL;
        }
        if (e instanceof SdkServiceException) {
            SdkServiceException s = (SdkServiceException) e;
            if (s.isThrottlingException() || isRateLimit(e)) {
                return Kind.THROTTLED;
            }
            return s.statusCode() >= 500 ? Kind.AMBIGUOUS : Kind.FINAL;
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return Kind.AMBIGUOUS;
        }
        if (e instanceof SdkClientException && ioCause(e) != null) {
            return Kind.AMBIGUOUS;
        }
        return Kind.FINAL;
    }

    /**
     * Whether a failure is worth riding out: {@link Kind#THROTTLED} or {@link Kind#AMBIGUOUS}.
     *
     * @param e the failure
     * @return true unless the failure is final
     */
    public static boolean isTransient(Throwable e) {
        return classify(e) != Kind.FINAL;
    }

    /**
     * A short human description for progress lines: {@code "throttled"}, {@code "HTTP 503"}, {@code "connection
     * refused"}, {@code "connection reset"}, {@code "timed out"}, {@code "no response"}.
     *
     * @param e the failure
     * @return the description
     */
    public static String describe(Throwable e) {
        if (e instanceof SdkServiceException) {
            SdkServiceException s = (SdkServiceException) e;
            if (s.isThrottlingException() || isRateLimit(e)) {
                return "throttled";
            }
            return "HTTP " + s.statusCode();
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return "timed out";
        }
        IOException io = ioCause(e);
        if (io instanceof ConnectException) {
            return "connection refused";
        }
        if (io instanceof SocketTimeoutException || io instanceof InterruptedIOException) {
            return "timed out";
        }
        if (io instanceof SocketException
                && String.valueOf(io.getMessage()).toLowerCase(Locale.ROOT).contains("reset")) {
            return "connection reset";
        }
        if (io != null) {
            String name = io.getClass().getSimpleName();
            return name.contains("NoHttpResponse") ? "no response" : name;
        }
        return e.getClass().getSimpleName();
    }

    private static boolean isRateLimit(Throwable e) {
        return e instanceof LimitExceededException
                && String.valueOf(e.getMessage()).contains("requests per second");
    }

    private static @Nullable IOException ioCause(Throwable e) {
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof IOException) {
                return (IOException) t;
            }
        }
        return null;
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            if (t == t.getCause()) {
                break;
            }
        }
        return false;
    }
}
