package io.personalizekit.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * The one rule for interop tests that need a tool Maven cannot ship (the AWS CLI, python3 with boto3): when the
 * tool is missing the test is skipped with a reason that names the tool and how to install it, unless the system
 * property {@value #REQUIRED} is {@code true} (surefire passes {@code -Dinterop.required=true} through, and
 * {@code .ci/run} sets it), which makes a missing tool a failure, so CI cannot pass without running them.
 * Each tool is probed once per JVM; a skip's reason is also printed, as surefire's console does not show it.
 */
public final class InteropTools {
    /** The system property that turns a missing interop tool from a skip into a failure. */
    public static final String REQUIRED = "interop.required";

    private static final String PROBE_BOTO3 = "import boto3; print(boto3.__version__)";
    private static @Nullable String awsCliProblem;
    private static boolean awsCliProbed;
    private static @Nullable String python;
    private static @Nullable String pythonProblem;
    private static boolean pythonProbed;

    private InteropTools() {}

    /**
     * Returns when the AWS CLI ({@code aws} on the PATH) runs; otherwise skips the calling test, or fails it when
     * {@value #REQUIRED} is true.
     */
    public static synchronized void requireAwsCli() {
        if (!awsCliProbed) {
            Probe p = probe(List.of("aws", "--version"));
            awsCliProblem = p.ok() ? null : p.problem("aws --version");
            awsCliProbed = true;
        }
        if (awsCliProblem != null) {
            missing(
                    "the AWS CLI (`aws`) " + awsCliProblem,
                    "install it with `apt-get install awscli` or `pip install awscli`");
        }
    }

    /**
     * The Python interpreter that imports boto3: {@code python3} on the PATH when it does, else Debian's {@code
     * /usr/bin/python3} (where {@code apt-get install python3-boto3} puts boto3 when the PATH's python3 is, say, a
     * pyenv shim). When neither does, skips the calling test, or fails it when {@value #REQUIRED} is true.
     *
     * @return the interpreter to run
     */
    public static synchronized String requirePythonWithBoto3() {
        if (!pythonProbed) {
            Probe onPath = probe(List.of("python3", "-c", PROBE_BOTO3));
            if (onPath.ok()) {
                python = "python3";
            } else if (Files.isExecutable(Path.of("/usr/bin/python3"))
                    && probe(List.of("/usr/bin/python3", "-c", PROBE_BOTO3)).ok()) {
                python = "/usr/bin/python3";
            } else {
                pythonProblem = onPath.problem("python3 -c 'import boto3'");
            }
            pythonProbed = true;
        }
        if (python == null) {
            missing(
                    "python3 with boto3 " + pythonProblem,
                    "install it with `apt-get install python3 python3-boto3` or `pip install boto3`");
        }
        return python;
    }

    private static void missing(String what, String install) {
        boolean required = Boolean.getBoolean(REQUIRED);
        if (!required) {
            System.out.println("[interop] " + skipReason(what, install)); // surefire's console shows no reasons
        }
        missing(what, install, required);
    }

    private static String skipReason(String what, String install) {
        return "skipped: " + what + "; " + install + "; set -D" + REQUIRED + "=true to make this a failure";
    }

    /**
     * Skips the calling test because {@code what} is missing, or fails it when {@code required}.
     *
     * @param what the tool and what is wrong with it, for example "the AWS CLI (`aws`) is not on the PATH"
     * @param install how to install it
     * @param required the value of {@value #REQUIRED}
     */
    static void missing(String what, String install, boolean required) {
        if (required) {
            throw new AssertionError(what + "; " + install + ". This test must run because -D" + REQUIRED
                    + "=true (as .ci/run sets); drop it to skip instead.");
        }
        Assumptions.abort(skipReason(what, install));
    }

    /** The outcome of running a tool once: its exit code ({@code -1} when it could not start) and output. */
    record Probe(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }

        String problem(String command) {
            return exitCode == NOT_FOUND
                    ? "is not on the PATH"
                    : "does not work (`" + command + "` exited with " + exitCode
                            + (output.isBlank() ? "" : ": " + output.strip()) + ")";
        }
    }

    private static final int NOT_FOUND = -1;

    /** Runs {@code command} once, with a 120 s limit, and tells how it went. */
    static Probe probe(List<String> command) {
        Path out = null;
        try {
            out = Files.createTempFile("interop-probe", ".txt");
            Process p = new ProcessBuilder(new ArrayList<>(command))
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                return new Probe(124, "did not finish within 120 s");
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            return new Probe(p.exitValue(), text.length() > 300 ? text.substring(0, 300) + "..." : text);
        } catch (IOException e) {
            return new Probe(NOT_FOUND, String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while probing " + command, e);
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a temp file; best effort
                }
            }
        }
    }
}
