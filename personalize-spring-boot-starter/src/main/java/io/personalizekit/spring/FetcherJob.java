package io.personalizekit.spring;

import io.personalizekit.cache.CachingSimilarItemsClient;
import io.personalizekit.cache.FetchSummary;
import io.personalizekit.cache.RecommendationFetcher;
import io.personalizekit.cache.RecommendationStore;
import io.personalizekit.recommend.SimilarItemsClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;

/**
 * The {@link RecommendationFetcher} as a scheduled job: on a cron expression or a fixed delay, it fetches the similar
 * items of every item its run names into a new generation of the store, in the keyspace the caching client reads
 * ({@link CachingSimilarItemsClient#keyspace()}, so with the campaign's current solution version), and activates it.
 *
 * <p>Runs never overlap: they are made one after the other on one thread the job owns, started with the application
 * context and stopped with it (a run under way is interrupted; the store keeps its pending generation and the next
 * run resumes it). A failed run is logged at ERROR and the schedule goes on. Thread-safe.
 */
public final class FetcherJob implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(FetcherJob.class);

    private final SimilarItemsClient live;
    private final RecommendationStore store;
    private final CachingSimilarItemsClient reader;
    private final Function<RecommendationFetcher, FetchSummary> run;
    private final PersonalizeProperties.Fetcher settings;
    private final List<FetcherCustomizer> customizers;
    private final ReentrantLock running = new ReentrantLock();
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong failedRuns = new AtomicLong();
    private volatile @Nullable FetchSummary lastSummary;
    private volatile @Nullable Instant lastRunEnd;
    private @Nullable ThreadPoolTaskScheduler scheduler;
    private @Nullable ScheduledFuture<?> schedule;

    /**
     * Creates the job; {@link #start()} schedules it.
     *
     * @param live the client that makes the calls (borrowed), not the caching one
     * @param store the store to fill (borrowed)
     * @param reader the caching client whose keyspace is filled (borrowed)
     * @param run what one run does with the fetcher, for example {@code f -> f.runCatalogCsv(csv)} or {@code f ->
     *     f.runFrom(source::itemIds)}
     * @param settings the schedule and pacing
     * @param customizers applied to the fetcher's builder before each run
     */
    public FetcherJob(
            SimilarItemsClient live,
            RecommendationStore store,
            CachingSimilarItemsClient reader,
            Function<RecommendationFetcher, FetchSummary> run,
            PersonalizeProperties.Fetcher settings,
            List<FetcherCustomizer> customizers) {
        this.live = Objects.requireNonNull(live, "live");
        this.store = Objects.requireNonNull(store, "store");
        this.reader = Objects.requireNonNull(reader, "reader");
        this.run = Objects.requireNonNull(run, "run");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.customizers = List.copyOf(customizers);
        if (settings.getCron() == null) {
            Duration interval = settings.getInterval();
            if (interval.isZero() || interval.isNegative()) {
                throw new IllegalArgumentException(
                        "personalize.fetcher.interval must be positive, but it is " + interval);
            }
            if (settings.getInitialDelay().isNegative()) {
                throw new IllegalArgumentException("personalize.fetcher.initial-delay must not be negative, but it is "
                        + settings.getInitialDelay());
            }
        } else {
            new CronTrigger(settings.getCron()); // an invalid expression fails here, at start-up, naming itself
        }
        // Builds one fetcher (on a placeholder keyspace) so that a bad max-tps or max-concurrency fails at start-up,
        // naming the value, rather than at the first run.
        fetcherBuilder()
                .keyspace(k -> k.campaignArn("arn:aws:personalize:us-east-1:000000000000:campaign/check")
                        .solutionVersionArn("arn:aws:personalize:us-east-1:000000000000:solution/check/1"))
                .build();
    }

    private RecommendationFetcher.Builder fetcherBuilder() {
        RecommendationFetcher.Builder b = RecommendationFetcher.builder()
                .client(live)
                .store(store)
                .maxTps(settings.getMaxTps())
                .maxConcurrency(settings.getMaxConcurrency());
        customizers.forEach(c -> c.customize(b));
        return b;
    }

    /**
     * Runs the fetcher once now, on the calling thread (the scheduled runs wait for it).
     *
     * @return the run's summary
     * @throws io.personalizekit.exception.CacheStoreException when the store kept failing
     * @throws RuntimeException what the run (its item source) or DescribeCampaign threw
     */
    public FetchSummary runNow() {
        running.lock();
        try {
            RecommendationFetcher fetcher =
                    fetcherBuilder().keyspace(reader.keyspace()).build();
            FetchSummary summary = run.apply(fetcher);
            lastSummary = summary;
            lastRunEnd = Instant.now();
            long n = runs.incrementAndGet();
            log.info("Fetcher job run {}: {}", n, summary);
            return summary;
        } finally {
            running.unlock();
        }
    }

    private void scheduledRun() {
        try {
            runNow();
        } catch (RuntimeException e) {
            failedRuns.incrementAndGet();
            log.error("Fetcher job run failed; the next scheduled run resumes it", e);
        }
    }

    /**
     * The summary of the last run that finished, if any.
     *
     * @return the summary
     */
    public Optional<FetchSummary> lastSummary() {
        return Optional.ofNullable(lastSummary);
    }

    /**
     * When the last run that finished ended, if any.
     *
     * @return the instant
     */
    public Optional<Instant> lastRunEnd() {
        return Optional.ofNullable(lastRunEnd);
    }

    /**
     * How many runs finished, since the job was made.
     *
     * @return the count
     */
    public long completedRuns() {
        return runs.get();
    }

    /**
     * How many scheduled runs failed with an exception, since the job was made.
     *
     * @return the count
     */
    public long failedRuns() {
        return failedRuns.get();
    }

    @Override
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        ThreadPoolTaskScheduler s = new ThreadPoolTaskScheduler();
        s.setPoolSize(1);
        s.setThreadNamePrefix("personalize-fetcher-");
        s.setDaemon(true);
        s.setWaitForTasksToCompleteOnShutdown(false);
        s.initialize();
        scheduler = s;
        String cron = settings.getCron();
        if (cron != null) {
            schedule = s.schedule(this::scheduledRun, new CronTrigger(cron));
            log.info("Fetcher job scheduled on cron '{}'", cron);
        } else {
            Instant first = Instant.now().plus(settings.getInitialDelay());
            schedule = s.scheduleWithFixedDelay(this::scheduledRun, first, settings.getInterval());
            log.info("Fetcher job scheduled every {} after each run, first at {}", settings.getInterval(), first);
        }
    }

    @Override
    public void stop() {
        ThreadPoolTaskScheduler s;
        synchronized (this) {
            s = scheduler;
            scheduler = null;
            ScheduledFuture<?> f = schedule;
            if (f != null) {
                f.cancel(true);
            }
            schedule = null;
        }
        if (s != null) {
            s.shutdown();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    @Override
    public String toString() {
        return "FetcherJob{"
                + (settings.getCron() != null ? "cron=" + settings.getCron() : "every " + settings.getInterval())
                + ", runs=" + runs.get() + ", failedRuns=" + failedRuns.get() + "}";
    }
}
