package io.personalizekit.internal.waiters;

import java.util.concurrent.TimeUnit;

/** Not API. The one place where the events package really sleeps the thread (conventions W1). */
public final class RealSleeper {
    /** The shared instance. */
    public static final RealSleeper INSTANCE = new RealSleeper();

    private RealSleeper() {}

    /**
     * Sleeps the current thread.
     *
     * @param nanos how long, in nanoseconds; nothing happens when it is 0 or less
     * @throws InterruptedException when interrupted while sleeping
     */
    public void sleepNanos(long nanos) throws InterruptedException {
        if (nanos > 0) {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    }
}
