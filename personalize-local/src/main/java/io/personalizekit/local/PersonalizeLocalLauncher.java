package io.personalizekit.local;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code java -jar personalize-local-<version>-standalone.jar} entry point. Once both listeners are up it
 * prints exactly two lines, {@code Personalize endpoint: http://127.0.0.1:<port>} and
 * {@code S3 endpoint: http://127.0.0.1:<port>}, then runs until the process is stopped.
 *
 * <p>Options: {@code --port N}, {@code --s3-port N} (0 picks a free port), {@code --host ADDR},
 * {@code --data-dir DIR}, {@code --fsync} (force each write to the device), {@code --time-scale X},
 * {@code --region R}, {@code --account-id ID}, {@code --latency-ms [OP=]MS}, {@code --throttling-rate [OP=]RATE},
 * {@code --server-error-rate [OP=]RATE}, {@code --access-key ID} (repeatable; turns on SigV4 checking on both
 * endpoints) with the secret from {@code --secret-key-file PATH} or the {@code PERSONALIZE_LOCAL_SECRET_KEY}
 * environment variable, or {@code --access-key ID:SECRET} (visible to other users in {@code ps}; a warning says so),
 * {@code --s3-endpoint URL} (use an external S3-compatible endpoint instead of the embedded one; the second line then
 * prints it) with {@code --s3-access-key ID} and {@code --s3-secret-key-file PATH} (or {@code ID:SECRET}), or the
 * {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY} environment variables, {@code --help}.
 */
public final class PersonalizeLocalLauncher {
    /** The environment variable {@code --access-key ID} takes its secret from when no file is given. */
    static final String SECRET_KEY_ENV = "PERSONALIZE_LOCAL_SECRET_KEY";

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
                + " [--data-dir DIR [--fsync]] [--time-scale X] [--region R] [--account-id ID] [--latency-ms [OP=]MS]"
                + " [--throttling-rate [OP=]RATE] [--server-error-rate [OP=]RATE]"
                + " [--access-key ID [--secret-key-file PATH]] (or $" + SECRET_KEY_ENV + ", or ID:SECRET)"
                + " [--s3-endpoint URL [--s3-access-key ID [--s3-secret-key-file PATH]]]";
    }

    /** Parses options into an emulator (not started), or returns null after printing help. */
    static PersonalizeLocal parse(String[] args, PrintStream out) {
        return parse(args, out, System.getenv());
    }

    /** As {@link #parse(String[], PrintStream)}, reading secrets from {@code env} when not given. */
    static PersonalizeLocal parse(String[] args, PrintStream out, Map<String, String> env) {
        return parse(args, out, System.err, env);
    }

    /**
     * Parses options into an emulator (not started), or returns null after printing help to {@code out}; warnings
     * (a secret on the command line) go to {@code err}, secrets not given come from {@code env}.
     */
    static PersonalizeLocal parse(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        PersonalizeLocal.Builder b = PersonalizeLocal.builder();
        String s3Endpoint = null;
        String s3KeyOption = null;
        Path secretFile = null;
        Path s3SecretFile = null;
        List<String> accessKeys = new ArrayList<>();
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
            if (arg.equals("--fsync")) {
                b.fsyncEachWrite(value == null || Boolean.parseBoolean(value));
                continue;
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
                case "--access-key" -> accessKeys.add(value);
                case "--secret-key-file" -> secretFile = Path.of(value);
                case "--s3-endpoint" -> s3Endpoint = value;
                case "--s3-access-key" -> s3KeyOption = value;
                case "--s3-secret-key-file" -> s3SecretFile = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (accessKeys.isEmpty() && secretFile != null) {
            throw new IllegalArgumentException("--secret-key-file is the secret of --access-key ID; give one");
        }
        String sharedSecret =
                secretFile != null ? readSecret("--secret-key-file", secretFile) : env.get(SECRET_KEY_ENV);
        for (String key : accessKeys) {
            String[] idSecret = key.indexOf(':') >= 0 ? idSecret("--access-key", key) : null;
            if (idSecret != null) {
                warnVisible(err, "--access-key", "--secret-key-file PATH or $" + SECRET_KEY_ENV);
                b.accessKey(idSecret[0], idSecret[1]);
            } else if (key.isEmpty()) {
                throw new IllegalArgumentException("--access-key needs an access key id");
            } else if (sharedSecret == null || sharedSecret.isEmpty()) {
                throw new IllegalArgumentException(
                        "--access-key " + key + " needs its secret: --secret-key-file PATH," + " the " + SECRET_KEY_ENV
                                + " environment variable, or --access-key ID:SECRET (visible in ps)");
            } else {
                b.accessKey(key, sharedSecret);
            }
            b.requireSignedRequests(true);
        }
        if (s3Endpoint != null) {
            String[] s3Key;
            if (s3KeyOption != null && s3KeyOption.indexOf(':') >= 0) {
                s3Key = idSecret("--s3-access-key", s3KeyOption);
                warnVisible(err, "--s3-access-key", "--s3-secret-key-file PATH or $AWS_SECRET_ACCESS_KEY");
            } else {
                String id = s3KeyOption != null ? s3KeyOption : env.get("AWS_ACCESS_KEY_ID");
                String secret = s3SecretFile != null
                        ? readSecret("--s3-secret-key-file", s3SecretFile)
                        : env.get("AWS_SECRET_ACCESS_KEY");
                if (id == null || id.isEmpty() || secret == null || secret.isEmpty()) {
                    throw new IllegalArgumentException("--s3-endpoint needs credentials: --s3-access-key ID with"
                            + " --s3-secret-key-file PATH, or the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
                            + " environment variables, or --s3-access-key ID:SECRET (visible in ps)");
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
        } else if (s3KeyOption != null || s3SecretFile != null) {
            throw new IllegalArgumentException(
                    "--s3-access-key and --s3-secret-key-file are only used with --s3-endpoint");
        }
        try {
            return b.build();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static void warnVisible(PrintStream err, String option, String instead) {
        err.println("personalize-local: warning: " + option + " ID:SECRET puts the secret on the command line, where"
                + " other users of this machine can read it (ps, /proc); prefer " + instead);
    }

    /** The secret in a file: its content without surrounding whitespace (a trailing newline, typically). */
    private static String readSecret(String option, Path file) {
        String secret;
        try {
            secret = Files.readString(file).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " " + file + ": cannot read it (" + e + ")");
        }
        if (secret.isEmpty()) {
            throw new IllegalArgumentException(option + " " + file + ": the file is empty");
        }
        return secret;
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
