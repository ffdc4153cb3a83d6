package io.personalizekit.cli;

import io.personalizekit.local.PersonalizeLocalLauncher;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** {@code personalize-kit local}: starts personalize-local, the offline emulator, in this process. */
@Command(
        name = "local",
        description = {
            "Starts personalize-local, the offline emulator of the Personalize APIs with an S3 endpoint.",
            "Runs until stopped (Ctrl-C). Once both listeners are up it prints exactly two lines:",
            "  Personalize endpoint: http://127.0.0.1:<port>",
            "  S3 endpoint: http://127.0.0.1:<port>",
            "Its options are personalize-local's launcher's, passed through: --port N, --s3-port N (0: a free port,"
                    + " the default), --host ADDR, --data-dir DIR [--fsync], --time-scale X, --region R,"
                    + " --account-id ID, --latency-ms [OP=]MS, --throttling-rate [OP=]RATE, --server-error-rate"
                    + " [OP=]RATE, --access-key ID [--secret-key-file PATH], --s3-endpoint URL. See"
                    + " docs/local-emulator.md."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  personalize-kit local --port 4566 --s3-port 4567",
            "  personalize-kit local --data-dir ./emulator-state --server-error-rate GetRecommendations=0.1"
        })
final class LocalCommand implements Runnable {
    @Unmatched
    List<String> options = new ArrayList<>();

    @picocli.CommandLine.Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    boolean help;

    @Spec
    @SuppressWarnings("NullAway.Init")
    CommandSpec spec;

    @Override
    public void run() {
        List<String> args = new ArrayList<>(options);
        // --region is also a global option, which picocli takes first: hand it on to the emulator.
        String region = ((PersonalizeKitCli) spec.root().userObject()).options.region;
        if (region != null) {
            args.add("--region");
            args.add(region);
        }
        try {
            PersonalizeLocalLauncher.main(args.toArray(String[]::new)); // exits 2 on a bad option
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.INTERRUPTED, "interrupted");
        }
    }
}
