package io.personalizekit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.personalizekit.pipeline.PipelineOrchestrator;
import io.personalizekit.pipeline.PipelinePlan;
import io.personalizekit.pipeline.PipelineSpec;
import io.personalizekit.pipeline.PlannedStep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code personalize-kit plan}: what {@code apply} would do, with List and Describe calls only. */
@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        description = {
            "Shows what 'apply' would do for each resource of a pipeline (CREATE, REUSE, AWAIT or UPDATE), making"
                    + " only List* and Describe* calls: nothing is created, nothing is billed.",
            "When everything exists, also shows the deployment (the ARNs)."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  personalize-kit plan news-pipeline.json",
            "  personalize-kit --endpoint-url http://127.0.0.1:4566 plan news-pipeline.json -o json"
        })
final class PlanCommand extends CliCommand {
    @Mixin
    final PipelineOptions pipeline = new PipelineOptions();

    @Override
    int run(Session session) {
        PipelineSpec spec = pipeline.spec();
        PipelinePlan plan;
        try (PipelineOrchestrator orchestrator = PipelineOrchestrator.builder()
                .personalizeClient(session.personalize())
                .build()) {
            plan = orchestrator.plan(spec);
        }
        ObjectNode json = PipelineJson.plan(plan);
        session.output().result(json, out -> {
            for (PlannedStep s : plan.steps()) {
                out.printf("  %-7s %-45s %s%n", s.action(), s.step(), s.detail());
            }
            out.println(
                    plan.isUpToDate()
                            ? "  up to date: apply would change nothing"
                            : "  "
                                    + plan.steps().stream()
                                            .filter(s -> s.action() != io.personalizekit.pipeline.PlannedAction.REUSE)
                                            .count()
                                    + " of " + plan.steps().size() + " steps would change something");
            plan.deployment().ifPresent(d -> PipelineJson.text(d, out));
        });
        return ExitCodes.OK;
    }
}
