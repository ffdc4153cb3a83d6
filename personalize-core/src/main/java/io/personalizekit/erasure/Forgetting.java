package io.personalizekit.erasure;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * When the models will have forgotten erased users. A data deletion job removes their data from the datasets, but a
 * solution version trained before keeps what it learned until a version trained after the job replaces it (and the
 * campaign serves that version). Immutable.
 *
 * @param state which case applies
 * @param solutionArn the solution looked at, if one was given
 * @param solutionVersionArn the version trained after the job, for {@link State#RETRAINED}
 * @param latest the latest time an automatic training starts after the job, for {@link State#AUTO_TRAINING}
 * @param schedule the solution's auto-training schedule, for {@link State#AUTO_TRAINING}
 */
public record Forgetting(
        State state,
        @Nullable String solutionArn,
        @Nullable String solutionVersionArn,
        @Nullable Instant latest,
        @Nullable String schedule) {

    /** Which case applies. */
    public enum State {
        /** A solution version created after the job completed exists: it does not know the users. */
        RETRAINED,
        /** The solution trains automatically: the next version, started by {@link #latest()}, will not know them. */
        AUTO_TRAINING,
        /** No automatic training: the models know the users until you train a new solution version. */
        NEEDS_RETRAIN,
        /** No solution was given, so nothing was looked at. */
        UNKNOWN
    }

    /**
     * Checks the values.
     *
     * @param state which case applies
     * @param solutionArn the solution looked at, if one was given
     * @param solutionVersionArn the version trained after the job, for {@link State#RETRAINED}
     * @param latest the latest time an automatic training starts after the job, for {@link State#AUTO_TRAINING}
     * @param schedule the solution's auto-training schedule, for {@link State#AUTO_TRAINING}
     */
    public Forgetting {
        Objects.requireNonNull(state, "state");
    }

    /**
     * The latest time an automatic training starts after the job (the job's completion plus the schedule's
     * interval); the new version then still has to train and be served.
     *
     * @return the time, for {@link State#AUTO_TRAINING}
     */
    public Optional<Instant> latestAutoTraining() {
        return Optional.ofNullable(latest);
    }

    /**
     * One line for people: what the state means for the erased users.
     *
     * @return the description
     */
    public String describe() {
        if (state == State.RETRAINED) {
            return "forgotten by solution version " + solutionVersionArn
                    + ", trained after the deletion (campaigns must serve it)";
        }
        if (state == State.AUTO_TRAINING) {
            return "forgotten by the next automatic training of " + solutionArn + " (" + schedule
                    + "), which starts by " + latest + "; older versions still know them";
        }
        if (state == State.NEEDS_RETRAIN) {
            return "still known to the trained models of " + solutionArn
                    + ", which has no automatic training: train a new solution version to forget them";
        }
        return "no solution given: every solution of the dataset group must train a new version";
    }
}
