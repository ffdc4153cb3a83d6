package io.personalizekit.cache;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link RecommendationFetcher} run did. An immutable record; {@link #failures()} is an unmodifiable copy.
 *
 * <p>{@link #toString()} is a one-line report fit for a log or a console, for example {@code Fetched 20000/20000
 * similar-items lists into generation 3 of keyspace 5f1c... in 1m 41s (198.0/s); 0 resumed, 0 failed, 12 popular
 * fallbacks; readers switched}.
 *
 * @param keyspace the keyspace filled
 * @param generation the generation written
 * @param total distinct seed items in the source
 * @param fetched lists fetched (or loaded) and written by this run
 * @param resumed lists already present from an interrupted earlier run of the same generation, not fetched again
 * @param failed items whose fetch still failed after every attempt; they are absent from the generation (readers
 *     fall back to a live call for them)
 * @param fallbacks lists that are the service's popular items for an unknown seed ({@code FALLBACK})
 * @param failures failed item ids with their last error, at most {@value #MAX_REPORTED_FAILURES}, in failure order
 * @param elapsed wall time of the run
 * @param activated whether readers were switched to the new generation
 */
public record FetchSummary(
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
    /** The most per-item failures kept with their message. */
    public static final int MAX_REPORTED_FAILURES = 100;

    /**
     * Creates a summary; the failures are copied, keeping their order.
     *
     * @throws NullPointerException when the keyspace, the failures or the elapsed time is null
     */
    public FetchSummary {
        Objects.requireNonNull(keyspace, "keyspace");
        failures = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(failures, "failures")));
        Objects.requireNonNull(elapsed, "elapsed");
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
