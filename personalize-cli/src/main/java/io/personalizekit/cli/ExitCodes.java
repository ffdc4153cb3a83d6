package io.personalizekit.cli;

import io.personalizekit.exception.CsvReadException;
import io.personalizekit.exception.CsvValidationException;
import io.personalizekit.exception.DriftException;
import io.personalizekit.exception.FetchStoppedException;
import io.personalizekit.exception.PersonalizeKitException;
import io.personalizekit.exception.RecipeRuleException;
import io.personalizekit.exception.SchemaValidationException;
import io.personalizekit.exception.SpecValidationException;
import io.personalizekit.exception.WaitInterruptedException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The exit codes of {@code personalize-kit}, one per kind of outcome, so scripts can tell bad input (fix the
 * command or the files) from a failing service (retry later) and from an interruption.
 *
 * <table>
 *   <caption>Exit codes</caption>
 *   <tr><th>code</th><th>meaning</th></tr>
 *   <tr><td>{@value #OK}</td><td>success</td></tr>
 *   <tr><td>{@value #SOFTWARE}</td><td>an unexpected error inside the tool (a bug: please report it)</td></tr>
 *   <tr><td>{@value #BAD_INPUT}</td><td>bad input: a usage error, an invalid CSV, schema or pipeline file, a
 *       request that breaks a limit, a resource that exists with another definition</td></tr>
 *   <tr><td>{@value #SERVICE_FAILURE}</td><td>a service failed: Personalize, S3 or Redis refused a call or could
 *       not be reached, a resource ended failed, a wait timed out, a fetch left the cache incomplete</td></tr>
 *   <tr><td>{@value #INTERRUPTED}</td><td>interrupted (Ctrl-C, SIGINT)</td></tr>
 * </table>
 */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** An unexpected error inside the tool. */
    public static final int SOFTWARE = 1;
    /** Bad input: usage, files, limits; also picocli's usage-error code. */
    public static final int BAD_INPUT = CommandLine.ExitCode.USAGE;
    /** A service (Personalize, S3, Redis) failed or could not be reached. */
    public static final int SERVICE_FAILURE = 3;
    /** Interrupted: 128 + SIGINT. */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {}

    /**
     * The exit code for a failure.
     *
     * @param error what a command threw
     * @return one of the codes of this class
     */
    public static int of(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException
                    || t instanceof WaitInterruptedException
                    || t instanceof FetchStoppedException
                    || t instanceof AbortedException
                    || (t instanceof InterruptedIOException && !(t instanceof java.net.SocketTimeoutException))) {
                return INTERRUPTED;
            }
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof CliException e) {
                return e.exitCode();
            }
            if (t instanceof CommandLine.ParameterException
                    || t instanceof CsvValidationException
                    || t instanceof CsvReadException
                    || t instanceof SchemaValidationException
                    || t instanceof SpecValidationException
                    || t instanceof RecipeRuleException
                    || t instanceof DriftException
                    || t instanceof NoSuchFileException) {
                return BAD_INPUT;
            }
            if (t instanceof SdkException) {
                return SERVICE_FAILURE;
            }
        }
        if (error instanceof IllegalArgumentException) {
            return BAD_INPUT;
        }
        if (error instanceof PersonalizeKitException || error instanceof UncheckedIOException) {
            return SERVICE_FAILURE;
        }
        return SOFTWARE;
    }
}
