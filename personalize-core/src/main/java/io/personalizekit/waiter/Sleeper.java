package io.personalizekit.waiter;

import io.personalizekit.internal.time.ThreadSleeper;
import java.time.Duration;

/**
 * Pauses the calling thread: between the polls of a {@link ResourceWaiter} (and so of the pipeline, the teardown and
 * batch inference, which wait through one). The default, {@link #system()}, uses {@link Thread#sleep(long, int)};
 * tests inject one that advances a fake {@link java.time.Clock} instead, so that a wait of hours runs in
 * milliseconds. Implementations must throw {@link InterruptedException} promptly when the thread is interrupted.
 *
 * <p>This is the toolkit's one waiting type: the rate limiter and the bulk fetcher's retries wait through it too.
 * Together with {@link java.time.Clock} (which tells the time but cannot wait) it is the whole of the public timing
 * kit.
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
     * The real sleeper, backed by {@link Thread#sleep(long, int)}.
     *
     * @return the system sleeper
     */
    static Sleeper system() {
        return ThreadSleeper.INSTANCE;
    }
}
