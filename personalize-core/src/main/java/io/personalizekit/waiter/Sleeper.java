package io.personalizekit.waiter;

import io.personalizekit.internal.waiters.ThreadSleeper;
import java.time.Duration;

/**
 * Pauses the calling thread between polls. The default, {@link #system()}, uses {@link Thread#sleep(long)}; tests
 * inject one that advances a fake clock instead. Implementations must throw {@link InterruptedException} promptly
 * when the thread is interrupted.
 */
@FunctionalInterface
public interface Sleeper {

    /**
     * Pauses for the given duration.
     *
     * @param duration how long to pause; zero or negative returns at once
     * @throws InterruptedException if the thread is interrupted while paused
     */
    void sleep(Duration duration) throws InterruptedException;

    /**
     * The real sleeper, backed by {@link Thread#sleep(long)}.
     *
     * @return the system sleeper
     */
    static Sleeper system() {
        return ThreadSleeper.INSTANCE;
    }
}
