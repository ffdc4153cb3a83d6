package io.personalizekit.internal.time;

/**
 * A monotonic time source in nanoseconds, like {@link System#nanoTime()}: only differences between two readings
 * mean anything. Rate limiting and elapsed-time measurement read it; wall-clock instants (timestamps, deadlines
 * reported to users) come from a {@link java.time.Clock} instead. Tests inject a fake that a fake {@link
 * io.personalizekit.waiter.Sleeper} advances.
 */
@FunctionalInterface
public interface Ticker {

    /**
     * Reads the time.
     *
     * @return nanoseconds since an arbitrary, fixed origin
     */
    long read();

    /**
     * The system's monotonic clock, {@link System#nanoTime()}.
     *
     * @return the system ticker
     */
    static Ticker system() {
        return System::nanoTime;
    }
}
