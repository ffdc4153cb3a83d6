package io.personalizekit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Runs the tool in this JVM with captured standard output and error. */
final class Cli {
    static final ObjectMapper JSON = new ObjectMapper();

    private Cli() {}

    /** What one run printed and returned. */
    record Result(int exit, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("standard output is not one JSON document:\n" + out, e);
            }
        }
    }

    static Result run(String... args) {
        return run(new StringWriter(), args);
    }

    /** Runs with standard error going to {@code err} (a {@link Watch} to wait for a line). */
    static Result run(Writer err, String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = PersonalizeKitCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    static String[] concat(String[] a, String... b) {
        List<String> all = new ArrayList<>(Arrays.asList(a));
        all.addAll(Arrays.asList(b));
        return all.toArray(String[]::new);
    }

    /** The sample news data (personalize-cli/samples/news, on the test class path). */
    static Path news(String file) {
        try {
            return Path.of(Cli.class.getResource("/news/" + file).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A writer that counts down a latch once what was written matches a pattern. */
    static final class Watch extends Writer {
        private final StringBuffer text = new StringBuffer();
        private final Pattern pattern;
        final CountDownLatch seen = new CountDownLatch(1);

        Watch(String regex) {
            this.pattern = Pattern.compile(regex, Pattern.MULTILINE);
        }

        @Override
        public void write(char[] cbuf, int off, int len) {
            text.append(cbuf, off, len);
            if (seen.getCount() > 0 && pattern.matcher(text).find()) {
                seen.countDown();
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
