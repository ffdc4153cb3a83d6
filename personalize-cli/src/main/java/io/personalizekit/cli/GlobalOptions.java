package io.personalizekit.cli;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The options every command takes (before or after the command's name). */
final class GlobalOptions {
    @Option(
            names = "--endpoint-url",
            paramLabel = "URL",
            scope = ScopeType.INHERIT,
            description = "The Personalize endpoint (control plane and runtime): personalize-local's, e.g."
                    + " http://127.0.0.1:4566, or a VPC endpoint. Default: AWS's for the region.")
    @Nullable
    URI endpointUrl;

    @Option(
            names = "--s3-endpoint-url",
            paramLabel = "URL",
            scope = ScopeType.INHERIT,
            description = "The S3 endpoint for uploads (path-style when given): personalize-local's second port."
                    + " Default: AWS's.")
    @Nullable
    URI s3EndpointUrl;

    @Option(
            names = "--region",
            paramLabel = "REGION",
            scope = ScopeType.INHERIT,
            description = "The AWS region. Default: the SDK's chain (AWS_REGION, the profile), else us-east-1 when"
                    + " --endpoint-url is given.")
    @Nullable
    String region;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            scope = ScopeType.INHERIT,
            description = "text (default) or json: one JSON document per command on standard output.")
    OutputFormat output = OutputFormat.TEXT;

    @Option(
            names = {"-q", "--quiet"},
            scope = ScopeType.INHERIT,
            description = "No progress and no notes on standard error; errors only.")
    boolean quiet;

    @Option(
            names = {"-v", "--verbose"},
            scope = ScopeType.INHERIT,
            description = "More detail, and the library's INFO log on standard error.")
    boolean verbose;

    @Option(
            names = "--progress",
            paramLabel = "MODE",
            scope = ScopeType.INHERIT,
            description = "auto (default: a bar on a terminal, lines otherwise), bar, lines or none.")
    ProgressMode progress = ProgressMode.AUTO;

    @Option(
            names = "--poll-interval",
            paramLabel = "DURATION",
            scope = ScopeType.INHERIT,
            converter = DurationConverter.class,
            description = "How often waits poll a resource's status, e.g. 200ms or 30s. Default: per resource type,"
                    + " tuned for AWS (15 s to 2 min). Use 100ms against personalize-local.")
    @Nullable
    Duration pollInterval;
}
