package io.personalizekit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.personalizekit.pipeline.PipelinePlan;
import io.personalizekit.pipeline.PipelineResult;
import io.personalizekit.pipeline.PlannedStep;
import io.personalizekit.pipeline.StepOutcome;
import io.personalizekit.resource.Deployment;
import io.personalizekit.resource.ResourceType;
import java.io.PrintWriter;

/** Plans, results and deployments as JSON and as text. */
final class PipelineJson {
    private PipelineJson() {}

    static ObjectNode plan(PipelinePlan plan) {
        ObjectNode o = Output.object();
        o.put("upToDate", plan.isUpToDate());
        ArrayNode steps = o.putArray("steps");
        for (PlannedStep s : plan.steps()) {
            ObjectNode j = steps.addObject();
            j.put("step", s.step());
            j.put("resourceType", s.resourceType().name());
            j.put("name", s.name());
            s.arn().ifPresent(a -> j.put("arn", a));
            j.put("action", s.action().name());
            j.put("detail", s.detail());
        }
        plan.deployment().ifPresent(d -> o.set("deployment", deployment(d)));
        return o;
    }

    static ObjectNode result(PipelineResult result, boolean withDeployment) {
        ObjectNode o = Output.object();
        ArrayNode steps = o.putArray("steps");
        for (StepOutcome s : result.steps()) {
            ObjectNode j = steps.addObject();
            j.put("step", s.step());
            j.put("resourceType", s.resourceType().name());
            j.put("name", s.name());
            s.arn().ifPresent(a -> j.put("arn", a));
            j.put("action", s.action().name());
            j.put("status", s.status());
            j.put("durationMillis", s.duration().toMillis());
        }
        o.put("durationMillis", result.duration().toMillis());
        if (withDeployment) {
            o.set("deployment", deployment(result.deployment()));
        }
        return o;
    }

    static ObjectNode deployment(Deployment d) {
        ObjectNode o = Output.object();
        if (d.has(ResourceType.DATASET_GROUP)) {
            o.put("datasetGroup", d.datasetGroup().arn());
        }
        if (!d.datasets().isEmpty()) {
            ObjectNode ds = o.putObject("datasets");
            d.datasets().forEach((t, r) -> ds.put(t.name(), r.arn()));
        }
        if (d.has(ResourceType.SOLUTION)) {
            o.put("solution", d.solution().arn());
        }
        if (d.has(ResourceType.SOLUTION_VERSION)) {
            o.put("solutionVersion", d.solutionVersion().arn());
        }
        if (d.has(ResourceType.CAMPAIGN)) {
            o.put("campaign", d.campaign().arn());
        }
        if (!d.filters().isEmpty()) {
            ObjectNode fs = o.putObject("filters");
            d.filters().forEach((n, r) -> fs.put(n, r.arn()));
        }
        if (d.has(ResourceType.EVENT_TRACKER)) {
            o.put("eventTracker", d.eventTracker().arn());
            d.eventTracker().trackingId().ifPresent(t -> o.put("trackingId", t));
        }
        return o;
    }

    static void text(PipelineResult result, PrintWriter out) {
        for (StepOutcome s : result.steps()) {
            out.printf("  %-15s %-45s %s%n", s.action(), s.step(), s.status());
        }
        out.println("  done in " + Durations.human(result.duration()));
    }

    static void text(Deployment d, PrintWriter out) {
        deployment(d).fields().forEachRemaining(e -> {
            if (e.getValue().isObject()) {
                e.getValue()
                        .fields()
                        .forEachRemaining(f -> out.printf(
                                "  %-16s %s%n",
                                e.getKey() + " " + f.getKey(), f.getValue().asText()));
            } else {
                out.printf("  %-16s %s%n", e.getKey(), e.getValue().asText());
            }
        });
    }
}
