package io.personalizekit.exception;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A step of a pipeline run (or teardown) failed. Carries the step's name and, when known, the ARN of the resource
 * it was working on; the cause is the original exception (an SDK exception keeps its request id).
 */
public class PipelineStepException extends PersonalizeKitException {
    private static final long serialVersionUID = 1L;

    private final String step;
    private final @Nullable String arn;

    /**
     * Creates the exception.
     *
     * @param step the step's name, for example {@code "import interactions"}
     * @param arn the resource's ARN, or {@code null} when the failure came before one existed
     * @param message the explanation
     * @param cause the original failure
     */
    public PipelineStepException(String step, @Nullable String arn, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.step = step;
        this.arn = arn;
    }

    /**
     * The step that failed.
     *
     * @return the step name
     */
    public String step() {
        return step;
    }

    /**
     * The ARN of the resource the step was working on.
     *
     * @return the ARN, or empty when none existed yet
     */
    public Optional<String> arn() {
        return Optional.ofNullable(arn);
    }
}
