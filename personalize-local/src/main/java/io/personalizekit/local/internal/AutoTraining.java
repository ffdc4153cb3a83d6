package io.personalizekit.local.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Automatic training, on the service's schedule scaled by the time scale: a solution with {@code
 * performAutoTraining} (the default) gets its first automatic version one hour after it became ACTIVE (or after the
 * UpdateSolution that set its schedule became ACTIVE), skipped when a version was created within that hour, then one
 * every {@code rate(N days)} (7 by default), each only when its dataset group's data changed since the solution's
 * latest version and no version of it is in progress. Automatic versions have {@code trainingMode AUTOTRAIN} and
 * {@code trainingType AUTOMATIC}.
 *
 * <p>Schedules are evaluated on the emulator's clock by {@link #tick()}, which a daemon thread calls every few
 * milliseconds and every control-plane request calls first, so an injected clock moved forward takes effect at the
 * next request. At time scale 0 every tick is due: a solution retrains as soon as new data arrived and no training
 * of it runs. Other schedules (recommenders' retraining) register with {@link #onTick}. Thread-safe.
 */
final class AutoTraining implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AutoTraining.class);

    /** The first automatic training starts within this long after the solution (or its update) became ACTIVE. */
    static final Duration FIRST_RUN = Duration.ofHours(1);

    private final ControlPlane cp;
    /** Per solution, the last due time evaluated. */
    private final Map<String, Instant> evaluated = new ConcurrentHashMap<>();

    private final List<Consumer<Instant>> others = new CopyOnWriteArrayList<>();
    /** Due times at or before this were evaluated before a restart (the last journaled request). */
    private volatile @Nullable Instant floor;

    private volatile @Nullable ScheduledExecutorService ticker;

    AutoTraining(ControlPlane cp) {
        this.cp = cp;
    }

    /** Adds a schedule evaluated at every tick, under the control plane's lock. */
    void onTick(Consumer<Instant> schedule) {
        others.add(schedule);
    }

    /**
     * Due times at or before {@code at} count as evaluated: after a restart, what ran before it was journaled and
     * replayed, and what did not run then must not run now.
     */
    void resumeAfter(@Nullable Instant at) {
        this.floor = at;
    }

    /** @return whether a due time was already evaluated before a restart */
    boolean beforeRestart(Instant due) {
        Instant f = floor;
        return f != null && !due.isAfter(f);
    }

    /** Starts the daemon thread that ticks every 10 ms. */
    void start() {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "personalize-local-auto-training");
            t.setDaemon(true);
            return t;
        });
        s.scheduleWithFixedDelay(this::tickQuietly, 10, 10, TimeUnit.MILLISECONDS);
        ticker = s;
    }

    @Override
    public void close() {
        ScheduledExecutorService s = ticker;
        if (s != null) {
            s.shutdownNow();
        }
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.warn("Automatic training schedule failed; it is evaluated again at the next tick", e);
        }
    }

    /** A time scaled like every lifecycle duration. */
    Duration scaled(Duration nominal) {
        return Duration.ofNanos((long) (nominal.toNanos() * cp.timeScale()));
    }

    /**
     * The latest due time at or before {@code now} of a schedule starting at {@code firstDue} with {@code period}
     * between runs; {@code now} itself when the period is zero (time scale 0); null before the first.
     */
    static @Nullable Instant lastDue(Instant firstDue, Duration period, Instant now) {
        if (now.isBefore(firstDue)) {
            return null;
        }
        if (period.isZero()) {
            return now;
        }
        long k = Duration.between(firstDue, now).toNanos() / period.toNanos();
        return firstDue.plusNanos(k * period.toNanos());
    }

    /** Evaluates every schedule at the emulator's current time. Does nothing while a journal is replayed. */
    void tick() {
        if (cp.isReplaying()) {
            return;
        }
        synchronized (cp.lock) {
            Instant now = cp.clock().instant();
            for (Resource solution : cp.all(Kind.SOLUTION)) {
                tickSolution(solution, now);
            }
            for (Consumer<Instant> other : others) {
                other.accept(now);
            }
        }
    }

    private void tickSolution(Resource solution, Instant now) {
        if (!solution.isActive()) {
            return;
        }
        solution.applyUpdate();
        if (!solution.attrs.path("performAutoTraining").asBoolean(true)) {
            evaluated.remove(solution.arn);
            return;
        }
        Instant applied = solution.updateAppliedAt();
        Instant start = applied != null ? applied : solution.lifecycle.lastUpdated();
        Instant firstDue = start.plus(scaled(FIRST_RUN));
        Duration period = scaled(Duration.ofDays(Solutions.scheduleDays(solution)));
        Instant due = lastDue(firstDue, period, now);
        if (due == null) {
            return;
        }
        Instant done = evaluated.get(solution.arn);
        if (done != null && !due.isAfter(done)) {
            return;
        }
        evaluated.put(solution.arn, due);
        if (beforeRestart(due)) {
            return;
        }
        boolean first = period.isZero() ? done == null || done.isBefore(start) : due.equals(firstDue);
        List<Resource> versions = cp.children(Kind.SOLUTION_VERSION, "solutionArn", solution.arn);
        if (versions.stream().anyMatch(cp::inProgress)) {
            return;
        }
        if (first && versions.stream().anyMatch(v -> !v.lifecycle.created().isBefore(start))) {
            return; // a version created within the hour skips the first automatic training
        }
        if (!versions.isEmpty()) {
            Resource latest = versions.get(versions.size() - 1);
            long trainedOn = cp.trainedGeneration(latest.arn);
            if (trainedOn >= cp.dataGeneration(solution.attr("datasetGroupArn"))) {
                return; // no new data since the latest version
            }
        }
        Resource version = Solutions.createAutomaticVersion(cp, solution);
        log.debug("Automatic training of {} due at {}: {}", solution.arn, due, version.arn);
    }
}
