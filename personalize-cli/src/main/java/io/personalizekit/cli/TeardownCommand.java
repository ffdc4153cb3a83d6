package io.personalizekit.cli;

import io.personalizekit.pipeline.PipelineResult;
import io.personalizekit.pipeline.PipelineSpec;
import io.personalizekit.pipeline.Teardown;
import io.personalizekit.waiter.ResourceWaiter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code personalize-kit teardown}: deletes what a pipeline describes, campaigns first. */
@Command(
        name = "teardown",
        mixinStandardHelpOptions = true,
        description = {
            "Deletes everything a pipeline describes, in dependency order, waiting for each deletion: campaigns"
                    + " first (they bill by the hour), then solutions and their versions, filters, the event"
                    + " tracker, datasets, schemas not used elsewhere and the dataset group.",
            "Safe to re-run: what is gone is skipped (ALREADY_GONE)."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  personalize-kit teardown news-pipeline.json",
            "  personalize-kit --endpoint-url http://127.0.0.1:4566 --poll-interval 100ms teardown news-pipeline.json"
        })
final class TeardownCommand extends CliCommand {
    @Mixin
    final PipelineOptions pipeline = new PipelineOptions();

    @Override
    int run(Session session) {
        PipelineSpec spec = pipeline.spec();
        Output out = session.output();
        ResourceWaiter waiter = session.waiter();
        PipelineResult result;
        try (Teardown teardown = Teardown.builder()
                .personalizeClient(session.personalize())
                .waiter(waiter)
                .listener(new PipelineProgress(out, "teardown", 0))
                .build()) {
            result = teardown.run(spec);
        }
        out.result(PipelineJson.result(result, false), w -> PipelineJson.text(result, w));
        return ExitCodes.OK;
    }
}
