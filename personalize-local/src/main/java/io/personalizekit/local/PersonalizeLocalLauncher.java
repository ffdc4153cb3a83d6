package io.personalizekit.local;

import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code java -jar personalize-local-<version>-standalone.jar} entry point. Once both listeners are up it
 * prints exactly two lines, {@code Personalize endpoint: http://127.0.0.1:<port>} and
 * {@code S3 endpoint: http://127.0.0.1:<port>}, then runs until the process is stopped.
 *
 * <p>Options: {@code --port N}, {@code --s3-port N} (0 picks a free port), {@code --host ADDR},
 * {@code --data-dir DIR}, {@code --time-scale X}, {@code --region R}, {@code --account-id ID},
 * {@code --latency-ms [OP=]MS}, {@code --throttling-rate [OP=]RATE}, {@code --server-error-rate [OP=]RATE},
 * {@code --access-key ID:SECRET} (repeatable; turns on SigV4 checking), {@code --s3-endpoint URL} (use an external
 * S3-compatible endpoint instead of the embedded one; the second line then prints it) with
 * {@code --s3-access-key ID:SECRET} or, without it, the {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY}
 * environment variables, {@code --help}.
 */
public final class PersonalizeLocalLauncher {
    private PersonalizeLocalLauncher() {}

    /**
     * Starts the emulator with the given options.
     *
     * @param args command-line options
     * @throws InterruptedException when interrupted while running
     */
    public static void main(String[] args) throws InterruptedException {
        PersonalizeLocal local;
        try {
            local = parse(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("personalize-local: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        if (local == null) {
            return;
        }
        local.start();
        Runtime.getRuntime().addShutdownHook(new Thread(local::stop, "personalize-local-shutdown"));
        System.out.println("Personalize endpoint: " + local.endpoint());
        System.out.println("S3 endpoint: " + local.s3Endpoint());
        System.out.flush();
        new CountDownLatch(1).await();
    }

    static String usage() {
        return "usage: java -jar personalize-local-standalone.jar [--port N] [--s3-port N] [--host ADDR]"
                + " [--data-dir DIR] [--time-scale X] [--region R] [--account-id ID] [--latency-ms [OP=]MS]"
                + " [--throttling-rate [OP=]RATE] [--server-error-rate [OP=]RATE] [--access-key ID:SECRET]"
                + " [--s3-endpoint URL [--s3-access-key ID:SECRET]]";
    }

    /** Parses options into an emulator (not started), or returns null after printing help. */
    static PersonalizeLocal parse(String[] args, PrintStream out) {
        return parse(args, out, System.getenv());
    }

    /** As {@link #parse(String[], PrintStream)}, reading S3 credentials from {@code env} when not given. */
    static PersonalizeLocal parse(String[] args, PrintStream out, Map<String, String> env) {
        PersonalizeLocal.Builder b = PersonalizeLocal.builder();
        String s3Endpoint = null;
        String[] s3Key = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            if (arg.equals("--help") || arg.equals("-h")) {
                out.println(usage());
                return null;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + arg);
                }
                value = args[++i];
            }
            switch (arg) {
                case "--port" -> b.port(intValue(arg, value));
                case "--s3-port" -> b.s3Port(intValue(arg, value));
                case "--host" -> b.host(value);
                case "--data-dir" -> b.dataDir(Path.of(value));
                case "--time-scale" -> b.timeScale(doubleValue(arg, value));
                case "--region" -> b.region(value);
                case "--account-id" -> b.accountId(value);
                case "--latency-ms" -> {
                    String[] kv = opValue(value);
                    b.latency(kv[0], Duration.ofMillis(intValue(arg, kv[1])));
                }
                case "--throttling-rate" -> {
                    String[] kv = opValue(value);
                    b.throttlingRate(kv[0], doubleValue(arg, kv[1]));
                }
                case "--server-error-rate" -> {
                    String[] kv = opValue(value);
                    b.serverErrorRate(kv[0], doubleValue(arg, kv[1]));
                }
                case "--access-key" -> {
                    String[] key = idSecret(arg, value);
                    b.accessKey(key[0], key[1]);
                    b.requireSignedRequests(true);
                }
                case "--s3-endpoint" -> s3Endpoint = value;
                case "--s3-access-key" -> s3Key = idSecret(arg, value);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (s3Endpoint != null) {
            if (s3Key == null) {
                String id = env.get("AWS_ACCESS_KEY_ID");
                String secret = env.get("AWS_SECRET_ACCESS_KEY");
                if (id == null || id.isEmpty() || secret == null || secret.isEmpty()) {
                    throw new IllegalArgumentException("--s3-endpoint needs credentials: --s3-access-key ID:SECRET,"
                            + " or the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY environment variables");
                }
                s3Key = new String[] {id, secret};
            }
            URI endpoint;
            try {
                endpoint = new URI(s3Endpoint);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("--s3-endpoint needs a URL: " + s3Endpoint);
            }
            b.externalS3(endpoint, s3Key[0], s3Key[1]);
        } else if (s3Key != null) {
            throw new IllegalArgumentException("--s3-access-key is only used with --s3-endpoint");
        }
        try {
            return b.build();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static String[] idSecret(String option, String value) {
        int colon = value.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(option + " needs ID:SECRET");
        }
        return new String[] {value.substring(0, colon), value.substring(colon + 1)};
    }

    private static String[] opValue(String value) {
        int eq = value.indexOf('=');
        return eq < 0 ? new String[] {"*", value} : new String[] {value.substring(0, eq), value.substring(eq + 1)};
    }

    private static int intValue(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs an integer: " + value);
        }
    }

    private static double doubleValue(String option, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number: " + value);
        }
    }
}
