package io.personalizekit.local.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The create lifecycle of one resource or update: {@code CREATE PENDING} for the first fifth of its duration, then
 * {@code CREATE IN_PROGRESS} until the duration has elapsed <em>and</em> its work (import, training, ...) has
 * finished, then {@code ACTIVE} or {@code CREATE FAILED}. Status is computed from the clock when read, so nothing
 * ticks in the background and an injected clock drives it deterministically.
 */
final class Lifecycle {
    private final Clock clock;
    private final Instant created;
    private final Instant pendingUntil;
    private final Instant readyAt;
    private final Style style;
    private final CompletableFuture<@Nullable String> work;
    private volatile @Nullable Instant workDoneAt;
    private volatile @Nullable String stoppedReason;
    /** When a stop was asked for, and when it is over (later than that only when the work was in progress). */
    private volatile @Nullable Instant stoppedAt;

    private volatile @Nullable Instant stoppedUntil;

    /** The status names a kind of resource goes through. */
    enum Style {
        /** {@code CREATE PENDING > CREATE IN_PROGRESS > ACTIVE -or- CREATE FAILED}: resources and most jobs. */
        RESOURCE("CREATE PENDING", "CREATE IN_PROGRESS", "ACTIVE", "CREATE FAILED"),
        /** {@code PENDING > IN PROGRESS > ACTIVE -or- CREATE FAILED}: batch inference and batch segment jobs. */
        BATCH("PENDING", "IN PROGRESS", "ACTIVE", "CREATE FAILED"),
        /** {@code PENDING > IN_PROGRESS > COMPLETED -or- FAILED}: data deletion jobs. */
        DELETION("PENDING", "IN_PROGRESS", "COMPLETED", "FAILED");

        final String pending;
        final String inProgress;
        final String done;
        final String failed;

        Style(String pending, String inProgress, String done, String failed) {
            this.pending = pending;
            this.inProgress = inProgress;
            this.done = done;
            this.failed = failed;
        }
    }

    /**
     * @param work completes with {@code null} on success, or with the failure reason
     * @param batchStyle batch jobs report {@code PENDING} / {@code IN PROGRESS}
     */
    Lifecycle(Clock clock, Duration duration, CompletableFuture<@Nullable String> work, boolean batchStyle) {
        this(clock, duration, work, batchStyle ? Style.BATCH : Style.RESOURCE);
    }

    /**
     * @param work completes with {@code null} on success, or with the failure reason
     * @param style the status names
     */
    Lifecycle(Clock clock, Duration duration, CompletableFuture<@Nullable String> work, Style style) {
        this.clock = clock;
        this.created = clock.instant();
        this.pendingUntil = created.plus(duration.dividedBy(5));
        this.readyAt = created.plus(duration);
        this.style = style;
        this.work = work;
        work.whenComplete((r, e) -> workDoneAt = clock.instant());
    }

    static Lifecycle immediate(Clock clock, Duration duration) {
        return new Lifecycle(clock, duration, CompletableFuture.completedFuture(null), false);
    }

    Instant created() {
        return created;
    }

    CompletableFuture<@Nullable String> work() {
        return work;
    }

    private boolean done(Instant now) {
        return !now.isBefore(readyAt) && work.isDone();
    }

    String status() {
        Instant now = clock.instant();
        if (stoppedReason != null) {
            Instant until = stoppedUntil;
            return until != null && now.isBefore(until) ? "CREATE STOPPING" : "CREATE STOPPED";
        }
        if (now.isBefore(pendingUntil)) {
            return style.pending;
        }
        if (!done(now)) {
            return style.inProgress;
        }
        return failureReason() == null ? style.done : style.failed;
    }

    /** @return whether the work succeeded and its time is over ({@code ACTIVE}, or {@code COMPLETED}) */
    boolean isActive() {
        return style.done.equals(status());
    }

    boolean isTerminal() {
        String s = status();
        return s.equals(style.done) || s.equals(style.failed) || s.equals("CREATE STOPPED");
    }

    /** The end of the create lifecycle's nominal duration. */
    Instant readyAt() {
        return readyAt;
    }

    /** @return the failure reason once the work has failed and the lifecycle has reached its end */
    @Nullable
    String failureReason() {
        if (!work.isDone() || clock.instant().isBefore(readyAt)) {
            return null;
        }
        try {
            return work.getNow(null);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return "Internal error: " + cause.getMessage();
        }
    }

    Instant lastUpdated() {
        Instant now = clock.instant();
        Instant stopped = stoppedAt;
        Instant until = stoppedUntil;
        if (stopped != null && until != null) {
            return now.isBefore(until) ? stopped : until;
        }
        if (now.isBefore(pendingUntil)) {
            return created;
        }
        if (!done(now)) {
            return pendingUntil;
        }
        Instant w = workDoneAt;
        return w != null && w.isAfter(readyAt) ? w : readyAt;
    }

    /**
     * Stops the creation, as StopSolutionVersionCreation does: from {@code CREATE PENDING} straight to {@code CREATE
     * STOPPED}; from {@code CREATE IN_PROGRESS} through {@code CREATE STOPPING} (a tenth of the duration) to {@code
     * CREATE STOPPED}.
     */
    void stop() {
        if (!isTerminal() && stoppedReason == null) {
            Instant now = clock.instant();
            boolean inProgress = !now.isBefore(pendingUntil);
            stoppedAt = now;
            stoppedUntil =
                    inProgress ? now.plus(Duration.between(created, readyAt).dividedBy(10)) : now;
            stoppedReason = "stopped";
            work.cancel(true);
        }
    }

    /** @return whether the creation was stopped (it is {@code CREATE STOPPING} or {@code CREATE STOPPED}) */
    boolean isStopped() {
        return stoppedReason != null;
    }
}
