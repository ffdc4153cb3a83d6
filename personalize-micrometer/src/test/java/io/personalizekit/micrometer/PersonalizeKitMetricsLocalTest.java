package io.personalizekit.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.personalizekit.cache.CacheKeyspace;
import io.personalizekit.cache.CachingSimilarItemsClient;
import io.personalizekit.cache.FetchSummary;
import io.personalizekit.cache.InMemoryRecommendationStore;
import io.personalizekit.cache.RecommendationFetcher;
import io.personalizekit.events.EventRecorder;
import io.personalizekit.local.PersonalizeLocal;
import io.personalizekit.local.PersonalizeLocalExtension;
import io.personalizekit.pipeline.PipelineOrchestrator;
import io.personalizekit.pipeline.PipelineSpec;
import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.resource.Deployment;
import io.personalizekit.resource.ResourceType;
import io.personalizekit.schema.BoundSchema;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import io.personalizekit.waiter.ResourceWaiter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalizeevents.PersonalizeEventsClient;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The Micrometer meters of the real classes against personalize-local: the pipeline's waits, a fetcher run over a
 * trained campaign, the caching client reading what it stored, and the recorder streaming events, all into one
 * {@link SimpleMeterRegistry}.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PersonalizeKitMetricsLocalTest {

    @RegisterExtension
    static final PersonalizeLocalExtension LOCAL = PersonalizeLocalExtension.create();

    static final DatasetSchema INTERACTIONS = SchemaBuilder.forType(DatasetType.INTERACTIONS)
            .stringField("USER_ID")
            .stringField("ITEM_ID")
            .longField("TIMESTAMP")
            .build();

    record Read(String user, String item) {}

    static final BoundSchema<Read> READS = SchemaBuilder.forType(DatasetType.INTERACTIONS)
            .bind(Read.class)
            .stringField("USER_ID", Read::user)
            .stringField("ITEM_ID", Read::item)
            .timestampField("TIMESTAMP", r -> Instant.ofEpochSecond(1_700_000_000L))
            .build();

    static final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    static final PersonalizeKitMetrics metrics = PersonalizeKitMetrics.of(registry);
    static Deployment deployment;

    @BeforeAll
    static void provision() {
        PersonalizeLocal local = LOCAL.local();
        PersonalizeClient personalize = local.personalizeClient();
        S3Client s3 = local.s3Client();
        s3.createBucket(b -> b.bucket("metrics"));
        s3.putObject(b -> b.bucket("metrics").key("interactions.csv"), RequestBody.fromString(interactions()));
        PipelineSpec spec = PipelineSpec.builder()
                .datasetGroup(g -> g.name("metrics")
                        .addDataset(d -> d.schema(INTERACTIONS)
                                .addImport(i -> i.dataLocation("s3://metrics/interactions.csv")
                                        .roleArn("arn:aws:iam::000000000000:role/Personalize"))))
                .solution(s -> s.name("metrics-similar").performAutoTraining(false))
                .campaign(c -> c.name("metrics-similar"))
                .eventTrackerName("metrics-reads")
                .build();
        ResourceWaiter.Builder waiter = ResourceWaiter.builder().personalizeClient(personalize);
        for (ResourceType type : ResourceType.values()) {
            waiter.policy(type, local.waitPolicy(type)); // the emulator's pace
        }
        try (ResourceWaiter w = waiter.listener(metrics).build();
                PipelineOrchestrator orchestrator = PipelineOrchestrator.builder()
                        .personalizeClient(personalize)
                        .waiter(w)
                        .build()) {
            deployment = orchestrator.run(spec).deployment();
        }
    }

    static double count(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    static long timerCount(String name, String... tags) {
        return registry.get(name).tags(tags).timer().count();
    }

    @Test
    void pipelineWaits_areTimedPerResourceTypeAndOutcome() {
        Set<String> types = registry.find(PersonalizeKitMetrics.WAITER_DURATION).timers().stream()
                .map(t -> t.getId().getTag("resource.type") + "/" + t.getId().getTag("outcome"))
                .collect(Collectors.toSet());

        assertThat(types)
                .contains(
                        "dataset_group/succeeded",
                        "dataset_import_job/succeeded",
                        "solution_version/succeeded",
                        "campaign/succeeded");
        assertThat(timerCount(
                        PersonalizeKitMetrics.WAITER_DURATION,
                        "resource.type",
                        "solution_version",
                        "condition",
                        "active",
                        "outcome",
                        "succeeded"))
                .isEqualTo(1);
        assertThat(timerCount(
                        PersonalizeKitMetrics.WAITER_DURATION,
                        "resource.type",
                        "campaign",
                        "condition",
                        "active",
                        "outcome",
                        "succeeded"))
                .isEqualTo(1);
    }

    @Test
    void fetcherThenCachingClient_countItemsCallsProgressAndRequests() {
        PersonalizeLocal local = LOCAL.local();
        String arn = deployment.campaign().arn();
        Set<String> known = new HashSet<>();
        List<String> catalogue = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            known.add("item-" + i);
            catalogue.add("item-" + i);
        }
        catalogue.add("item-new"); // not trained on: popular items, a FALLBACK
        PersonalizeRuntimeClient runtime = local.runtimeClient();
        CacheKeyspace keyspace =
                CacheKeyspace.builder().deployment(deployment).numResults(10).build();
        try (SimilarItemsClient live = SimilarItemsClient.builder()
                        .runtimeClient(runtime)
                        .deployment(deployment)
                        .catalog(known::contains)
                        .build();
                InMemoryRecommendationStore store = InMemoryRecommendationStore.create()) {
            FetchSummary summary = RecommendationFetcher.builder()
                    .client(live)
                    .store(store)
                    .keyspace(keyspace)
                    .maxTps(400)
                    .listener(metrics)
                    .build()
                    .run(catalogue);
            assertThat(summary.activated()).isTrue();

            assertThat(count(PersonalizeKitMetrics.FETCHER_ITEMS, "arn", arn, "outcome", "fetched"))
                    .isEqualTo(60);
            assertThat(count(PersonalizeKitMetrics.FETCHER_ITEMS, "arn", arn, "outcome", "fallback"))
                    .isEqualTo(1);
            assertThat(registry.find(PersonalizeKitMetrics.FETCHER_ITEMS)
                            .tags("outcome", "failed")
                            .counter())
                    .isNull();
            assertThat(timerCount(
                            PersonalizeKitMetrics.LIVE_CALLS, "arn", arn, "origin", "fetcher", "outcome", "success"))
                    .isEqualTo(61);
            assertThat(registry.get(PersonalizeKitMetrics.FETCHER_PROGRESS)
                            .tags("arn", arn)
                            .gauge()
                            .value())
                    .isEqualTo(1.0);
            assertThat(registry.get(PersonalizeKitMetrics.FETCHER_REMAINING)
                            .tags("arn", arn)
                            .gauge()
                            .value())
                    .isZero();
            assertThat(registry.get(PersonalizeKitMetrics.FETCHER_RATE)
                            .tags("arn", arn)
                            .gauge()
                            .value())
                    .isPositive();
            assertThat(timerCount(PersonalizeKitMetrics.FETCHER_RUNS, "arn", arn, "activated", "true"))
                    .isEqualTo(1);

            try (CachingSimilarItemsClient cached = CachingSimilarItemsClient.builder()
                    .delegate(live)
                    .store(store)
                    .keyspace(keyspace)
                    .listener(metrics)
                    .build()) {
                assertThat(cached.similarTo("item-3").source()).isEqualTo(ResultSource.CACHE);
                assertThat(cached.similarTo("item-4").source()).isEqualTo(ResultSource.CACHE);
                assertThat(cached.similarItems(r -> r.itemId("item-5").numResults(5))
                                .source())
                        .isEqualTo(ResultSource.LIVE); // another request shape: a miss
            }
            assertThat(count(PersonalizeKitMetrics.CACHE_REQUESTS, "arn", arn, "result", "hit"))
                    .isEqualTo(2);
            assertThat(count(PersonalizeKitMetrics.CACHE_REQUESTS, "arn", arn, "result", "miss"))
                    .isEqualTo(1);
            assertThat(timerCount(
                            PersonalizeKitMetrics.LIVE_CALLS,
                            "arn",
                            arn,
                            "origin",
                            "read_through",
                            "outcome",
                            "success"))
                    .isEqualTo(1);
            for (String circuit : List.of("store", "live_call")) {
                assertThat(registry.get(PersonalizeKitMetrics.CIRCUIT_STATE)
                                .tags("arn", arn, "circuit", circuit, "state", "closed")
                                .gauge()
                                .value())
                        .isEqualTo(1.0);
                assertThat(registry.get(PersonalizeKitMetrics.CIRCUIT_STATE)
                                .tags("arn", arn, "circuit", circuit, "state", "open")
                                .gauge()
                                .value())
                        .isZero();
            }
        }
        assertNoIdTags();
    }

    @Test
    void recorder_countsSentEventsAndTimesTheRun() {
        PersonalizeEventsClient events = LOCAL.local().eventsClient();
        EventRecorder<Read> recorder = EventRecorder.builder(READS)
                .eventsClient(events)
                .eventTracker(deployment.eventTracker())
                .eventType("read")
                .listener(metrics)
                .build();

        recorder.record(new Read("user-1", "item-3"), new Read("user-1", "item-4"), new Read("user-2", "item-9"));

        assertThat(count(PersonalizeKitMetrics.EVENTS_RECORDS, "operation", "put_events", "result", "sent"))
                .isEqualTo(3);
        assertThat(count(PersonalizeKitMetrics.EVENTS_RECORDS, "operation", "put_events", "result", "failed"))
                .isZero();
        assertThat(timerCount(
                        PersonalizeKitMetrics.EVENTS_DELIVERIES, "operation", "put_events", "outcome", "completed"))
                .isEqualTo(1);
        assertNoIdTags();
    }

    /** No meter is tagged with an item or user id. */
    static void assertNoIdTags() {
        for (Meter m : registry.getMeters()) {
            for (Tag t : m.getId().getTags()) {
                assertThat(t.getValue()).doesNotContain("item-").doesNotContain("user-");
            }
        }
    }

    /** 60 items in 3 clusters of 20; 90 users who each read 12 items of one cluster. */
    private static String interactions() {
        StringBuilder csv = new StringBuilder("USER_ID,ITEM_ID,TIMESTAMP\n");
        long t = 1_700_000_000L;
        for (int u = 0; u < 90; u++) {
            int cluster = u % 3;
            for (int k = 0; k < 12; k++) {
                int item = cluster * 20 + (u * 7 + k * 3) % 20;
                csv.append("user-" + u + ",item-" + item + "," + (t + u * 100 + k))
                        .append('\n');
            }
        }
        return csv.toString();
    }
}
