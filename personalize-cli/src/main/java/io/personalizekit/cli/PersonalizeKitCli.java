package io.personalizekit.cli;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code personalize-kit}, the command-line tool: the root command, its global options and the entry point.
 *
 * <p>Each subcommand is one class (a {@link CliCommand}) listed in this class's {@code @Command(subcommands =
 * ...)}; adding a command is adding a class and its entry there. {@link #commandLine()} builds the picocli
 * {@link CommandLine} with the tool's exit codes ({@link ExitCodes}) and error reporting, for tests and embedding:
 *
 * <pre>{@code
 * StringWriter out = new StringWriter();
 * CommandLine cli = PersonalizeKitCli.commandLine();
 * cli.setOut(new PrintWriter(out));
 * int exit = cli.execute("validate", "--schema", "items.schema.json", "items.csv");
 * }</pre>
 *
 * <p>Not thread-safe: one {@code CommandLine} runs one command at a time.
 */
@Command(
        name = "personalize-kit",
        mixinStandardHelpOptions = true,
        versionProvider = PersonalizeKitCli.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "personalize-kit on the command line: check CSVs, provision a pipeline, ask for recommendations,"
                    + " fill and serve the cache, and run personalize-local.",
            ""
        },
        subcommands = {
            ValidateCommand.class,
            ProfileCommand.class,
            PlanCommand.class,
            ApplyCommand.class,
            TeardownCommand.class,
            RecommendCommand.class,
            FetchCommand.class,
            ServeCommand.class,
            LocalCommand.class,
            CostCommand.class,
            CommandLine.HelpCommand.class
        },
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0    success",
            "  1    an unexpected error inside the tool (a bug)",
            "  2    bad input: usage, an invalid CSV, schema or pipeline file, a broken limit",
            "  3    a service failed: Personalize, S3 or Redis refused a call or was unreachable,",
            "       a resource failed, a wait timed out, a fetch left the cache incomplete",
            "  130  interrupted",
            "",
            "Credentials come from the AWS SDK's default chain (environment, profile, instance role).",
            "See docs/cli.md."
        })
public final class PersonalizeKitCli implements Runnable {
    @Mixin
    final GlobalOptions options = new GlobalOptions();

    @Spec
    @SuppressWarnings("NullAway.Init")
    CommandSpec spec;

    /** Whether the JVM is shutting down (Ctrl-C): then {@link #main} must not call {@code System.exit}. */
    private static final AtomicBoolean SHUTTING_DOWN = new AtomicBoolean();

    /** Only picocli instantiates the root command. */
    public PersonalizeKitCli() {}

    /**
     * Runs the tool and exits with its exit code ({@link ExitCodes}).
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        configureLogging(args);
        Thread main = Thread.currentThread();
        AtomicBoolean finished = new AtomicBoolean();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            if (finished.get()) {
                                return;
                            }
                            // Ctrl-C: stop the command's work (waits, fetches, servers) and let it report.
                            SHUTTING_DOWN.set(true);
                            main.interrupt();
                            try {
                                main.join(10_000);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "personalize-kit-interrupt"));
        int exit = commandLine().execute(args);
        finished.set(true);
        if (!SHUTTING_DOWN.get()) {
            System.exit(exit);
        }
    }

    /**
     * A picocli command line of the tool, with its exit codes and error reporting. Set its out and err writers to
     * capture what it prints.
     *
     * @return a new command line
     */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new PersonalizeKitCli());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler(PersonalizeKitCli::onError);
        cli.setParameterExceptionHandler(PersonalizeKitCli::onUsageError);
        return cli;
    }

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(), "name a command, for example: personalize-kit validate --help");
    }

    /** The output of the root's options, for error reporting before or after a command ran. */
    static Output output(CommandLine cli) {
        PersonalizeKitCli root = (PersonalizeKitCli) cli.getCommandSpec().root().userObject();
        GlobalOptions o = root.options;
        return new Output(cli.getOut(), cli.getErr(), o.output, o.quiet, o.verbose, o.progress);
    }

    private static int onError(Exception error, CommandLine cli, ParseResult parseResult) {
        int code = ExitCodes.of(error);
        Output out = output(cli);
        String message = code == ExitCodes.INTERRUPTED ? "interrupted" : message(error);
        out.error(message, code, kind(code));
        if (code == ExitCodes.SOFTWARE || out.verbose()) {
            error.printStackTrace(cli.getErr());
            cli.getErr().flush();
        }
        return code;
    }

    private static int onUsageError(ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        Output out = output(cli);
        out.error(e.getMessage(), ExitCodes.BAD_INPUT, kind(ExitCodes.BAD_INPUT));
        PrintWriter err = cli.getErr();
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
            err.println("Try '" + cli.getCommandSpec().qualifiedName() + " --help' for more information.");
        }
        err.flush();
        return ExitCodes.BAD_INPUT;
    }

    static String kind(int code) {
        return switch (code) {
            case ExitCodes.BAD_INPUT -> "bad-input";
            case ExitCodes.SERVICE_FAILURE -> "service-failure";
            case ExitCodes.INTERRUPTED -> "interrupted";
            default -> "internal-error";
        };
    }

    /** The message of a failure, with the causes that add something (the SDK's error behind a pipeline step). */
    static String message(Throwable error) {
        StringBuilder sb = new StringBuilder(String.valueOf(error.getMessage()));
        for (Throwable t = error.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && !sb.toString().contains(m)) {
                sb.append(": ").append(m);
            }
        }
        return sb.toString();
    }

    private static void configureLogging(String[] args) {
        String level = "warn";
        for (String a : args) {
            if (a.equals("-v") || a.equals("--verbose")) {
                level = "info";
            } else if (a.equals("-q") || a.equals("--quiet")) {
                level = "error";
            }
        }
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        }
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    }

    /** The tool's version, from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = PersonalizeKitCli.class.getPackage().getImplementationVersion();
            return new String[] {"personalize-kit " + (v == null ? "(development build)" : v)};
        }
    }
}
