package io.personalizekit.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.personalizekit.batch.BatchResult;
import io.personalizekit.exception.BatchDataException;
import io.personalizekit.exception.CacheStoreException;
import io.personalizekit.exception.CsvReadException;
import io.personalizekit.exception.CsvValidationException;
import io.personalizekit.exception.FetchStoppedException;
import io.personalizekit.internal.cache.CatalogCsv;
import io.personalizekit.internal.observe.SafeListener;
import io.personalizekit.internal.time.SmoothRateLimiter;
import io.personalizekit.internal.time.ThreadSleeper;
import io.personalizekit.internal.time.Ticker;
import io.personalizekit.observe.FetchItemEvent;
import io.personalizekit.observe.FetchItemOutcome;
import io.personalizekit.observe.FetchProgressEvent;
import io.personalizekit.observe.LiveCallEvent;
import io.personalizekit.observe.LiveCallOrigin;
import io.personalizekit.observe.LiveCallOutcome;
import io.personalizekit.observe.PersonalizeKitListener;
import io.personalizekit.recommend.RecommendedItem;
import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.resource.Deployment;
import io.personalizekit.waiter.Sleeper;
import io.personalizekit.waiter.WaitPolicy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bulk job: fetches the similar items of every item of a catalog into a new generation of a {@link
 * RecommendationStore}, then switches readers to it atomically. Thread-safe, but runs of one keyspace must not
 * overlap (they would share the pending generation).
 *
 * <h2>How a run goes</h2>
 *
 * <ol>
 *   <li>The source's item ids are read and de-duplicated.
 *   <li>If the store holds a <em>pending</em> generation for the keyspace (a run that crashed or was stopped), the run
 *       resumes it: the ids already written there are skipped. Otherwise a new generation is begun. The store is the
 *       checkpoint, so a resumed run loses no item and writes each once, even in another process.
 *   <li>{@link Builder#maxConcurrency(int)} workers call the client, paced to {@link Builder#maxTps(double)} permits
 *       per second with no burst (a campaign serves at most {@value #MAX_CAMPAIGN_TPS} TPS, and one run should
 *       leave room for live traffic). A failing item is retried up to {@link Builder#maxAttempts(int)} times, then
 *       reported in the summary; item failures never fail the run.
 *   <li>Each answer is written with {@link RecommendationStore#putAll} as soon as the write before it has finished
 *       (a group commit: answers that arrive during a write go together in the next one, up to {@link
 *       Builder#writeBatchSize(int)}), so the store, the checkpoint, lags the calls by one write at most. A process
 *       killed mid-run ({@code kill -9}) loses only the calls in flight and the answers of the write under way; the
 *       next run fetches those again and nothing else. A store call is retried on {@link Builder#storeRetryPolicy(WaitPolicy)}; when the store stays down,
 *       the run stops with {@link CacheStoreException} and can be run again to resume.
 *   <li>Progress (done/total, rate, ETA) is logged at INFO every {@link Builder#progressInterval(Duration)}, and
 *       reported with every item and call to a {@link Builder#listener(PersonalizeKitListener) listener}.
 *   <li>When every item is done, the generation is activated: readers move from the old lists to the new ones in one
 *       step, and older generations are retired (readers still holding one keep reading it until they see the
 *       switch; see {@link RecommendationStore#activate}). If more than {@link Builder#maxFailureRatio(double)} of
 *       the items failed, or the source was empty, the generation stays pending instead and the summary says so.
 * </ol>
 *
 * <p>The client and the store are borrowed; the fetcher holds no resources between runs.
 *
 * <pre>{@code
 * CacheKeyspace keyspace = CacheKeyspace.builder().deployment(deployment).numResults(25).build(); // the reader's too
 * FetchSummary summary = RecommendationFetcher.builder()
 *         .client(similarItemsClient)
 *         .store(store)
 *         .keyspace(keyspace)
 *         .maxTps(200)
 *         .build()
 *         .runCatalogCsv(Path.of("items.csv"));
 * }</pre>
 */
public final class RecommendationFetcher {
    /** A campaign's GetRecommendations quota, transactions per second: {@value}. */
    public static final double MAX_CAMPAIGN_TPS = 500;

    /**
     * The default retry policy of store calls: at most 5 calls, 100 ms doubling up to 2 s between them (jitter 0.1),
     * no new call after 1 minute.
     */
    public static final WaitPolicy DEFAULT_STORE_RETRY_POLICY = WaitPolicy.builder()
            .initialDelay(Duration.ofMillis(100))
            .multiplier(2)
            .maxDelay(Duration.ofSeconds(2))
            .jitter(0.1)
            .maxAttempts(5)
            .timeout(Duration.ofMinutes(1))
            .build();

    private static final Logger log = LoggerFactory.getLogger(RecommendationFetcher.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SimilarItemsClient client;
    private final RecommendationStore store;
    private final CacheKeyspace keyspace;
    private final double maxTps;
    private final int maxConcurrency;
    private final int writeBatchSize;
    private final int maxAttempts;
    private final Duration retryBackoff;
    private final WaitPolicy storeRetryPolicy;
    private final Duration progressInterval;
    private final boolean resume;
    private final double maxFailureRatio;
    private final Clock clock;
    private final Ticker ticker;
    private final Sleeper sleeper;
    private final PersonalizeKitListener listener;

    private RecommendationFetcher(Builder b) {
        this.client = Objects.requireNonNull(b.client, "client");
        this.store = Objects.requireNonNull(b.store, "store");
        this.keyspace = Objects.requireNonNull(b.keyspace, "keyspace");
        this.maxTps = b.maxTps;
        this.maxConcurrency = b.maxConcurrency;
        this.writeBatchSize = b.writeBatchSize;
        this.maxAttempts = b.maxAttempts;
        this.retryBackoff = b.retryBackoff;
        this.storeRetryPolicy = b.storeRetryPolicy;
        this.progressInterval = b.progressInterval;
        this.resume = b.resume;
        this.maxFailureRatio = b.maxFailureRatio;
        this.clock = b.clock;
        this.ticker = b.ticker;
        this.sleeper = b.sleeper;
        this.listener = SafeListener.wrap(b.listener);
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The keyspace this fetcher fills.
     *
     * @return the keyspace
     */
    public CacheKeyspace keyspace() {
        return keyspace;
    }

    /**
     * Fetches the similar items of every id in a list (or any iterable).
     *
     * @param itemIds the seed item ids; duplicates are fetched once
     * @return the summary
     * @throws CacheStoreException when the store kept failing; run again to resume
     * @throws FetchStoppedException when interrupted (the interrupt flag is restored); run again to resume
     */
    public FetchSummary run(Iterable<String> itemIds) {
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (String id : itemIds) {
            ids.add(Objects.requireNonNull(id, "item id"));
        }
        return execute(ids);
    }

    /**
     * Fetches the similar items of every id a supplier streams (for example ids read from a database).
     *
     * @param source supplies a stream of seed item ids, consumed and closed once
     * @return the summary
     * @throws CacheStoreException when the store kept failing; run again to resume
     * @throws FetchStoppedException when interrupted; run again to resume
     */
    public FetchSummary runFrom(Supplier<? extends Stream<String>> source) {
        try (Stream<String> s = source.get()) {
            return execute(s.collect(Collectors.toCollection(LinkedHashSet::new)));
        }
    }

    /**
     * Fetches the similar items of every item of a catalog (Items dataset) CSV, with the ids in column {@code
     * ITEM_ID}.
     *
     * @param csv the CSV file, with a header, in Personalize's dialect (as {@link
     *     io.personalizekit.csv.DatasetCsvReader} reads it)
     * @return the summary
     * @throws CsvValidationException when the file has no ITEM_ID column, a record is malformed or the file is not
     *     UTF-8 text
     * @throws CsvReadException when the file cannot be read
     * @throws CacheStoreException when the store kept failing; run again to resume
     */
    public FetchSummary runCatalogCsv(Path csv) {
        return runCatalogCsv(csv, "ITEM_ID");
    }

    /**
     * Fetches the similar items of every item of a catalog CSV.
     *
     * @param csv the CSV file, with a header
     * @param idColumn the header name of the id column (case-insensitive)
     * @return the summary
     * @throws CsvValidationException when the file has no such column, a record is malformed or the file is not
     *     UTF-8 text
     * @throws CsvReadException when the file cannot be read
     * @throws CacheStoreException when the store kept failing; run again to resume
     */
    public FetchSummary runCatalogCsv(Path csv, String idColumn) {
        return run(CatalogCsv.itemIds(csv, idColumn));
    }

    /**
     * Loads the output of a batch inference job ({@code CreateBatchInferenceJob} on a RELATED_ITEMS solution
     * version) into a new generation and activates it. Each line is {@code {"input":{"itemId":..},
     * "output":{"recommendedItems":[..]},"error":..}}; lists are cut to the keyspace's numResults and marked {@link
     * ResultSource#BATCH}; lines with an error are reported as failures.
     *
     * @param output a {@code .out} file, or a folder whose {@code *.out} files are all loaded
     * @return the summary
     * @throws BatchDataException when a file cannot be read (the cause is the {@link IOException})
     * @throws CacheStoreException when the store kept failing
     */
    public FetchSummary loadBatchOutput(Path output) {
        long start = ticker.read();
        List<Path> files = new ArrayList<>();
        try {
            if (Files.isDirectory(output)) {
                try (Stream<Path> s = Files.list(output)) {
                    s.filter(p -> p.getFileName().toString().endsWith(".out"))
                            .sorted()
                            .forEach(files::add);
                } catch (UncheckedIOException e) { // the listing failed part way (DirectoryIteratorException)
                    throw e.getCause();
                }
            } else {
                files.add(output);
            }
            long generation = storeCall("begin a generation", () -> store.beginGeneration(keyspace));
            Run run = new Run(generation, 0, false);
            Instant now = clock.instant();
            for (Path file : files) {
                try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    String line;
                    int n = 0;
                    while ((line = r.readLine()) != null) {
                        n++;
                        if (line.isBlank()) {
                            continue;
                        }
                        run.total.incrementAndGet();
                        parseBatchLine(run, file.getFileName() + ":" + n, line, now);
                    }
                }
            }
            run.flush();
            run.throwIfAborted();
            return finish(run, start);
        } catch (IOException e) {
            throw new BatchDataException(
                    output.toString(), 0, "Cannot read the batch inference output " + output + ": " + e, e);
        }
    }

    /**
     * Loads batch inference results already parsed, for example from {@code BatchOutputReader.fromS3(..)}, into a
     * new generation and activates it, as {@link #loadBatchOutput(Path)} does.
     *
     * @param results the results; failed ones are reported in the summary
     * @return the summary
     * @throws CacheStoreException when the store kept failing
     */
    public FetchSummary loadBatchResults(Iterable<BatchResult> results) {
        long start = ticker.read();
        long generation = storeCall("begin a generation", () -> store.beginGeneration(keyspace));
        Run run = new Run(generation, 0, false);
        Instant now = clock.instant();
        for (BatchResult r : results) {
            run.total.incrementAndGet();
            if (!r.succeeded()) {
                run.failed(r.itemId(), r.error().orElse("failed"));
                continue;
            }
            run.add(batchList(r.itemId(), r.recommendedItems(), now));
        }
        run.flush();
        run.throwIfAborted();
        return finish(run, start);
    }

    private SimilarItems batchList(String seed, List<String> recommended, Instant now) {
        List<RecommendedItem> items = new ArrayList<>(Math.min(recommended.size(), keyspace.numResults()));
        for (String itemId : recommended) {
            if (keyspace.excludeSeed() && itemId.equals(seed)) {
                continue;
            }
            if (items.size() == keyspace.numResults()) {
                break;
            }
            items.add(RecommendedItem.of(itemId));
        }
        return SimilarItems.builder()
                .seedItemId(seed)
                .items(items)
                .source(ResultSource.BATCH)
                .fetchedAt(now)
                .build();
    }

    private void parseBatchLine(Run run, String where, String line, Instant now) {
        String seed = where;
        SimilarItems list;
        try {
            JsonNode node = JSON.readTree(line);
            JsonNode id = node.path("input").path("itemId");
            if (!id.isTextual()) {
                run.failed(where, "no input.itemId");
                return;
            }
            seed = id.asText();
            JsonNode error = node.path("error");
            if (!error.isMissingNode() && !error.isNull()) {
                run.failed(seed, error.isTextual() ? error.asText() : error.toString());
                return;
            }
            List<String> recommended = new ArrayList<>();
            for (JsonNode i : node.path("output").path("recommendedItems")) {
                recommended.add(i.asText());
            }
            list = batchList(seed, recommended, now);
        } catch (IOException | RuntimeException e) {
            run.failed(seed, "malformed line " + where + ": " + e.getMessage());
            return;
        }
        run.add(list); // a store failure here stops the load
    }

    private FetchSummary execute(LinkedHashSet<String> ids) {
        long start = ticker.read();
        OptionalLong pending = resume
                ? storeCall("read the pending generation", () -> store.pendingGeneration(keyspace))
                : OptionalLong.empty();
        long generation;
        List<String> todo;
        long resumed;
        if (pending.isPresent()) {
            generation = pending.getAsLong();
            Set<String> present = storeCall("list the pending generation", () -> store.itemIds(keyspace, generation));
            todo = new ArrayList<>(ids.size());
            for (String id : ids) {
                if (!present.contains(id)) {
                    todo.add(id);
                }
            }
            resumed = ids.size() - todo.size();
            log.info(
                    "Resuming generation {} of keyspace {}: {} of {} items already written, {} to fetch at up to {}"
                            + " TPS",
                    generation,
                    keyspace.id(),
                    resumed,
                    ids.size(),
                    todo.size(),
                    maxTps);
        } else {
            generation = storeCall("begin a generation", () -> store.beginGeneration(keyspace));
            todo = new ArrayList<>(ids);
            resumed = 0;
            log.info(
                    "Fetching similar items for {} items into generation {} of keyspace {} at up to {} TPS",
                    ids.size(),
                    generation,
                    keyspace.id(),
                    maxTps);
        }
        Run run = new Run(generation, resumed, true);
        run.total.set(ids.size());
        run.fetch(todo);
        run.throwIfAborted();
        return finish(run, start);
    }

    private FetchSummary finish(Run run, long startNanos) {
        long total = run.total.get();
        long failed = run.failed.get();
        boolean activate = total > 0 && failed <= (long) Math.floor(total * maxFailureRatio);
        if (activate) {
            storeCall("activate the generation", () -> {
                store.activate(keyspace, run.generation);
                return null;
            });
        }
        FetchSummary summary = run.summary(Duration.ofNanos(ticker.read() - startNanos), activate);
        if (listener != PersonalizeKitListener.NONE) {
            listener.onFetchProgress(run.progress());
            listener.onFetchCompleted(summary);
        }
        if (activate) {
            log.info("{}", summary);
        } else {
            log.warn(
                    "{}: generation {} left pending (readers keep the previous one) because {}; run again to fetch"
                            + " only what is missing",
                    summary,
                    run.generation,
                    total == 0
                            ? "the source had no items"
                            : failed + " items failed, more than maxFailureRatio " + maxFailureRatio);
        }
        return summary;
    }

    /**
     * Calls the store, retrying failures on {@link #storeRetryPolicy}'s backoff: at most its maxAttempts calls, no
     * new one after its timeout, each pause jittered and cut to the time left.
     */
    private <T> T storeCall(String what, Supplier<T> call) {
        long start = ticker.read();
        long timeoutNanos = storeRetryPolicy.timeout().toNanos();
        RuntimeException last;
        int attempt = 0;
        while (true) {
            attempt++;
            try {
                return call.get();
            } catch (RuntimeException e) {
                last = e;
            }
            long left = timeoutNanos - (ticker.read() - start);
            if (attempt >= storeRetryPolicy.maxAttempts() || left <= 0) {
                break;
            }
            Duration delay = storeRetryPolicy.delayAfter(
                    attempt, ThreadLocalRandom.current().nextDouble());
            log.debug(
                    "Store call to {} failed (attempt {}), retrying in {}: {}", what, attempt, delay, last.toString());
            try {
                sleeper.sleep(delay.toNanos() > left ? Duration.ofNanos(left) : delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                FetchStoppedException stopped = new FetchStoppedException(
                        "Interrupted while retrying a store call to " + what + " for keyspace " + keyspace.id()
                                + "; run again to resume",
                        keyspace.id(),
                        e);
                stopped.addSuppressed(last);
                throw stopped;
            }
        }
        throw new CacheStoreException(
                "Could not " + what + " for keyspace " + keyspace.id() + " after " + attempt + " attempts: " + last
                        + "; fix the store and run again to resume",
                keyspace.id(),
                last);
    }

    /** The state of one run. */
    private final class Run {
        final long generation;
        final long resumed;
        /** Write each answer as soon as the previous write is done (fetching), rather than full batches (loading). */
        final boolean eager;

        final AtomicLong total = new AtomicLong();
        final AtomicLong written = new AtomicLong();
        final AtomicLong completed = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong fallbacks = new AtomicLong();
        final Map<String, String> failures = new LinkedHashMap<>();
        final Object batchLock = new Object();
        /** Answers not yet handed to a write; guarded by batchLock. */
        List<SimilarItems> batch = new ArrayList<>();
        /** Whether a worker is draining the batch (group commit); guarded by batchLock. */
        boolean draining;

        volatile @Nullable Throwable abort;
        final long startNanos = ticker.read();

        Run(long generation, long resumed, boolean eager) {
            this.generation = generation;
            this.resumed = resumed;
            this.eager = eager;
        }

        void fetch(List<String> todo) {
            if (todo.isEmpty()) {
                return;
            }
            SmoothRateLimiter pacer = SmoothRateLimiter.budgetBuilder(maxTps)
                    .ticker(ticker)
                    .sleeper(sleeper)
                    .build();
            Iterator<String> it = todo.iterator();
            int threads = Math.min(maxConcurrency, todo.size());
            AtomicInteger n = new AtomicInteger();
            ExecutorService workers = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "personalize-fetcher-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "personalize-fetcher-progress");
                t.setDaemon(true);
                return t;
            });
            long every = Math.max(1, progressInterval.toMillis()); // a scheduled period must be at least 1 ms
            progress.scheduleAtFixedRate(this::logProgress, every, every, TimeUnit.MILLISECONDS);
            try {
                for (int i = 0; i < threads; i++) {
                    workers.execute(() -> work(it, pacer));
                }
                workers.shutdown();
                try {
                    while (!workers.awaitTermination(1, TimeUnit.SECONDS)) {
                        // keep waiting; workers end when the ids run out or the run aborts
                    }
                } catch (InterruptedException e) {
                    abort = e;
                    workers.shutdownNow();
                    Thread.currentThread().interrupt();
                    throw new FetchStoppedException(
                            "Fetch of generation " + generation + " of keyspace " + keyspace.id()
                                    + " was interrupted; run again to resume",
                            keyspace.id(),
                            e);
                }
                if (abort == null) {
                    flush();
                }
            } finally {
                progress.shutdownNow();
            }
        }

        private @Nullable String next(Iterator<String> it) {
            synchronized (it) {
                return it.hasNext() ? it.next() : null;
            }
        }

        private void work(Iterator<String> it, SmoothRateLimiter pacer) {
            try {
                String id;
                while (abort == null && (id = next(it)) != null) {
                    SimilarItems result = null;
                    RuntimeException last = null;
                    for (int attempt = 1; attempt <= maxAttempts && abort == null; attempt++) {
                        pacer.acquire();
                        long called = ticker.read();
                        try {
                            result = client.similarItems(keyspace.toRequest(id));
                            called(called, null);
                            break;
                        } catch (RuntimeException e) {
                            called(called, e);
                            last = e;
                            log.debug(
                                    "Fetch of {} failed (attempt {} of {}): {}",
                                    id,
                                    attempt,
                                    maxAttempts,
                                    e.toString());
                            if (attempt < maxAttempts) {
                                item(FetchItemOutcome.RETRIED);
                                sleeper.sleep(retryBackoff.multipliedBy(attempt));
                            }
                        }
                    }
                    if (result != null) {
                        add(result);
                    } else if (last != null) {
                        failed(id, last.toString());
                    }
                }
            } catch (InterruptedException e) {
                if (abort == null) {
                    abort = e;
                }
                Thread.currentThread().interrupt();
            } catch (Throwable t) {
                if (abort == null) {
                    abort = t;
                }
            }
        }

        private void called(long startedNanos, @Nullable RuntimeException error) {
            if (listener != PersonalizeKitListener.NONE) {
                listener.onLiveCall(new LiveCallEvent(
                        keyspace.campaignArn(),
                        LiveCallOrigin.FETCHER,
                        LiveCallOutcome.of(error),
                        Duration.ofNanos(ticker.read() - startedNanos),
                        error));
            }
        }

        private void item(FetchItemOutcome outcome) {
            if (listener != PersonalizeKitListener.NONE) {
                listener.onFetchItem(new FetchItemEvent(keyspace.campaignArn(), keyspace.id(), outcome));
            }
        }

        void add(SimilarItems result) {
            completed.incrementAndGet();
            if (result.source() == ResultSource.FALLBACK) {
                fallbacks.incrementAndGet();
                item(FetchItemOutcome.FALLBACK);
            } else {
                item(FetchItemOutcome.FETCHED);
            }
            List<SimilarItems> full = null;
            boolean drain = false;
            synchronized (batchLock) {
                batch.add(result);
                if (batch.size() >= writeBatchSize) {
                    full = batch;
                    batch = new ArrayList<>();
                } else if (eager && !draining) {
                    draining = true;
                    drain = true;
                }
            }
            if (full != null) {
                write(full);
            }
            if (drain) {
                drain();
            }
        }

        /**
         * Group commit: writes what has accumulated until nothing is left. One worker drains at a time; answers that
         * arrive meanwhile wait for its next write (a batch that fills up is written by the worker that filled it).
         */
        private void drain() {
            boolean done = false;
            try {
                while (true) {
                    List<SimilarItems> next;
                    synchronized (batchLock) {
                        if (batch.isEmpty()) {
                            draining = false;
                            done = true;
                            return;
                        }
                        next = batch;
                        batch = new ArrayList<>();
                    }
                    write(next);
                }
            } finally {
                if (!done) {
                    synchronized (batchLock) {
                        draining = false;
                    }
                }
            }
        }

        void flush() {
            List<SimilarItems> rest;
            synchronized (batchLock) {
                rest = batch;
                batch = new ArrayList<>();
            }
            if (!rest.isEmpty()) {
                write(rest);
            }
        }

        private void write(Collection<SimilarItems> items) {
            storeCall("write " + items.size() + " lists", () -> {
                store.putAll(keyspace, generation, items);
                return null;
            });
            written.addAndGet(items.size());
        }

        void failed(String id, String error) {
            failed.incrementAndGet();
            item(FetchItemOutcome.FAILED);
            synchronized (failures) {
                if (failures.size() < FetchSummary.MAX_REPORTED_FAILURES) {
                    failures.put(id, error);
                }
            }
        }

        void throwIfAborted() {
            Throwable t = abort;
            if (t == null) {
                return;
            }
            if (t instanceof Error) {
                throw (Error) t;
            }
            if (t instanceof RuntimeException) {
                throw (RuntimeException) t;
            }
            if (t instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new FetchStoppedException(
                    "Fetch of generation " + generation + " of keyspace " + keyspace.id() + " stopped: " + t
                            + "; run again to resume",
                    keyspace.id(),
                    t);
        }

        FetchProgressEvent progress() {
            long done = completed.get() + failed.get();
            long elapsed = ticker.read() - startNanos;
            double seconds = elapsed / 1e9;
            return new FetchProgressEvent(
                    keyspace.campaignArn(),
                    keyspace.id(),
                    generation,
                    done + resumed,
                    total.get(),
                    failed.get(),
                    seconds <= 0 ? 0 : done / seconds,
                    Duration.ofNanos(Math.max(0, elapsed)));
        }

        void logProgress() {
            if (listener != PersonalizeKitListener.NONE) {
                listener.onFetchProgress(progress());
            }
            long done = completed.get() + failed.get();
            long todo = total.get() - resumed;
            double seconds = (ticker.read() - startNanos) / 1e9;
            double rate = seconds <= 0 ? 0 : done / seconds;
            String eta = rate <= 0 ? "unknown" : FetchSummary.human(Duration.ofSeconds((long) ((todo - done) / rate)));
            log.info(String.format(
                    Locale.ROOT,
                    "Generation %d of keyspace %s: %d/%d items (%.1f/s, %d failed, ETA %s)",
                    generation,
                    keyspace.id(),
                    done + resumed,
                    total.get(),
                    rate,
                    failed.get(),
                    eta));
        }

        FetchSummary summary(Duration elapsed, boolean activated) {
            Map<String, String> f;
            synchronized (failures) {
                f = new LinkedHashMap<>(failures);
            }
            return new FetchSummary(
                    keyspace,
                    generation,
                    total.get(),
                    written.get(),
                    resumed,
                    failed.get(),
                    fallbacks.get(),
                    f,
                    elapsed,
                    activated);
        }
    }

    /** Builder of {@link RecommendationFetcher}; not thread-safe. */
    public static final class Builder {
        private @Nullable SimilarItemsClient client;
        private @Nullable RecommendationStore store;
        private @Nullable CacheKeyspace keyspace;
        private double maxTps = 100;
        private int maxConcurrency = 16;
        private int writeBatchSize = 1000;
        private int maxAttempts = 3;
        private Duration retryBackoff = Duration.ofMillis(200);
        private WaitPolicy storeRetryPolicy = DEFAULT_STORE_RETRY_POLICY;
        private Duration progressInterval = Duration.ofSeconds(10);
        private boolean resume = true;
        private double maxFailureRatio = 0.05;
        private Clock clock = Clock.systemUTC();
        private Ticker ticker = Ticker.system();
        private Sleeper sleeper = ThreadSleeper.INSTANCE;
        private PersonalizeKitListener listener = PersonalizeKitListener.NONE;

        private Builder() {}

        /**
         * Sets a listener told of every call to the client (ARN, outcome, latency), every item's outcome (fetched,
         * fallback, retried, failed), the run's progress every {@link #progressInterval(Duration)} and at its end, and
         * its summary; defaults to {@link PersonalizeKitListener#NONE}. It is called on the worker and progress
         * threads; an exception it throws is logged and never stops the run.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(PersonalizeKitListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Test hook: the time source and the waiting of the pacer, the retries and the elapsed times (by default the
         * system's monotonic clock and real sleeping), so that tests run on fake time.
         */
        Builder timing(Ticker ticker, Sleeper sleeper) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * Sets the client that fetches (required); usually the plain {@code SimilarItemsClient}, not the caching one.
         * Borrowed: not closed.
         *
         * @param client the client
         * @return this builder
         */
        public Builder client(SimilarItemsClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * Sets the store to fill (required). Borrowed: not closed.
         *
         * @param store the store
         * @return this builder
         */
        public Builder store(RecommendationStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Sets the keyspace to fill (required); its numResults, filter and values shape every request. Give the
         * same keyspace to the {@link CachingSimilarItemsClient} that reads the lists ({@link
         * CachingSimilarItemsClient.Builder#keyspace(CacheKeyspace)}).
         *
         * @param keyspace the keyspace
         * @return this builder
         */
        public Builder keyspace(CacheKeyspace keyspace) {
            this.keyspace = Objects.requireNonNull(keyspace, "keyspace");
            return this;
        }

        /**
         * Sets the keyspace to fill, built by a consumer.
         *
         * @param keyspace sets the keyspace's values
         * @return this builder
         */
        public Builder keyspace(Consumer<CacheKeyspace.Builder> keyspace) {
            CacheKeyspace.Builder b = CacheKeyspace.builder();
            keyspace.accept(b);
            return keyspace(b.build());
        }

        /**
         * Sets the keyspace to fill to the deployment's campaign and solution version with the default request shape
         * (that of {@link io.personalizekit.recommend.SimilarItemsRequest}); the same as {@code keyspace(k ->
         * k.deployment(deployment))}. A {@link CachingSimilarItemsClient} built with the same deployment reads
         * these lists; for another shape, build one {@link CacheKeyspace} and give it to both.
         *
         * @param deployment the deployment, for example {@code pipeline.run(spec).deployment()}
         * @return this builder
         * @throws IllegalStateException when the deployment has no campaign or no solution version
         */
        public Builder deployment(Deployment deployment) {
            return keyspace(k -> k.deployment(deployment));
        }

        /**
         * Sets the TPS budget: calls are paced to this many per second, including retries; defaults to 100.
         *
         * @param maxTps more than 0, at most {@value #MAX_CAMPAIGN_TPS}
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder maxTps(double maxTps) {
            if (!(maxTps > 0) || maxTps > MAX_CAMPAIGN_TPS) {
                throw new IllegalArgumentException("maxTps must be more than 0 and at most " + MAX_CAMPAIGN_TPS
                        + " (a campaign's GetRecommendations quota), but it is " + maxTps);
            }
            this.maxTps = maxTps;
            return this;
        }

        /**
         * Sets how many calls may be in flight at once; defaults to 16. To reach the TPS budget it must be at least
         * {@code maxTps x latency}.
         *
         * @param maxConcurrency 1 to 256
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder maxConcurrency(int maxConcurrency) {
            if (maxConcurrency < 1 || maxConcurrency > 256) {
                throw new IllegalArgumentException("maxConcurrency must be 1 to 256, but it is " + maxConcurrency);
            }
            this.maxConcurrency = maxConcurrency;
            return this;
        }

        /**
         * Sets the most lists one {@code putAll} carries; defaults to 1000. A fetch writes each answer as soon as the
         * write before it has finished, so its writes only grow toward this size when the store is slower than the
         * calls; loading batch inference output writes full batches of it.
         *
         * @param writeBatchSize 1 to 100000
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder writeBatchSize(int writeBatchSize) {
            if (writeBatchSize < 1 || writeBatchSize > 100_000) {
                throw new IllegalArgumentException("writeBatchSize must be 1 to 100000, but it is " + writeBatchSize);
            }
            this.writeBatchSize = writeBatchSize;
            return this;
        }

        /**
         * Sets how many times one item is tried before it is reported as failed; defaults to 3.
         *
         * @param maxAttempts 1 to 10
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1 || maxAttempts > 10) {
                throw new IllegalArgumentException("maxAttempts must be 1 to 10, but it is " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * Sets the pause before retrying an item, multiplied by the attempt number; defaults to 200 ms.
         *
         * @param retryBackoff zero or more
         * @return this builder
         * @throws IllegalArgumentException when negative
         */
        public Builder retryBackoff(Duration retryBackoff) {
            this.retryBackoff = notNegative("retryBackoff", retryBackoff);
            return this;
        }

        /**
         * Sets how a failing store call (beginning or listing a generation, a batch write, the generation switch) is
         * retried before the run stops with {@link CacheStoreException}: the policy's {@link WaitPolicy#maxAttempts()
         * maxAttempts} calls at most, paced by its backoff ({@link WaitPolicy#initialDelay() initialDelay} growing by
         * {@link WaitPolicy#multiplier() multiplier} up to {@link WaitPolicy#maxDelay() maxDelay}, with {@link
         * WaitPolicy#jitter() jitter}), and no new call after its {@link WaitPolicy#timeout() timeout}; its error
         * budget does not apply. Defaults to {@link #DEFAULT_STORE_RETRY_POLICY}: 5 calls, 100 ms doubling up to 2
         * s, jitter 0.1, within 1 minute.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder storeRetryPolicy(WaitPolicy policy) {
            this.storeRetryPolicy = Objects.requireNonNull(policy, "storeRetryPolicy");
            return this;
        }

        /**
         * Sets the store retry policy by changing the current one (the default unless set), for example {@code
         * .storeRetryPolicy(p -> p.maxAttempts(10))}.
         *
         * @param policy changes to the current policy
         * @return this builder
         * @throws IllegalArgumentException when the changed policy is invalid
         */
        public Builder storeRetryPolicy(Consumer<WaitPolicy.Builder> policy) {
            return storeRetryPolicy(storeRetryPolicy.copy(policy));
        }

        /**
         * Sets how often progress is logged at INFO; defaults to 10 seconds (an interval under a millisecond counts as
         * one millisecond).
         *
         * @param interval a positive duration
         * @return this builder
         * @throws IllegalArgumentException when not positive
         */
        public Builder progressInterval(Duration interval) {
            notNegative("progressInterval", interval);
            if (interval.isZero()) {
                throw new IllegalArgumentException("progressInterval must be positive");
            }
            this.progressInterval = interval;
            return this;
        }

        /**
         * Sets whether a pending generation left by an earlier run is resumed; defaults to true. When false, a new
         * generation is begun and the pending one is abandoned.
         *
         * @param resume the flag
         * @return this builder
         */
        public Builder resume(boolean resume) {
            this.resume = resume;
            return this;
        }

        /**
         * Sets the share of items that may fail while the generation is still activated; defaults to 0.05. Above it
         * (say Personalize was down for much of the run) the generation stays pending, readers keep the previous
         * one, and the next run resumes it, fetching only the missing items. A source with no items never
         * activates (it would empty the cache).
         *
         * @param ratio 0 (every item must succeed) to 1 (always activate)
         * @return this builder
         * @throws IllegalArgumentException when outside 0 to 1
         */
        public Builder maxFailureRatio(double ratio) {
            if (!(ratio >= 0 && ratio <= 1)) {
                throw new IllegalArgumentException("maxFailureRatio must be between 0 and 1, but it is " + ratio);
            }
            this.maxFailureRatio = ratio;
            return this;
        }

        /**
         * Sets the clock stamping batch-loaded lists; defaults to the UTC system clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the fetcher.
         *
         * @return the fetcher
         * @throws NullPointerException when the client, the store or the keyspace is missing
         */
        public RecommendationFetcher build() {
            return new RecommendationFetcher(this);
        }

        private static Duration notNegative(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, but it is " + d);
            }
            return d;
        }
    }
}
