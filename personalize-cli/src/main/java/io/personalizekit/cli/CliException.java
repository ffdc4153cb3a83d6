package io.personalizekit.cli;

import io.personalizekit.exception.PersonalizeKitException;

/** A failure a command reports with its own message and exit code (see {@link ExitCodes}). */
public final class CliException extends PersonalizeKitException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    /**
     * A failure.
     *
     * @param exitCode the process exit code, one of {@link ExitCodes}
     * @param message what went wrong, for the user
     */
    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /**
     * Bad input (exit code {@value ExitCodes#BAD_INPUT}).
     *
     * @param message what is wrong
     * @return the exception
     */
    public static CliException badInput(String message) {
        return new CliException(ExitCodes.BAD_INPUT, message);
    }

    /**
     * A service failure (exit code {@value ExitCodes#SERVICE_FAILURE}).
     *
     * @param message what failed
     * @return the exception
     */
    public static CliException serviceFailure(String message) {
        return new CliException(ExitCodes.SERVICE_FAILURE, message);
    }

    /**
     * The exit code.
     *
     * @return the code
     */
    public int exitCode() {
        return exitCode;
    }
}
