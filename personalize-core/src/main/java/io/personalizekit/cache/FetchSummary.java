package io.personalizekit.cache;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link RecommendationFetcher} run did. Immutable.
 *
 * <p>{@link #toString()} is a one-line report fit for a log or a console, for example {@code Fetched 20000/20000
 * similar-items lists into generation 3 of keyspace 5f1c... in 1m 41s (198.0/s); 0 resumed, 0 failed, 12 popular
 * fallbacks; readers switched}.
 */
public final class FetchSummary {
    /** The most per-item failures kept with their message. */
    public static final int MAX_REPORTED_FAILURES = 100;

    private final CacheKeyspace keyspace;
    private final long generation;
    private final long total;
    private final long fetched;
    private final long resumed;
    private final long failed;
    private final long fallbacks;
    private final Map<String, String> failures;
    private final Duration elapsed;
    private final boolean activated;

    FetchSummary(
            CacheKeyspace keyspace,
            long generation,
            long total,
            long fetched,
            long resumed,
            long failed,
            long fallbacks,
            Map<String, String> failures,
            Duration elapsed,
            boolean activated) {
        this.keyspace = keyspace;
        this.generation = generation;
        this.total = total;
        this.fetched = fetched;
        this.resumed = resumed;
        this.failed = failed;
        this.fallbacks = fallbacks;
        this.failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures));
        this.elapsed = elapsed;
        this.activated = activated;
    }

    /**
     * The keyspace filled.
     *
     * @return the keyspace
     */
    public CacheKeyspace keyspace() {
        return keyspace;
    }

    /**
     * The generation written.
     *
     * @return the generation number
     */
    public long generation() {
        return generation;
    }

    /**
     * Distinct seed items in the source.
     *
     * @return the count
     */
    public long total() {
        return total;
    }

    /**
     * Lists fetched (or loaded) and written by this run.
     *
     * @return the count
     */
    public long fetched() {
        return fetched;
    }

    /**
     * Lists already present from an interrupted earlier run of the same generation, not fetched again.
     *
     * @return the count
     */
    public long resumed() {
        return resumed;
    }

    /**
     * Items whose fetch still failed after every attempt; they are absent from the generation (readers fall back to
     * a live call for them).
     *
     * @return the count
     */
    public long failed() {
        return failed;
    }

    /**
     * Lists that are the service's popular items for an unknown seed ({@code FALLBACK}).
     *
     * @return the count
     */
    public long fallbacks() {
        return fallbacks;
    }

    /**
     * Failed item ids with their last error, at most {@value #MAX_REPORTED_FAILURES}.
     *
     * @return an unmodifiable map, in failure order
     */
    public Map<String, String> failures() {
        return failures;
    }

    /**
     * Wall time of the run.
     *
     * @return the duration
     */
    public Duration elapsed() {
        return elapsed;
    }

    /**
     * Lists fetched per second of this run.
     *
     * @return the rate
     */
    public double rate() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : fetched / seconds;
    }

    /**
     * Whether readers were switched to the new generation.
     *
     * @return true once activated
     */
    public boolean activated() {
        return activated;
    }

    /**
     * Whether every item of the source is in the generation.
     *
     * @return true when nothing failed
     */
    public boolean complete() {
        return failed == 0;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof FetchSummary)) {
            return false;
        }
        FetchSummary s = (FetchSummary) o;
        return generation == s.generation
                && total == s.total
                && fetched == s.fetched
                && resumed == s.resumed
                && failed == s.failed
                && fallbacks == s.fallbacks
                && activated == s.activated
                && keyspace.equals(s.keyspace)
                && failures.equals(s.failures)
                && elapsed.equals(s.elapsed);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyspace, generation, total, fetched, resumed, failed, fallbacks, failures, elapsed);
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "Fetched %d/%d similar-items lists into generation %d of keyspace %s in %s (%.1f/s); %d resumed, %d"
                        + " failed%s, %d popular fallbacks; %s",
                fetched + resumed,
                total,
                generation,
                keyspace.id(),
                human(elapsed),
                rate(),
                resumed,
                failed,
                failures.isEmpty()
                        ? ""
                        : " (first: " + failures.entrySet().iterator().next() + ")",
                fallbacks,
                activated ? "readers switched" : "readers NOT switched");
    }

    static String human(Duration d) {
        long s = d.getSeconds();
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
        }
        if (s >= 60) {
            return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }
}
