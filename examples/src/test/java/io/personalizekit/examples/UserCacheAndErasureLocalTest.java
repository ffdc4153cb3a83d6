package io.personalizekit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.personalizekit.cache.CachingUserRecommendationsClient;
import io.personalizekit.cache.InMemoryRecommendationStore;
import io.personalizekit.cache.UserRecommendationStore;
import io.personalizekit.erasure.ErasureReport;
import io.personalizekit.erasure.Forgetting;
import io.personalizekit.erasure.UserEraser;
import io.personalizekit.events.EventRecorder;
import io.personalizekit.local.PersonalizeLocalExtension;
import io.personalizekit.pipeline.PipelineOrchestrator;
import io.personalizekit.pipeline.PipelineSpec;
import io.personalizekit.recipe.Recipe;
import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.UserRecommendations;
import io.personalizekit.recommend.UserRecommendationsClient;
import io.personalizekit.resource.Deployment;
import io.personalizekit.resource.SolutionVersionRef;
import io.personalizekit.schema.BoundSchema;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import io.personalizekit.storage.S3Location;
import io.personalizekit.waiter.ResourceWaiter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalizeevents.PersonalizeEventsClient;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Caching a reader's "for you" list and erasing a reader, end to end on personalize-local: a User-Personalization-v2
 * campaign trained by the pipeline, events recorded through the real {@link EventRecorder}, a data deletion job run
 * by {@link UserEraser}, and a new solution version trained after it.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class UserCacheAndErasureLocalTest {
    static final String ROLE = "arn:aws:iam::000000000000:role/Personalize";

    @RegisterExtension
    static final PersonalizeLocalExtension LOCAL = PersonalizeLocalExtension.create();

    record Reading(String user, String item, Instant at) {}

    static final BoundSchema<Reading> READINGS = SchemaBuilder.forType(DatasetType.INTERACTIONS)
            .bind(Reading.class)
            .stringField("USER_ID", Reading::user)
            .stringField("ITEM_ID", Reading::item)
            .timestampField("TIMESTAMP", Reading::at)
            .build();

    static final DatasetSchema ITEMS = SchemaBuilder.forType(DatasetType.ITEMS)
            .stringField("ITEM_ID")
            .stringField("SECTION", f -> f.categorical())
            .build();

    static Deployment deployment;

    @BeforeAll
    static void train(S3Client s3, PersonalizeClient personalize) {
        s3.createBucket(b -> b.bucket("erasure"));
        s3.putObject(b -> b.bucket("erasure").key("interactions.csv"), RequestBody.fromString(interactions()));
        s3.putObject(b -> b.bucket("erasure").key("items.csv"), RequestBody.fromString(items()));
        PipelineSpec spec = PipelineSpec.builder()
                .datasetGroup(g -> g.name("erasure")
                        .addDataset(d -> d.schema(READINGS.schema())
                                .addImport(i -> i.dataLocation("s3://erasure/interactions.csv")
                                        .roleArn(ROLE)))
                        .addDataset(d -> d.schema(ITEMS)
                                .addImport(i ->
                                        i.dataLocation("s3://erasure/items.csv").roleArn(ROLE))))
                .solution(s -> s.name("erasure-for-you")
                        .recipeArn(Recipe.USER_PERSONALIZATION_V2.arn())
                        .performAutoTraining(false))
                .campaign(c -> c.name("erasure-for-you"))
                .eventTrackerName("erasure-events")
                .build();
        try (PipelineOrchestrator pipeline = PipelineOrchestrator.builder()
                .personalizeClient(personalize)
                .waiter(LOCAL.local().resourceWaiter())
                .build()) {
            deployment = pipeline.run(spec).deployment();
        }
    }

    static UserRecommendationsClient live(PersonalizeRuntimeClient runtime) {
        return UserRecommendationsClient.builder()
                .runtimeClient(runtime)
                .deployment(deployment)
                .recipe(Recipe.USER_PERSONALIZATION_V2)
                .build();
    }

    @Test
    void eventsRecordedThroughTheRecorder_dropTheReadersCachedList_andTheNextReadIsLive(
            PersonalizeRuntimeClient runtime, PersonalizeEventsClient events) {
        try (UserRecommendationsClient live = live(runtime);
                CachingUserRecommendationsClient forYou = CachingUserRecommendationsClient.builder()
                        .delegate(live)
                        .deployment(deployment)
                        .build()) {
            EventRecorder<Reading> recorder = EventRecorder.builder(READINGS)
                    .eventsClient(events)
                    .eventTracker(deployment.eventTracker())
                    .eventType("read")
                    .invalidates(forYou)
                    .build();
            UserRecommendations first = forYou.forUser("user-1");
            UserRecommendations cached = forYou.forUser("user-1");
            forYou.forUser("user-2");

            List<Reading> readings = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                readings.add(new Reading("user-1", "item-" + (40 + i), Instant.ofEpochSecond(1_800_000_000L + i)));
            }
            assertThat(recorder.record(readings).allSent()).isTrue();

            UserRecommendations afterEvents = forYou.forUser("user-1");

            assertThat(first.source()).isEqualTo(ResultSource.LIVE);
            assertThat(cached.source()).isEqualTo(ResultSource.CACHE);
            assertThat(afterEvents.source()).isEqualTo(ResultSource.LIVE);
            assertThat(afterEvents.recommendationId()).isNotEqualTo(first.recommendationId());
            assertThat(forYou.forUser("user-2").source()).isEqualTo(ResultSource.CACHE);
            assertThat(forYou.stats().liveCallCount()).isEqualTo(3);
        }
    }

    @Test
    void erase_removesTheReadersInteractions_soANewVersionNoLongerPersonalisesForThem_andPurgesTheCache(
            PersonalizeClient personalize, PersonalizeRuntimeClient runtime, S3Client s3, @TempDir Path work) {
        ResourceWaiter waiter = LOCAL.local().resourceWaiter();
        UserRecommendationStore store = InMemoryRecommendationStore.create();
        try (UserRecommendationsClient live = live(runtime);
                CachingUserRecommendationsClient forYou = CachingUserRecommendationsClient.builder()
                        .delegate(live)
                        .deployment(deployment)
                        .store(store)
                        .build()) {
            UserRecommendations before = forYou.forUser("user-0");
            List<String> stranger = live.forUser("never-seen-reader").itemIds();
            assertThat(before.itemIds()).as("personalised before").isNotEqualTo(stranger);

            ErasureReport report = UserEraser.builder()
                    .personalizeClient(personalize)
                    .s3Client(s3)
                    .deployment(deployment)
                    .roleArn(ROLE)
                    .stagingLocation(S3Location.parse("s3://erasure/erasure/"))
                    .waiter(waiter)
                    .purge(forYou)
                    .workDirectory(work)
                    .build()
                    .erase(List.of("user-0"));

            assertThat(report.numDeleted()).isEqualTo(1);
            assertThat(report.purgedCacheEntries()).containsOnlyKeys("user-0");
            assertThat(report.forgetting().state()).isEqualTo(Forgetting.State.NEEDS_RETRAIN);
            assertThat(store.getUser(
                            forYou.keyspaceFor(
                                    io.personalizekit.recommend.UserRecommendationsRequest.forUser("user-0")),
                            "user-0"))
                    .isEmpty();

            String version = personalize
                    .createSolutionVersion(
                            r -> r.solutionArn(deployment.solution().arn()))
                    .solutionVersionArn();
            waiter.waitUntilActive(SolutionVersionRef.of(version));
            personalize.updateCampaign(
                    r -> r.campaignArn(deployment.campaign().arn()).solutionVersionArn(version));
            waiter.waitUntilCampaignUpdated(deployment.campaign());

            UserRecommendations after = forYou.forUser("user-0");

            assertThat(after.source()).isEqualTo(ResultSource.LIVE);
            assertThat(after.itemIds())
                    .as("the new version knows user-0 no better than a stranger")
                    .isEqualTo(live.forUser("never-seen-reader").itemIds());
        }
    }

    /** 60 items in 3 sections of 20; 90 users who each read 12 items of one section. */
    private static String interactions() {
        StringBuilder csv = new StringBuilder("USER_ID,ITEM_ID,TIMESTAMP\n");
        long t = 1_700_000_000L;
        for (int u = 0; u < 90; u++) {
            int cluster = u % 3;
            for (int k = 0; k < 12; k++) {
                int item = cluster * 20 + (u * 7 + k * 3) % 20;
                csv.append("user-")
                        .append(u)
                        .append(",item-")
                        .append(item)
                        .append(',')
                        .append(t + u * 100 + k);
                csv.append('\n');
            }
        }
        return csv.toString();
    }

    private static String items() {
        StringBuilder csv = new StringBuilder("ITEM_ID,SECTION\n");
        for (int i = 0; i < 60; i++) {
            csv.append("item-").append(i).append(",s").append(i / 20).append('\n');
        }
        return csv.toString();
    }
}
