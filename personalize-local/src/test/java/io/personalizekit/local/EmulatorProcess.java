package io.personalizekit.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The emulator as a separate process ({@link PersonalizeLocalLauncher} on this JVM's class path), for tests that
 * kill it: {@link #kill()} is a SIGKILL, so nothing is shut down cleanly.
 */
final class EmulatorProcess implements AutoCloseable {
    private final Process process;
    private final URI endpoint;
    private final URI s3Endpoint;

    private EmulatorProcess(Process process, URI endpoint, URI s3Endpoint) {
        this.process = process;
        this.endpoint = endpoint;
        this.s3Endpoint = s3Endpoint;
    }

    /**
     * Starts the launcher and waits for its two endpoint lines.
     *
     * @param port the Personalize port, 0 for a free one
     * @param dataDir the {@code --data-dir}
     * @param timeScale the {@code --time-scale}
     * @param log where the process's standard error (its log) goes
     */
    static EmulatorProcess start(int port, Path dataDir, double timeScale, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(
                java,
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                PersonalizeLocalLauncher.class.getName(),
                "--port",
                String.valueOf(port),
                "--s3-port",
                "0",
                "--data-dir",
                dataDir.toString(),
                "--time-scale",
                String.valueOf(timeScale)));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        String second = out.readLine();
        if (first == null || second == null || !first.startsWith("Personalize endpoint: ")) {
            process.destroyForcibly();
            throw new IOException("the emulator did not start (exit " + (process.isAlive() ? "-" : process.exitValue())
                    + "); its log is " + log + "; it printed: " + first + " / " + second);
        }
        Thread drain = new Thread(
                () -> {
                    try {
                        while (out.readLine() != null) {
                            // nothing else is printed; keep the pipe from filling up
                        }
                    } catch (IOException closed) {
                        // the process is gone
                    }
                },
                "emulator-stdout");
        drain.setDaemon(true);
        drain.start();
        return new EmulatorProcess(
                process,
                URI.create(first.substring("Personalize endpoint: ".length())),
                URI.create(second.substring("S3 endpoint: ".length())));
    }

    URI endpoint() {
        return endpoint;
    }

    URI s3Endpoint() {
        return s3Endpoint;
    }

    /** Kills the process at once (SIGKILL) and waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
