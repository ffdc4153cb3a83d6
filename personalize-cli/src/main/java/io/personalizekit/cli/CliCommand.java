package io.personalizekit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The base of every subcommand: it opens a {@link Session} from the global options, runs the command, and
 * closes the session's clients. A subcommand returns its exit code, or throws and lets {@link ExitCodes} map the
 * failure.
 */
abstract class CliCommand implements Callable<Integer> {
    @Spec
    @SuppressWarnings("NullAway.Init")
    CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        PersonalizeKitCli root = (PersonalizeKitCli) spec.root().userObject();
        Output output = PersonalizeKitCli.output(spec.commandLine());
        try (Session session = new Session(root.options, output)) {
            return run(session);
        } finally {
            output.progress().finish();
        }
    }

    /**
     * Runs the command.
     *
     * @param session the options, output and clients
     * @return the exit code
     * @throws Exception a failure, mapped by {@link ExitCodes#of}
     */
    abstract int run(Session session) throws Exception;
}
