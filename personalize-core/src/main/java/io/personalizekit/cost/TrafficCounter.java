package io.personalizekit.cost;

import io.personalizekit.observe.LiveCallEvent;
import io.personalizekit.observe.PersonalizeKitListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * Counts requests per campaign or recommender ARN, so the {@link CostGuard} can compare provisioned throughput with
 * the traffic the application really sends. Feed it one {@link #record(String)} per {@code GetRecommendations} or
 * {@code GetPersonalizedRanking} call (a cache hit is not a call). {@link #tps(String)} is the average over the
 * window (5 minutes by default, the window the service bills actual TPS over).
 *
 * <p>Thread-safe; a record is a map lookup and a short lock on the ARN's own counter. Memory: one array of {@code
 * window} seconds per ARN.
 */
public final class TrafficCounter {
    /** The default window: 5 minutes, over which the service averages actual TPS for billing. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);

    private final Clock clock;
    private final int windowSeconds;
    private final Instant since;
    private final ConcurrentMap<String, Slots> counters = new ConcurrentHashMap<>();

    private TrafficCounter(Clock clock, Duration window) {
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(window, "window");
        if (window.getSeconds() < 1 || window.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("window must be 1 s to 1 day, but it is " + window);
        }
        this.windowSeconds = (int) window.getSeconds();
        this.since = clock.instant();
    }

    /**
     * A counter on the system clock with the default window.
     *
     * @return the counter
     */
    public static TrafficCounter create() {
        return new TrafficCounter(Clock.systemUTC(), DEFAULT_WINDOW);
    }

    /**
     * A counter on a clock, with a window.
     *
     * @param clock the clock requests are timed with
     * @param window the averaging window, 1 s to 1 day, whole seconds
     * @return the counter
     * @throws IllegalArgumentException when the window is out of range
     */
    public static TrafficCounter create(Clock clock, Duration window) {
        return new TrafficCounter(clock, window);
    }

    /**
     * A listener that counts every live call the toolkit's clients report (each {@link LiveCallEvent}, whatever its
     * outcome: a throttled call is traffic too) against the ARN it went to; cache hits are not calls and are not
     * counted. Give it to the builders that take a {@link PersonalizeKitListener} ({@code CachingSimilarItemsClient},
     * {@code CachingUserRecommendationsClient}, {@code RecommendationFetcher}); combine it with another listener by
     * delegating.
     *
     * @return the listener, backed by this counter
     */
    public PersonalizeKitListener listener() {
        return new PersonalizeKitListener() {
            @Override
            public void onLiveCall(LiveCallEvent event) {
                record(event.arn());
            }

            @Override
            public String toString() {
                return "TrafficCounter.listener()";
            }
        };
    }

    /**
     * Counts one request.
     *
     * @param arn the campaign's or recommender's ARN
     */
    public void record(String arn) {
        record(arn, 1);
    }

    /**
     * Counts requests.
     *
     * @param arn the campaign's or recommender's ARN
     * @param requests how many, at least 0
     * @throws IllegalArgumentException when negative
     */
    public void record(String arn, int requests) {
        Objects.requireNonNull(arn, "arn");
        if (requests < 0) {
            throw new IllegalArgumentException("requests must not be negative, but it is " + requests);
        }
        counters.computeIfAbsent(arn, a -> new Slots(windowSeconds)).add(clock.instant(), requests);
    }

    /**
     * The average requests per second over the window ending now.
     *
     * @param arn the ARN
     * @return the average; 0 for an ARN never recorded
     */
    public double tps(String arn) {
        Slots s = counters.get(Objects.requireNonNull(arn, "arn"));
        return s == null ? 0 : s.sum(clock.instant()) / (double) windowSeconds;
    }

    /**
     * When the last request to an ARN was counted.
     *
     * @param arn the ARN
     * @return the time, or empty when none was
     */
    public Optional<Instant> lastSeen(String arn) {
        Slots s = counters.get(Objects.requireNonNull(arn, "arn"));
        return s == null ? Optional.empty() : Optional.ofNullable(s.last());
    }

    /**
     * The ARNs counted so far.
     *
     * @return a snapshot of the ARNs
     */
    public Set<String> arns() {
        return Set.copyOf(counters.keySet());
    }

    /**
     * When counting started: every request since then was counted, if the application records every call.
     *
     * @return the counter's creation time
     */
    public Instant since() {
        return since;
    }

    /**
     * The averaging window.
     *
     * @return the window
     */
    public Duration window() {
        return Duration.ofSeconds(windowSeconds);
    }

    @Override
    public String toString() {
        return "TrafficCounter{arns=" + counters.size() + ", window=" + window() + "}";
    }

    /** A ring of per-second counts. */
    private static final class Slots {
        private final long[] seconds;
        private final long[] counts;
        private @Nullable Instant last;

        Slots(int window) {
            this.seconds = new long[window];
            this.counts = new long[window];
            java.util.Arrays.fill(seconds, Long.MIN_VALUE);
        }

        synchronized void add(Instant now, int n) {
            long second = now.getEpochSecond();
            int i = (int) Math.floorMod(second, (long) seconds.length);
            if (seconds[i] != second) {
                seconds[i] = second;
                counts[i] = 0;
            }
            counts[i] += n;
            if (n > 0 && (last == null || now.isAfter(last))) {
                last = now;
            }
        }

        synchronized long sum(Instant now) {
            long second = now.getEpochSecond();
            long sum = 0;
            for (int i = 0; i < seconds.length; i++) {
                if (seconds[i] > second - seconds.length && seconds[i] <= second) {
                    sum += counts[i];
                }
            }
            return sum;
        }

        synchronized @Nullable Instant last() {
            return last;
        }
    }
}
