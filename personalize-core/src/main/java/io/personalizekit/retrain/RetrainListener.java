package io.personalizekit.retrain;

/**
 * Hears a {@link RetrainingLoop} run's progress. Called on the running thread; an exception thrown here stops the run
 * where it is, as a crash would (the next run with the same run id resumes). All methods do nothing by default.
 */
public interface RetrainListener {
    /**
     * A step starts.
     *
     * @param step the step
     * @param detail what it is about to do, in a few words
     */
    default void onStepStarted(RetrainStep step, String detail) {}

    /**
     * A step finished.
     *
     * @param step the step
     * @param detail what it did, for example {@code "trained arn:...:solution/news/5e6f7a8b"} or {@code "reused
     *     ..."}
     */
    default void onStepCompleted(RetrainStep step, String detail) {}
}
