package io.personalizekit.cli;

import java.time.Duration;
import java.util.Locale;

/** Durations for people: {@code 850 ms}, {@code 4.2 s}, {@code 3m 05s}, {@code 1h 02m}. */
final class Durations {
    private Durations() {}

    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long s = d.getSeconds();
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
    }
}
