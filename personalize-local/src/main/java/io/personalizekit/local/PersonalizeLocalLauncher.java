package io.personalizekit.local;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code java -jar personalize-local-<version>-standalone.jar} entry point. Once both listeners are up it
 * prints exactly two lines, {@code Personalize endpoint: http://127.0.0.1:<port>} and
 * {@code S3 endpoint: http://127.0.0.1:<port>}, then runs until the process is stopped.
 *
 * <p>Options: {@code --port N}, {@code --s3-port N} (0 picks a free port), {@code --host ADDR},
 * {@code --data-dir DIR}, {@code --time-scale X}, {@code --region R}, {@code --account-id ID},
 * {@code --latency-ms [OP=]MS}, {@code --throttling-rate [OP=]RATE}, {@code --server-error-rate [OP=]RATE},
 * {@code --access-key ID:SECRET} (repeatable; turns on SigV4 checking), {@code --help}.
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
                + " [--throttling-rate [OP=]RATE] [--server-error-rate [OP=]RATE] [--access-key ID:SECRET]";
    }

    /** Parses options into an emulator (not started), or returns null after printing help. */
    static PersonalizeLocal parse(String[] args, PrintStream out) {
        PersonalizeLocal.Builder b = PersonalizeLocal.builder();
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
                    int colon = value.indexOf(':');
                    if (colon <= 0) {
                        throw new IllegalArgumentException("--access-key needs ID:SECRET");
                    }
                    b.accessKey(value.substring(0, colon), value.substring(colon + 1));
                    b.requireSignedRequests(true);
                }
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        return b.build();
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
