package io.personalizekit.local.internal;

/**
 * An error the emulator answers with, in the service's wire format: an HTTP status, the error code sent as
 * {@code x-amzn-ErrorType} and {@code __type}, and a message.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String errorType;
    private final int httpStatus;

    ApiException(String errorType, int httpStatus, String message) {
        super(message, null, false, false);
        this.errorType = errorType;
        this.httpStatus = httpStatus;
    }

    /** @return the error code, e.g. {@code InvalidInputException} */
    public String errorType() {
        return errorType;
    }

    /** @return the HTTP status the error is sent with */
    public int httpStatus() {
        return httpStatus;
    }

    static ApiException invalidInput(String message) {
        return new ApiException("InvalidInputException", 400, message);
    }

    static ApiException notFound(String message) {
        return new ApiException("ResourceNotFoundException", 400, message);
    }

    static ApiException alreadyExists(String message) {
        return new ApiException("ResourceAlreadyExistsException", 400, message);
    }

    static ApiException inUse(String message) {
        return new ApiException("ResourceInUseException", 400, message);
    }

    static ApiException limitExceeded(String message) {
        return new ApiException("LimitExceededException", 400, message);
    }

    static ApiException invalidNextToken(String message) {
        return new ApiException("InvalidNextTokenException", 400, message);
    }

    /** The same error with the status the REST (runtime/events) protocol uses for its code. */
    ApiException forRest() {
        int status = switch (errorType) {
            case "ResourceNotFoundException" -> 404;
            case "ResourceInUseException" -> 409;
            default -> httpStatus;
        };
        return status == httpStatus ? this : new ApiException(errorType, status, getMessage());
    }
}
