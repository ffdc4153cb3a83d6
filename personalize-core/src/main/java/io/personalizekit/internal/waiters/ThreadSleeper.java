package io.personalizekit.internal.waiters;

import io.personalizekit.waiter.Sleeper;
import java.time.Duration;

/** The real sleeper: {@link Thread#sleep(long, int)}. The only place main code may sleep. */
public enum ThreadSleeper implements Sleeper {
    /** The single instance. */
    INSTANCE;

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (duration.isNegative() || duration.isZero()) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            return;
        }
        long millis = duration.toMillis();
        int nanos = (int) (duration.minusMillis(millis).toNanos());
        Thread.sleep(millis, nanos);
    }
}
