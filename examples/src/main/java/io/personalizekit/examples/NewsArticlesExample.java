package io.personalizekit.examples;

import io.personalizekit.cache.CacheKeyspace;
import io.personalizekit.cache.FetchSummary;
import io.personalizekit.cache.InMemoryRecommendationStore;
import io.personalizekit.cache.RecommendationFetcher;
import io.personalizekit.cache.RecommendationStore;
import io.personalizekit.cache.redis.RedisRecommendationStore;
import io.personalizekit.csv.DatasetCsvWriter;
import io.personalizekit.csv.DatasetProfile;
import io.personalizekit.csv.ItemCsvWriter;
import io.personalizekit.csv.PreflightCheck;
import io.personalizekit.events.DeliveryResult;
import io.personalizekit.events.ItemSeeder;
import io.personalizekit.examples.news.Article;
import io.personalizekit.examples.news.NewsCatalog;
import io.personalizekit.examples.news.Reading;
import io.personalizekit.exception.PersonalizeKitException;
import io.personalizekit.local.PersonalizeLocal;
import io.personalizekit.pipeline.ImportMode;
import io.personalizekit.pipeline.PipelineListener;
import io.personalizekit.pipeline.PipelineOrchestrator;
import io.personalizekit.pipeline.PipelinePlan;
import io.personalizekit.pipeline.PipelineResult;
import io.personalizekit.pipeline.PipelineSpec;
import io.personalizekit.pipeline.SolutionSpec;
import io.personalizekit.pipeline.StepOutcome;
import io.personalizekit.recommend.RecommendedItem;
import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.resource.Deployment;
import io.personalizekit.resource.SolutionVersionRef;
import io.personalizekit.retrain.CacheRefresh;
import io.personalizekit.retrain.GateReport;
import io.personalizekit.retrain.QualityGate;
import io.personalizekit.retrain.RetrainResult;
import io.personalizekit.retrain.RetrainingLoop;
import io.personalizekit.schema.BoundSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import io.personalizekit.storage.DatasetUploader;
import io.personalizekit.storage.S3Location;
import io.personalizekit.storage.UploadResult;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalizeevents.PersonalizeEventsClient;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The article's "similar articles" system, end to end, in one main: a news catalogue and reading activity, the
 * two CSVs with their pre-flight profile, the upload to S3, the whole Personalize pipeline (dataset group, schemas,
 * datasets, import jobs, an {@code aws-similar-items} solution, a solution version and a campaign), the 25 articles
 * most similar to one article, seeding new articles, the bulk fetcher filling the cache, and (with {@code
 * --serve}) an HTTP API that serves similar articles from the cache.
 *
 * <p>By default everything runs against personalize-local started in-process, so no AWS account is needed. With
 * {@code --aws --bucket B --role-arn R [--region X]} the same code runs against real AWS with the default
 * credential chain; {@code --plan} prints what a run would create and creates nothing.
 */
public final class NewsArticlesExample implements AutoCloseable {
    /** The catalogue's "now": fixed, so every run generates the same data. */
    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    static final String GROUP = "news-articles";
    static final String SEED_ARTICLE = "article-1";

    private final ExampleOptions options;
    private final PrintStream out;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private @Nullable SimilarArticlesApi api;
    private @Nullable Deployment deployment;
    private @Nullable CacheKeyspace keyspace;
    private @Nullable SimilarItemsClient similarItemsClient;

