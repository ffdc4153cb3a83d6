package io.personalizekit.cli;

import io.personalizekit.pipeline.PipelineListener;
import io.personalizekit.pipeline.StepOutcome;
import io.personalizekit.resource.ResourceRef;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Shows a pipeline run or teardown: a line per step started and completed, a line when an awaited resource's
 * status changes, and on a terminal a bar of the steps done with the current step's status.
 */
final class PipelineProgress implements PipelineListener {
    private final Output output;
    private final String task;
    private final int total;
    private int done;
    private String lastStatus = "";

    PipelineProgress(Output output, String task, int total) {
        this.output = output;
        this.task = task;
        this.total = total;
    }

    @Override
    public void onStepStarted(String step) {
        lastStatus = "";
        output.note(counter(done + 1) + " " + step + " ...");
        bar(step);
    }

    @Override
    public void onStatusPolled(String step, ResourceRef resource, String rawStatus, int attempt, Duration elapsed) {
        if (!rawStatus.equals(lastStatus)) {
            lastStatus = rawStatus;
            output.note("        " + step + ": " + rawStatus);
        }
        bar(step + ": " + rawStatus + " (" + Durations.human(elapsed) + ")");
    }

    @Override
    public void onQuotaWait(String step, String message, Duration delay) {
        output.note("        " + step + ": at the service's quota, retrying in " + Durations.human(delay) + " ("
                + message + ")");
    }

    @Override
    public void onStepCompleted(StepOutcome outcome) {
        done++;
        String status = outcome.status().equals(outcome.action().name()) ? "" : " " + outcome.status();
        output.note(String.format(
                Locale.ROOT,
                "%s %s: %s%s in %s",
                counter(done),
                outcome.step(),
                outcome.action(),
                status,
                Durations.human(outcome.duration())));
        bar("");
    }

    /** The bar on a terminal; in lines mode the step lines above say it all. */
    private void bar(String detail) {
        if (output.progress().mode() == ProgressMode.BAR) {
            output.progress().update(task, done, Math.max(total, done), detail);
        }
    }

    private String counter(int n) {
        return total > 0 ? "[" + n + "/" + total + "]" : "[" + n + "]";
    }

    @Override
    public void onStepFailed(String step, @Nullable String arn, Throwable cause) {
        output.note("        " + step + ": FAILED" + (arn == null ? "" : " (" + arn + ")"));
    }
}
