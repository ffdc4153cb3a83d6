package io.personalizekit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.cache.CacheKeyspace;
import io.personalizekit.cache.FetchSummary;
import io.personalizekit.cache.InMemoryRecommendationStore;
import io.personalizekit.cache.RecommendationFetcher;
import io.personalizekit.examples.news.Article;
import io.personalizekit.examples.news.NewsCatalog;
import io.personalizekit.examples.news.Reading;
import io.personalizekit.local.PersonalizeLocal;
import io.personalizekit.local.PersonalizeLocalExtension;
import io.personalizekit.pipeline.ImportMode;
import io.personalizekit.pipeline.PipelineOrchestrator;
import io.personalizekit.pipeline.PipelineSpec;
import io.personalizekit.pipeline.SolutionSpec;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.resource.Deployment;
import io.personalizekit.retrain.CacheRefresh;
import io.personalizekit.retrain.QualityGate;
import io.personalizekit.retrain.RetrainListener;
import io.personalizekit.retrain.RetrainOutcome;
import io.personalizekit.retrain.RetrainResult;
import io.personalizekit.retrain.RetrainStep;
import io.personalizekit.retrain.RetrainingLoop;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The retraining loop end to end on personalize-local: real imports, real training of the Similar-Items model, real
 * held-out metrics from {@code GetSolutionMetrics}, a real campaign update and a real fetch into the cache. The
 * quality gate refuses a model trained on interactions whose item ids were shuffled, promotes one trained on more
 * genuine data, and a run that crashes between steps is finished by a re-run without a second training.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RetrainingLoopLocalTest {
    @RegisterExtension
    static final PersonalizeLocalExtension LOCAL = PersonalizeLocalExtension.withOptions(o -> o.timeScale(0));

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final NewsCatalog NEWS = NewsCatalog.generate(7, 150, 400, NOW);

    private static final DatasetSchema ITEMS = SchemaBuilder.forType(DatasetType.ITEMS)
            .stringField("ITEM_ID")
            .stringField("LABELS", f -> f.nullable().categorical())
            .longField("CREATION_TIMESTAMP")
            .build();
    private static final DatasetSchema INTERACTIONS = SchemaBuilder.forType(DatasetType.INTERACTIONS)
            .stringField("USER_ID")
            .stringField("ITEM_ID")
            .longField("TIMESTAMP")
            .build();

    /**
     * The metrics the brief of the gate names, each at most 2 % worse. The @5 and @10 metrics of a few hundred
     * held-out readers move by several per cent between two genuine models, so they are left out.
     */
    private static final QualityGate GATE = QualityGate.builder()
            .metrics(List.of(QualityGate.NDCG_AT_25, QualityGate.PRECISION_AT_25, QualityGate.COVERAGE))
            .build();

    /** One deployment of its own per test, with a filled cache generation. */
    private static final class Fixture {
        final PersonalizeLocal local;
        final String group;
        final Deployment deployment;
        final InMemoryRecommendationStore store = InMemoryRecommendationStore.create();
        final SimilarItemsClient similar;
        final CacheKeyspace keyspace;
        final long generation;

        Fixture(PersonalizeLocal local, String group, List<Reading> readings) {
            this.local = local;
            this.group = group;
            local.s3Client().createBucket(b -> b.bucket(group));
            String items = put(local, group, "items.csv", itemsCsv());
            String interactions = put(local, group, "interactions.csv", interactionsCsv(readings));
            PipelineSpec spec = PipelineSpec.builder()
                    .datasetGroup(g -> g.name(group)
                            .addDataset(d -> d.schema(ITEMS).addImport(i -> i.dataLocation(items)))
                            .addDataset(d -> d.schema(INTERACTIONS).addImport(i -> i.dataLocation(interactions))))
                    .solution(s -> s.name(group).recipeArn(SolutionSpec.SIMILAR_ITEMS_RECIPE))
                    .campaign(c -> c.name(group))
                    .build();
            try (PipelineOrchestrator pipeline = PipelineOrchestrator.builder()
                    .personalizeClient(local.personalizeClient())
                    .waiter(local.resourceWaiter())
                    .build()) {
                deployment = pipeline.run(spec).deployment();
            }
            similar = SimilarItemsClient.builder()
                    .runtimeClient(local.runtimeClient())
                    .deployment(deployment)
                    .build();
            keyspace = CacheKeyspace.builder()
                    .deployment(deployment)
                    .numResults(10)
                    .build();
            FetchSummary first = RecommendationFetcher.builder()
                    .client(similar)
                    .store(store)
                    .keyspace(keyspace)
                    .build()
                    .run(itemIds());
            assertThat(first.activated()).isTrue();
            generation = first.generation();
        }

        RetrainingLoop.Builder loop() {
            return RetrainingLoop.builder()
                    .personalizeClient(local.personalizeClient())
                    .waiter(local.resourceWaiter())
                    .deployment(deployment)
                    .qualityGate(GATE)
                    .cacheRefresh(CacheRefresh.builder()
                            .client(similar)
                            .store(store)
                            .keyspace(keyspace)
                            .itemIds(itemIds())
                            .build());
        }

        String upload(String key, List<Reading> readings) {
            return put(local, group, key, interactionsCsv(readings));
        }

        String servedVersion() {
            return local.personalizeClient()
                    .describeCampaign(b -> b.campaignArn(deployment.campaign().arn()))
                    .campaign()
                    .solutionVersionArn();
        }

        long versions() {
            return local.personalizeClient()
                    .listSolutionVersions(
                            b -> b.solutionArn(deployment.solution().arn()))
                    .solutionVersions()
                    .size();
        }
    }

    private static String put(PersonalizeLocal local, String bucket, String key, String body) {
        local.s3Client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(body));
        return "s3://" + bucket + "/" + key;
    }

    private static List<String> itemIds() {
        return NEWS.articles().stream().map(Article::id).collect(Collectors.toList());
    }

    private static String itemsCsv() {
        StringBuilder sb = new StringBuilder("ITEM_ID,LABELS,CREATION_TIMESTAMP\n");
        for (Article a : NEWS.articles()) {
            sb.append(a.id())
                    .append(',')
                    .append(String.join("|", a.labels()))
                    .append(',')
                    .append(a.createdAt().getEpochSecond())
                    .append('\n');
        }
        return sb.toString();
    }

    private static String interactionsCsv(List<Reading> readings) {
        StringBuilder sb = new StringBuilder("USER_ID,ITEM_ID,TIMESTAMP\n");
        for (Reading r : readings) {
            sb.append(r.userId())
                    .append(',')
                    .append(r.articleId())
                    .append(',')
                    .append(r.at().getEpochSecond())
                    .append('\n');
        }
        return sb.toString();
    }

    /** The same rows with their item ids shuffled among them: the same popularity, no co-reading signal at all. */
    private static List<Reading> shuffledItems(List<Reading> readings) {
        List<String> ids = readings.stream().map(Reading::articleId).collect(Collectors.toList());
        Collections.shuffle(ids, new Random(11));
        List<Reading> out = new ArrayList<>();
        for (int i = 0; i < readings.size(); i++) {
            Reading r = readings.get(i);
            out.add(new Reading(r.userId(), ids.get(i), r.at()));
        }
        return out;
    }

    /** The readings of the first {@code share} of the readers. */
    private static List<Reading> readersUpTo(double share) {
        int limit = (int) (400 * share);
        return NEWS.readings().stream()
                .filter(r -> Integer.parseInt(r.userId().substring("reader-".length())) <= limit)
                .collect(Collectors.toList());
    }

    @Test
    void run_whenTheNewModelWasTrainedOnShuffledItemIds_refusesIt_andLeavesCampaignAndCacheAlone() {
        Fixture f = new Fixture(LOCAL.local(), "retrain-shuffled", NEWS.readings());
        String live = f.servedVersion();
        String shuffled = f.upload("shuffled.csv", shuffledItems(NEWS.readings()));
        long updates = f.local.requestCount("UpdateCampaign");
        long gets = f.local.requestCount("GetRecommendations");

        RetrainResult result;
        try (RetrainingLoop loop = f.loop().build()) {
            result = loop.run(r -> r.runId("shuffled")
                    .addImport(DatasetType.INTERACTIONS, shuffled)
                    .importMode(ImportMode.FULL));
        }

        assertThat(result.outcome()).as(result.report()).isEqualTo(RetrainOutcome.REFUSED);
        assertThat(result.trained()).isTrue();
        assertThat(result.gate().orElseThrow().failures())
                .extracting(c -> c.metric())
                .contains(QualityGate.NDCG_AT_25, QualityGate.PRECISION_AT_25);
        assertThat(result.report())
                .contains("live (" + live.substring(live.lastIndexOf('/') + 1) + ")")
                .contains(QualityGate.NDCG_AT_25)
                .contains("gate: REFUSED")
                .contains("campaign:  not updated; cache: not refreshed");
        assertThat(f.servedVersion()).isEqualTo(live);
        assertThat(f.local.requestCount("UpdateCampaign")).isEqualTo(updates);
        assertThat(f.local.requestCount("GetRecommendations")).isEqualTo(gets);
        assertThat(f.store.activeGeneration(f.keyspace)).hasValue(f.generation);
        String candidate = result.candidate().orElseThrow().arn();
        assertThat(f.store.activeGeneration(f.keyspace.copy(b -> b.solutionVersionArn(candidate))))
                .isEmpty();
    }

    @Test
    void run_whenTheNewModelWasTrainedOnMoreGenuineData_promotesIt_andSwitchesTheCacheGeneration() {
        Fixture f = new Fixture(LOCAL.local(), "retrain-more", readersUpTo(0.6));
        String live = f.servedVersion();
        List<Reading> rest = new ArrayList<>(NEWS.readings());
        rest.removeAll(readersUpTo(0.6));
        String more = f.upload("more.csv", rest);

        RetrainResult result;
        try (RetrainingLoop loop = f.loop().build()) {
            result = loop.run(r -> r.runId("more").addImport(DatasetType.INTERACTIONS, more));
        }

        assertThat(result.outcome()).as(result.report()).isEqualTo(RetrainOutcome.PROMOTED);
        String candidate = result.candidate().orElseThrow().arn();
        assertThat(candidate).isNotEqualTo(live);
        assertThat(f.servedVersion()).isEqualTo(candidate);
        assertThat(result.campaignUpdated()).isTrue();
        FetchSummary fetch = result.fetch().orElseThrow();
        assertThat(fetch.activated()).isTrue();
        assertThat(fetch.fetched()).isEqualTo(NEWS.articles().size());
        CacheKeyspace next = f.keyspace.copy(b -> b.solutionVersionArn(candidate));
        assertThat(f.store.activeGeneration(next)).hasValue(fetch.generation());
        assertThat(result.report()).contains("gate: PASSED").contains("campaign:  updated");
    }

    /** Where the injected crash happens: after a step finished, before the next one starts. */
    enum Crash {
        AFTER_TRAINING(RetrainStep.TRAIN),
        AFTER_THE_GATE(RetrainStep.EVALUATE),
        AFTER_THE_CAMPAIGN_UPDATE(RetrainStep.UPDATE_CAMPAIGN);

        final RetrainStep after;

        Crash(RetrainStep after) {
            this.after = after;
        }
    }

    @ParameterizedTest
    @EnumSource(Crash.class)
    void run_afterACrashBetweenSteps_finishesWithoutASecondTrainingOrUpdate(Crash crash) {
        Fixture f = new Fixture(LOCAL.local(), "retrain-crash-" + crash.ordinal(), readersUpTo(0.6));
        List<Reading> rest = new ArrayList<>(NEWS.readings());
        rest.removeAll(readersUpTo(0.6));
        String more = f.upload("more.csv", rest);
        long versionsBefore = f.versions();
        long imports = f.local.requestCount("CreateDatasetImportJob");
        long trainings = f.local.requestCount("CreateSolutionVersion");
        long updates = f.local.requestCount("UpdateCampaign");
        RetrainListener crashing = new RetrainListener() {
            @Override
            public void onStepCompleted(RetrainStep step, String detail) {
                if (step == crash.after) {
                    throw new IllegalStateException("injected crash after " + step);
                }
            }
        };
        try (RetrainingLoop loop = f.loop().listener(crashing).build()) {
            assertThatThrownBy(() -> loop.run(r -> r.runId("weekly").addImport(DatasetType.INTERACTIONS, more)))
                    .isInstanceOf(IllegalStateException.class) // a listener's exception stops the run as it is
                    .hasMessage("injected crash after " + crash.after);
        }

        RetrainResult resumed;
        try (RetrainingLoop loop = f.loop().build()) {
            resumed = loop.run(r -> r.runId("weekly").addImport(DatasetType.INTERACTIONS, more));
        }

        assertThat(resumed.outcome()).as(resumed.report()).isEqualTo(RetrainOutcome.PROMOTED);
        assertThat(resumed.trained()).isFalse();
        assertThat(f.local.requestCount("CreateSolutionVersion") - trainings).isEqualTo(1);
        assertThat(f.local.requestCount("CreateDatasetImportJob") - imports).isEqualTo(1);
        assertThat(f.local.requestCount("UpdateCampaign") - updates).isEqualTo(1);
        assertThat(f.versions()).isEqualTo(versionsBefore + 1);
        String candidate = resumed.candidate().orElseThrow().arn();
        assertThat(f.servedVersion()).isEqualTo(candidate);
        assertThat(resumed.liveVersion().orElseThrow().arn()).isNotEqualTo(candidate);
        assertThat(f.store.activeGeneration(f.keyspace.copy(b -> b.solutionVersionArn(candidate))))
                .isPresent();
    }
}