    private NewsArticlesExample(ExampleOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /**
     * Runs the example.
     *
     * @param args the command-line options; {@code --help} lists them
     */
    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        ExampleOptions options;
        try {
            options = ExampleOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        NewsArticlesExample example = new NewsArticlesExample(options, System.out);
        try {
            example.run();
        } catch (PersonalizeKitException | UncheckedIOException | IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            example.close();
            System.exit(1);
            return;
        }
        if (options.serve()) {
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                example.close();
                stop.countDown();
            }));
            System.out.println("Press Ctrl-C to stop.");
            try {
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            example.close();
        }
    }

    /**
     * Runs the example with the given options and output, and returns it still open (serving, with {@code
     * --serve}); close it to stop. For tests and for embedding.
     *
     * @param args the command-line options
     * @param out where the report goes
     * @return the example, to close
     */
    public static NewsArticlesExample start(String[] args, PrintStream out) {
        NewsArticlesExample example = new NewsArticlesExample(ExampleOptions.parse(args), out);
        try {
            example.run();
            return example;
        } catch (RuntimeException e) {
            example.close();
            throw e;
        }
    }

    /**
     * The similar-articles API's port, with {@code --serve}.
     *
     * @return the port
     * @throws IllegalStateException when the example is not serving
     */
    public int apiPort() {
        if (api == null) {
            throw new IllegalStateException("not serving; run with --serve");
        }
        return api.port();
    }

    /**
     * What the run created (or reused): the campaign, the solution version it serves, the datasets, ...
     *
     * @return the deployment
     * @throws IllegalStateException before the pipeline ran (or with {@code --plan})
     */
    public Deployment deployment() {
        return require(deployment);
    }

    /**
     * The cache keyspace the fetcher filled: give it to every caching client that should read those lists.
     *
     * @return the keyspace
     * @throws IllegalStateException before the pipeline ran (or with {@code --plan})
     */
    public CacheKeyspace keyspace() {
        return require(keyspace);
    }

    /**
     * The live similar-items client of the run; owned by the example and closed with it.
     *
     * @return the client
     * @throws IllegalStateException before the pipeline ran (or with {@code --plan})
     */
    public SimilarItemsClient similarItemsClient() {
        return require(similarItemsClient);
    }

    private static <T> T require(@Nullable T value) {
        if (value == null) {
            throw new IllegalStateException("the pipeline has not run");
        }
        return value;
    }

    private void run() {
        long started = System.nanoTime();
        out.println("personalize-kit: the news team's similar articles, end to end"
                + (options.aws() ? " (real AWS, " + options.region() + ")" : " (embedded personalize-local)"));

        // 1. The catalogue and the reading activity.
        NewsCatalog catalog = NewsCatalog.generate(42, options.articles(), options.readers(), NOW);
        Map<String, Article> articles = new LinkedHashMap<>();
        catalog.articles().forEach(a -> articles.put(a.id(), a));
        section("1. Catalogue");
        row("articles", catalog.articles().size() + " with 1-3 of " + NewsCatalog.TOPICS.size() + " topics");
        row("readings", catalog.readings().size() + " by " + options.readers() + " readers");

        // 2. The two CSVs, written in schema column order, checked row by row, profiled.
        BoundSchema<Article> itemsSchema = SchemaBuilder.forType(DatasetType.ITEMS)
                .bind(Article.class)
                .stringField("ITEM_ID", Article::id)
                .categoricalField("LABELS", Article::labels, f -> f.nullable())
                .timestampField("CREATION_TIMESTAMP", Article::createdAt)
                .build();
        BoundSchema<Reading> interactionsSchema = SchemaBuilder.forType(DatasetType.INTERACTIONS)
                .bind(Reading.class)
                .stringField("USER_ID", Reading::userId)
                .stringField("ITEM_ID", Reading::articleId)
                .timestampField("TIMESTAMP", Reading::at)
                .build();
        Path itemsCsv = options.workDir().resolve("items.csv");
        Path interactionsCsv = options.workDir().resolve("interactions.csv");
        createDirectories(options.workDir());
        try (ItemCsvWriter<Article> w =
                ItemCsvWriter.builder(itemsSchema).path(itemsCsv).build()) {
            w.writeAll(catalog.articles());
            w.commit();
        }
        DatasetProfile profile;
        try (DatasetCsvWriter<Reading> w = DatasetCsvWriter.builder(interactionsSchema)
                .path(interactionsCsv)
                .build()) {
            w.writeAll(catalog.readings());
            w.commit();
            profile = w.profile();
        }
        section("2. CSV files and pre-flight checks");
        row("items.csv", itemsCsv.toString());
        row(
                "interactions.csv",
                interactionsCsv + " (" + profile.rows() + " rows, " + profile.uniqueUsers() + " users, "
                        + profile.uniqueItems() + " items)");
        row(
                "users with 2+",
                String.format(
                        Locale.ROOT,
                        "%d (%.1f %%)",
                        profile.usersWithAtLeastTwoInteractions(),
                        100 * profile.shareOfUsersWithAtLeastTwoInteractions()));
        for (PreflightCheck c : profile.checks()) {
            row(c.passed() ? "ok" : "FAILED", c.message());
        }
        if (!profile.meetsMinimums()) {
            throw new IllegalArgumentException("the interactions fall under Personalize's training minimums");
        }

        // 3. The clients: the embedded personalize-local by default, real AWS with --aws.
        Clients clients = options.aws() ? Clients.aws(options.region()) : Clients.local(resources);
        resources.add(clients);

        // 4. Upload both files.
        section("3. Upload to S3");
        if (!options.aws() && !options.plan()) {
            clients.s3().createBucket(b -> b.bucket(options.bucket()));
        }
        S3Location itemsLocation = S3Location.of(options.bucket(), GROUP + "/items.csv");
        S3Location interactionsLocation = S3Location.of(options.bucket(), GROUP + "/interactions.csv");
        if (!options.plan()) {
            DatasetUploader uploader =
                    DatasetUploader.builder().s3Client(clients.s3()).build();
            UploadResult i1 = uploader.upload(itemsCsv, itemsLocation);
            UploadResult i2 = uploader.upload(interactionsCsv, interactionsLocation);
            row("items", i1.uri() + " (" + i1.size() + " bytes)");
            row("interactions", i2.uri() + " (" + i2.size() + " bytes)");
        } else {
            row("skipped", "--plan uploads nothing");
        }

        // 5. The pipeline: find-or-create each resource, wait for ACTIVE.
        PipelineSpec spec = PipelineSpec.builder()
                .datasetGroup(g -> g.name(GROUP)
                        .addDataset(d -> d.schema(itemsSchema.schema())
                                .name(GROUP + "-items")
                                .addImport(i -> i.dataLocation(itemsLocation)
                                        .importMode(ImportMode.FULL)
                                        .roleArn(options.roleArn())))
                        .addDataset(d -> d.schema(interactionsSchema.schema())
                                .name(GROUP + "-interactions")
                                .addImport(i -> i.dataLocation(interactionsLocation)
                                        .importMode(ImportMode.FULL)
                                        .roleArn(options.roleArn()))))
                .solution(s -> s.name(GROUP + "-similar")
                        .recipeArn(SolutionSpec.SIMILAR_ITEMS_RECIPE)
                        .performAutoTraining(false))
                .campaign(c -> c.name(GROUP + "-similar").minProvisionedTps(1))
                .build();
        PipelineOrchestrator.Builder pipeline = PipelineOrchestrator.builder()
                .personalizeClient(clients.personalize())
                .listener(new ProgressPrinter(out));
        PersonalizeLocal local = clients.local();
        if (local != null) {
            // personalize-local's waiter polls at the emulator's pace; on AWS the per-type defaults apply.
            pipeline.waiter(local.resourceWaiter());
        }
        PipelineOrchestrator orchestrator = pipeline.build();
        resources.add(orchestrator);
        if (options.plan()) {
            section("4. Plan (nothing is created)");
            PipelinePlan plan = orchestrator.plan(spec);
            plan.steps().forEach(s -> out.println("  " + s));
            return;
        }
        section("4. Pipeline");
        PipelineResult result = orchestrator.run(spec);
        Deployment deployment = result.deployment(); // typed references to everything the spec holds
        this.deployment = deployment;
        row("done in", human(result.duration()));

        // 6. The 25 articles most similar to one article.
        SimilarItemsClient similar = SimilarItemsClient.builder()
                .runtimeClient(clients.runtime())
                .deployment(deployment)
                .catalog(articles::containsKey)
                .build();
        resources.add(similar);
        this.similarItemsClient = similar;
        Article seed = articles.get(SEED_ARTICLE);
        SimilarItems top = similar.similarTo(seed.id());
        section("5. The 25 articles most similar to " + seed.id() + " " + seed.labels());
        int sameTopic = 0;
        int rank = 0;
        for (RecommendedItem item : top.items()) {
            Article a = articles.get(item.itemId());
            List<String> labels = a == null ? List.of("?") : a.labels();
            if (a != null && a.labels().contains(seed.primaryTopic())) {
                sameTopic++;
            }
            out.printf(Locale.ROOT, "  %2d. %-14s %s%n", ++rank, item.itemId(), String.join("|", labels));
        }
        row(
                "source",
                top.source() + ", " + sameTopic + " of " + top.items().size() + " share the topic "
                        + seed.primaryTopic());

        // 7. Seed a few new articles, as the article's DataSeederJob did.
        ItemSeeder<Article> seeder = ItemSeeder.builder(itemsSchema)
                .eventsClient(clients.events())
                .dataset(deployment.dataset(DatasetType.ITEMS))
                .build();
        List<Article> fresh = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            fresh.add(new Article("article-new-" + i, List.of(NewsCatalog.TOPICS.get(i)), NOW));
        }
        DeliveryResult seeded = seeder.seed(fresh);
        section("6. Seeding new articles (PutItems)");
        row("seeded", seeded.sent() + " sent, " + seeded.failed() + " failed, in " + seeded.requests() + " request(s)");

        // 8. The bulk fetcher: every article's similar list into the cache, switched in atomically.
        RecommendationStore store = openStore();
        resources.add(store);
        // One keyspace for the fetcher and every reader, so they cannot disagree on the lists' shape.
        CacheKeyspace keyspace =
                CacheKeyspace.builder().deployment(deployment).numResults(25).build();
        this.keyspace = keyspace;
        FetchSummary summary = RecommendationFetcher.builder()
                .client(similar)
                .store(store)
                .keyspace(keyspace)
                .maxTps(RecommendationFetcher.MAX_CAMPAIGN_TPS)
                .maxConcurrency(8)
                .build()
                .run(articles.keySet());
        section("7. Fetcher");
        row(
                "cached",
                summary.fetched() + summary.resumed() + "/" + summary.total() + " articles, "
                        + summary.failed() + " failed, in " + human(summary.elapsed())
                        + String.format(Locale.ROOT, " (%.0f/s)", summary.rate()));
        row("generation", summary.generation() + (summary.activated() ? " (active)" : " (NOT activated)"));

        // "For you" for one reader, and the erasure of one reader (a self-contained block).
        forYouAndErasure(clients, orchestrator, spec, store, articles);
        // 9b. Two weeks later: the periodic refresh, through the quality-gated retraining loop.
        keyspace = periodicRefresh(clients, deployment, similar, store, keyspace, List.copyOf(articles.keySet()));
        this.keyspace = keyspace;

        // 9. The API, serving from the cache.
        if (options.serve()) {
            api = SimilarArticlesApi.start(options.port(), similar, store, keyspace, articles);
            resources.add(api);
            section("8. API");
            row("listening", "http://127.0.0.1:" + api.port() + "/articles/" + SEED_ARTICLE + "/similar?n=25");
        }
        out.println();
        out.println("Finished in " + human(Duration.ofNanos(System.nanoTime() - started)) + ".");
    }

    /**
     * The article's refresh every two weeks, made safe by {@link RetrainingLoop}: the new readers' activity is
     * imported (INCREMENTAL), a new version is trained once, and only when its offline metrics are no worse than the
     * live version's does the campaign move to it and the cache get a new generation for it.
     *
     * @return the keyspace readers should use now: the new version's when promoted, else the old one
     */
    private CacheKeyspace periodicRefresh(
            Clients clients,
            Deployment live,
            SimilarItemsClient similar,
            RecommendationStore store,
            CacheKeyspace keyspace,
            List<String> articleIds) {
        section("7b. Periodic refresh (retraining with a quality gate)");
        // New activity: the same catalogue read by a quarter more readers (the generator's first readers are ours).
        int newReaders = Math.max(1, options.readers() / 4);
        NewsCatalog later = NewsCatalog.generate(42, options.articles(), options.readers() + newReaders, NOW);
        List<Reading> fresh = later.readings().stream()
                .filter(r -> Integer.parseInt(r.userId().substring("reader-".length())) > options.readers())
                .toList();
        BoundSchema<Reading> schema = SchemaBuilder.forType(DatasetType.INTERACTIONS)
                .bind(Reading.class)
                .stringField("USER_ID", Reading::userId)
                .stringField("ITEM_ID", Reading::articleId)
                .timestampField("TIMESTAMP", Reading::at)
                .build();
        Path csv = options.workDir().resolve("interactions-refresh-1.csv");
        try (DatasetCsvWriter<Reading> w =
                DatasetCsvWriter.builder(schema).path(csv).build()) {
            w.writeAll(fresh);
            w.commit();
        }
        S3Location location = S3Location.of(options.bucket(), GROUP + "/interactions-refresh-1.csv");
        DatasetUploader.builder().s3Client(clients.s3()).build().upload(csv, location);
        row("new readings", fresh.size() + " by " + newReaders + " new readers");

        RetrainingLoop.Builder loop = RetrainingLoop.builder()
                .personalizeClient(clients.personalize())
                .deployment(live)
                .qualityGate(g ->
                        g.metrics(List.of(QualityGate.NDCG_AT_25, QualityGate.PRECISION_AT_25, QualityGate.COVERAGE)))
                .cacheRefresh(CacheRefresh.builder()
                        .client(similar)
                        .store(store)
                        .keyspace(keyspace)
                        .itemIds(articleIds)
                        .fetcher(f ->
                                f.maxTps(RecommendationFetcher.MAX_CAMPAIGN_TPS).maxConcurrency(8))
                        .build());
        PersonalizeLocal local = clients.local();
        if (local != null) {
            loop.waiter(local.resourceWaiter());
        }
        RetrainResult result;
        try (RetrainingLoop retraining = loop.build()) {
            result = retraining.run(r -> r.runId("refresh-1") // a re-run of the example resumes this refresh
                    .addImport(DatasetType.INTERACTIONS, location.toString())
                    .roleArn(options.roleArn()));
        }
        GateReport gate = result.gate().orElseThrow();
        for (String line : gate.table().split("\n")) {
            out.println("  " + line);
        }
        row("refresh", result.outcome() + (result.trained() ? " (trained 1 new version)" : " (version found)"));
        if (!result.promoted()) {
            row("campaign", "still serves " + live.solutionVersion().versionId() + "; cache unchanged");
            return keyspace;
        }
        SolutionVersionRef now = result.candidate().orElseThrow();
        this.deployment = live.copy(b -> b.solutionVersion(now));
        row("campaign", "moved from " + live.solutionVersion().versionId() + " to " + now.versionId());
        FetchSummary fetched = result.fetch().orElse(null);
        if (fetched != null) {
            row(
                    "cache",
                    fetched.fetched() + fetched.resumed() + "/" + fetched.total() + " articles in generation "
                            + fetched.generation() + (fetched.activated() ? " (active)" : " (NOT activated)"));
        } else {
            row("cache", "already refreshed for " + now.versionId());
        }
        return keyspace.copy(b -> b.solutionVersionArn(now.arn()));
    }

    /** The reader whose "for you" list is shown and who is then erased. */
    static final String FOR_YOU_READER = "reader-1";

    /**
     * A "for you" list for one reader from a User-Personalization-v2 campaign trained on the same dataset group (the
     * pipeline run again with a second solution and campaign: what exists is found, not created again), cached per
     * reader; then the erasure of that reader with a data deletion job, which also purges the cached list.
     */
    private void forYouAndErasure(
            Clients clients,
            PipelineOrchestrator orchestrator,
            PipelineSpec spec,
            RecommendationStore store,
            Map<String, Article> articles) {
        PipelineSpec forYouSpec = spec.toBuilder()
                .solution(s -> s.name(GROUP + "-for-you")
                        .recipeArn(io.personalizekit.recipe.Recipe.USER_PERSONALIZATION_V2.arn())
                        .performAutoTraining(false))
                .campaign(c -> c.name(GROUP + "-for-you").minProvisionedTps(1))
                .build();
        section("For you (User-Personalization-v2)");
        Deployment forYouDeployment = orchestrator.run(forYouSpec).deployment();
        io.personalizekit.recommend.UserRecommendationsClient live =
                io.personalizekit.recommend.UserRecommendationsClient.builder()
                        .runtimeClient(clients.runtime())
                        .deployment(forYouDeployment)
                        .recipe(io.personalizekit.recipe.Recipe.USER_PERSONALIZATION_V2)
                        .build();
        resources.add(live);
        io.personalizekit.cache.CachingUserRecommendationsClient forYou =
                io.personalizekit.cache.CachingUserRecommendationsClient.builder()
                        .delegate(live)
                        .deployment(forYouDeployment)
                        .store(
                                store instanceof io.personalizekit.cache.UserRecommendationStore u
                                        ? u
                                        : InMemoryRecommendationStore.create())
                        .build();
        resources.add(forYou);
        io.personalizekit.recommend.UserRecommendations list =
                forYou.recommendations(r -> r.userId(FOR_YOU_READER).numResults(10));
        int rank = 0;
        for (RecommendedItem item : list.items()) {
            Article a = articles.get(item.itemId());
            List<String> labels = a == null ? List.of("?") : a.labels();
            out.printf(Locale.ROOT, "  %2d) %-14s %s%n", ++rank, item.itemId(), String.join("|", labels));
        }
        io.personalizekit.recommend.UserRecommendations again =
                forYou.recommendations(r -> r.userId(FOR_YOU_READER).numResults(10));
        row(
                "for you",
                list.items().size() + " articles for " + FOR_YOU_READER + ", " + list.source() + " then "
                        + again.source());

        section("Erasure of " + FOR_YOU_READER);
        io.personalizekit.erasure.UserEraser.Builder eraser = io.personalizekit.erasure.UserEraser.builder()
                .personalizeClient(clients.personalize())
                .s3Client(clients.s3())
                .deployment(forYouDeployment)
                .roleArn(options.roleArn())
                .stagingLocation(S3Location.of(options.bucket(), GROUP + "/erasure/"))
                .workDirectory(options.workDir())
                .purge(forYou);
        PersonalizeLocal local = clients.local();
        if (local != null) {
            eraser.waiter(local.resourceWaiter());
        }
        io.personalizekit.erasure.ErasureReport report = eraser.build().erase(List.of(FOR_YOU_READER));
        row("deletion job", "COMPLETED, " + report.numDeleted() + " user(s) deleted");
        row("cache purged", report.purgedCacheEntryCount() + " list(s) of " + FOR_YOU_READER);
        row(
                "next model",
                report.forgetting().state() + ": " + report.forgetting().describe());
    }

    private RecommendationStore openStore() {
        String url = options.redisUrl();
        if (url == null) {
            return InMemoryRecommendationStore.create();
        }
        try {
            RecommendationStore redis = RedisRecommendationStore.builder()
                    .redisUri(url)
                    .keyPrefix("news:")
                    .build();
            redis.activeGeneration(CacheKeyspace.builder()
                    .campaignArn("arn:aws:personalize:us-east-1:000000000000:campaign/probe")
                    .solutionVersionArn("arn:aws:personalize:us-east-1:000000000000:solution/probe/0")
                    .build());
            out.println("  cache: Redis at " + redactedUrl(url));
            return redis;
        } catch (RuntimeException e) {
            out.println("  cache: Redis at " + redactedUrl(url) + " is unreachable (" + rootMessage(e)
                    + "); using the in-memory store instead.");
            return InMemoryRecommendationStore.create();
        }
    }

    private void section(String title) {
        out.println();
        out.println(title);
    }

    private void row(String label, String value) {
        out.printf(Locale.ROOT, "  %-16s %s%n", label, value);
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        return ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private static String redactedUrl(String url) {
        return url.replaceAll("//[^@/]*@", "//***@");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /** Stops the API (if serving), closes the clients and stops personalize-local. */
    @Override
    public void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                out.println("  (while closing: " + e.getMessage() + ")");
            }
        }
        resources.clear();
    }

    /** Prints one aligned line per finished pipeline step. */
    private static final class ProgressPrinter implements PipelineListener {
        private final PrintStream out;

        ProgressPrinter(PrintStream out) {
            this.out = out;
        }

        @Override
        public void onStepCompleted(StepOutcome o) {
            out.printf(Locale.ROOT, "  %-44s %-8s %-8s %s%n", o.step(), o.action(), o.status(), human(o.duration()));
        }

        @Override
        public void onStepFailed(String step, @Nullable String arn, Throwable cause) {
            out.printf(Locale.ROOT, "  %-44s FAILED   %s%n", step, cause.getMessage());
        }
    }

    /** The SDK clients of one run, and what owns them. */
    private record Clients(
            PersonalizeClient personalize,
            PersonalizeRuntimeClient runtime,
            PersonalizeEventsClient events,
            S3Client s3,
            @Nullable PersonalizeLocal local)
            implements AutoCloseable {

        static Clients local(List<AutoCloseable> resources) {
            PersonalizeLocal local =
                    PersonalizeLocal.builder().port(0).s3Port(0).build().start();
            return new Clients(
                    local.personalizeClient(), local.runtimeClient(), local.eventsClient(), local.s3Client(), local);
        }

        static Clients aws(String region) {
            Region r = Region.of(region);
            return new Clients(
                    PersonalizeClient.builder().region(r).build(),
                    PersonalizeRuntimeClient.builder().region(r).build(),
                    PersonalizeEventsClient.builder().region(r).build(),
                    S3Client.builder().region(r).build(),
                    null);
        }

        @Override
        public void close() {
            if (local != null) {
                local.close(); // closes the clients it made
            } else {
                personalize.close();
                runtime.close();
                events.close();
                s3.close();
            }
        }
    }
}
