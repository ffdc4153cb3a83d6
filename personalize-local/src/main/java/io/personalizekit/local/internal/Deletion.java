package io.personalizekit.local.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The delete phase of one resource: {@code DELETE PENDING} for the first fifth of its duration, then (for the kinds
 * that have it) {@code DELETE IN_PROGRESS}, then gone (Describe answers {@code ResourceNotFoundException}). Computed
 * from the clock when read, like {@link Lifecycle}. Immutable; thread-safe.
 */
final class Deletion {
    private final Clock clock;
    private final Instant started;
    private final Instant inProgressAt;
    private final Instant goneAt;
    private final boolean inProgressPhase;

    /**
     * @param duration how long until the resource is gone
     * @param inProgressPhase whether {@code DELETE IN_PROGRESS} follows {@code DELETE PENDING} (dataset groups stay
     *     {@code DELETE PENDING} to the end, as the service documents)
     */
    Deletion(Clock clock, Duration duration, boolean inProgressPhase) {
        this.clock = clock;
        this.started = clock.instant();
        this.inProgressAt = started.plus(duration.dividedBy(5));
        this.goneAt = started.plus(duration);
        this.inProgressPhase = inProgressPhase;
    }

    String status() {
        return !inProgressPhase || clock.instant().isBefore(inProgressAt) ? "DELETE PENDING" : "DELETE IN_PROGRESS";
    }

    boolean isGone() {
        return !clock.instant().isBefore(goneAt);
    }

    Instant lastUpdated() {
        return !inProgressPhase || clock.instant().isBefore(inProgressAt) ? started : inProgressAt;
    }
}
