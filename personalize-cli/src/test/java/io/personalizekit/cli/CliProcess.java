package io.personalizekit.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code personalize-kit} as a real process: {@code java -cp <the test class path> PersonalizeKitCli ...}, with
 * standard output and error collected line by line.
 */
final class CliProcess implements AutoCloseable {
    private final Process process;
    private final Lines out;
    private final Lines err;

    private CliProcess(Process process) {
        this.process = process;
        this.out = new Lines(process.getInputStream(), "stdout");
        this.err = new Lines(process.getErrorStream(), "stderr");
    }

    static CliProcess start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(PersonalizeKitCli.class.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        return new CliProcess(pb.start());
    }

    /** Waits for the process to end; returns its exit code. */
    int exitCode(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(
                    "the process did not end within " + timeout + "\nstdout:\n" + out + "\nstderr:\n" + err);
        }
        out.join();
        err.join();
        return process.exitValue();
    }

    /** Waits for a line of standard output that matches; returns it. */
    String awaitOut(Predicate<String> line, Duration timeout) throws InterruptedException {
        return out.await(line, timeout, this);
    }

    /** Waits for a line of standard error that matches; returns it. */
    String awaitErr(Predicate<String> line, Duration timeout) throws InterruptedException {
        return err.await(line, timeout, this);
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    /** Sends SIGINT, as Ctrl-C does. */
    void interrupt() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                .inheritIO()
                .start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -INT " + process.pid() + " failed");
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** The lines of one stream, read by a thread of their own. */
    private static final class Lines {
        private final List<String> lines = new ArrayList<>();
        private final Thread reader;

        Lines(InputStream in, String name) {
            reader = new Thread(
                    () -> {
                        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                            for (String l; (l = r.readLine()) != null; ) {
                                synchronized (this) {
                                    lines.add(l);
                                    notifyAll();
                                }
                            }
                        } catch (IOException e) {
                            // the process ended
                        } finally {
                            synchronized (this) {
                                notifyAll();
                            }
                        }
                    },
                    "cli-" + name);
            reader.setDaemon(true);
            reader.start();
        }

        synchronized String await(Predicate<String> line, Duration timeout, CliProcess p) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            for (int seen = 0; ; ) {
                for (; seen < lines.size(); seen++) {
                    if (line.test(lines.get(seen))) {
                        return lines.get(seen);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!reader.isAlive() && seen == lines.size())) {
                    throw new AssertionError(
                            "no such line within " + timeout + "\nstdout:\n" + p.out + "\nstderr:\n" + p.err);
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        void join() throws InterruptedException {
            reader.join(10_000);
        }

        @Override
        public synchronized String toString() {
            return String.join("\n", lines);
        }
    }
}
