package io.personalizekit.benchmarks.local;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Runs {@code wrk} with a GetRecommendations body per request (random seed item) and reads its summary. */
final class Wrk {
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern P50 = Pattern.compile("\\n\\s+50%\\s+(\\S+)");
    private static final Pattern P99 = Pattern.compile("\\n\\s+99%\\s+(\\S+)");

    private Wrk() {}

    /** A wrk run's figures. */
    record Result(double requestsPerSecond, String p50, String p99) {}

    static @Nullable String find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "wrk");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    /** Two seconds of the same load, unmeasured (connections, JIT). */
    static void warmUp(String wrk, URI endpoint, String campaignArn, int threads)
            throws IOException, InterruptedException {
        Path script = script(campaignArn);
        try {
            exec(List.of(wrk, "-t" + threads, "-c" + threads, "-d2s", "-s", script.toString(), endpoint.toString()));
        } finally {
            Files.deleteIfExists(script);
        }
    }

    static Result run(String wrk, URI endpoint, String campaignArn, int threads, int seconds)
            throws IOException, InterruptedException {
        Path script = script(campaignArn);
        try {
            String out = exec(List.of(
                    wrk,
                    "-t" + threads,
                    "-c" + threads,
                    "-d" + seconds + "s",
                    "--latency",
                    "-s",
                    script.toString(),
                    endpoint.toString()));
            Matcher rate = RATE.matcher(out);
            if (!rate.find()) {
                throw new IllegalStateException("No Requests/sec in wrk's output:\n" + out);
            }
            Matcher p50 = P50.matcher(out);
            Matcher p99 = P99.matcher(out);
            return new Result(
                    Double.parseDouble(rate.group(1)),
                    p50.find() ? p50.group(1) : "?",
                    p99.find() ? p99.group(1) : "?");
        } finally {
            Files.deleteIfExists(script);
        }
    }

    /** A GetRecommendations request per call, with a random seed item. */
    private static Path script(String campaignArn) throws IOException {
        Path script = Files.createTempFile("getrecommendations", ".lua");
        Files.writeString(
                script,
                "wrk.method = \"POST\"\n"
                        + "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
                        + "request = function()\n"
                        + "  local body = '{\"campaignArn\":\"" + campaignArn + "\",\"itemId\":\"i' .. "
                        + "math.random(0, 49999) .. '\",\"numResults\":25}'\n"
                        + "  return wrk.format(nil, \"/recommendations\", nil, body)\n"
                        + "end\n",
                StandardCharsets.UTF_8);
        return script;
    }

    private static String exec(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
        }
        return out;
    }
}
