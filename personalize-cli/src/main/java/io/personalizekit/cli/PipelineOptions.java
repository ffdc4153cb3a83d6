package io.personalizekit.cli;

import io.personalizekit.pipeline.PipelineSpec;
import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/** The pipeline JSON file {@code plan}, {@code apply} and {@code teardown} take. */
final class PipelineOptions {
    @Parameters(
            index = "0",
            paramLabel = "PIPELINE",
            description = "The pipeline spec (JSON), as PipelineSpec.fromJson reads it; see docs/pipeline.md.")
    @SuppressWarnings("NullAway.Init")
    Path file;

    PipelineSpec spec() {
        return InputFiles.pipeline(file);
    }
}
