package io.personalizekit.internal.time;

import io.personalizekit.waiter.Sleeper;
import java.time.Duration;

/**
 * The real {@link Sleeper}: {@link Thread#sleep(long, int)}. The only place main code may sleep or park a thread to
 * wait for time to pass (an ArchUnit rule checks it), so every wait of the toolkit can be replaced by a fake one.
 */
public enum ThreadSleeper implements Sleeper {
    /** The single instance. */
    INSTANCE;

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (duration.isNegative() || duration.isZero()) {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted");
            }
            return;
        }
        long millis = duration.toMillis();
        int nanos = (int) (duration.minusMillis(millis).toNanos());
        Thread.sleep(millis, nanos);
    }
}
