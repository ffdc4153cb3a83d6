package io.personalizekit.examples.dataops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.personalizekit.attribution.AttributionReport;
import io.personalizekit.attribution.AttributionReportReader;
import io.personalizekit.attribution.DailyAttribution;
import io.personalizekit.events.DeliveryResult;
import io.personalizekit.events.EventRecorder;
import io.personalizekit.events.RateLimiter;
import io.personalizekit.local.AttributedMetric;
import io.personalizekit.local.PersonalizeLocalExtension;
import io.personalizekit.pipeline.PipelineOrchestrator;
import io.personalizekit.pipeline.PipelineSpec;
import io.personalizekit.recipe.Recipe;
import io.personalizekit.recommend.UserRecommendationsClient;
import io.personalizekit.resource.DatasetImportJobRef;
import io.personalizekit.resource.Deployment;
import io.personalizekit.schema.BoundSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.MetricAttribute;
import software.amazon.awssdk.services.personalizeevents.PersonalizeEventsClient;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Metric attribution end to end on personalize-local: clicks carrying the {@code recommendationId}s of real
 * GetRecommendations answers, recorded with the {@link EventRecorder} and imported in bulk, counted per source; the
 * bulk import's S3 report read back as typed rows with exact counts per day.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class AttributionLocalTest {
    static final String ROLE = "arn:aws:iam::000000000000:role/Personalize";
    static final String BUCKET = "attr-e2e";
    static final Instant DAY_1 = Instant.parse("2025-12-01T10:00:00Z");
    static final Instant DAY_2 = Instant.parse("2025-12-02T10:00:00Z");

    @RegisterExtension
    static final PersonalizeLocalExtension LOCAL = PersonalizeLocalExtension.create();

    record Click(
            String user,
            String item,
            Instant at,
            String type,
            @Nullable String recommendationId,
            @Nullable String source) {}

    static final BoundSchema<Click> CLICKS = SchemaBuilder.forType(DatasetType.INTERACTIONS)
            .bind(Click.class)
            .stringField("USER_ID", Click::user)
            .stringField("ITEM_ID", Click::item)
            .timestampField("TIMESTAMP", Click::at)
            .stringField("EVENT_TYPE", Click::type)
            .stringField("RECOMMENDATION_ID", Click::recommendationId, f -> f.nullable())
            .stringField("EVENT_ATTRIBUTION_SOURCE", Click::source, f -> f.nullable())
            .build();

    @Test
    void clicksWithRecommendationIds_areAttributedToTheCampaign_andTheBulkReportReadsBackPerDay(
            PersonalizeClient personalize,
            PersonalizeRuntimeClient runtime,
            PersonalizeEventsClient events,
            S3Client s3) {
        s3.createBucket(b -> b.bucket(BUCKET));
        StringBuilder views = new StringBuilder(
                "USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,RECOMMENDATION_ID," + "EVENT_ATTRIBUTION_SOURCE\n");
        for (int i = 0; i < 1200; i++) {
            views.append("user-")
                    .append(i % 40)
                    .append(",item-")
                    .append((i * 7) % 60)
                    .append(',')
                    .append(1_700_000_000L + i)
                    .append(",view,,\n");
        }
        s3.putObject(b -> b.bucket(BUCKET).key("in/views.csv"), RequestBody.fromString(views.toString()));
        Deployment deployment;
        try (PipelineOrchestrator pipeline = PipelineOrchestrator.builder()
                .personalizeClient(personalize)
                .waiter(LOCAL.local().resourceWaiter())
                .build()) {
            deployment = pipeline.run(PipelineSpec.builder()
                            .datasetGroup(g -> g.name("attr-e2e")
                                    .addDataset(d -> d.schema(CLICKS.schema())
                                            .addImport(i -> i.dataLocation("s3://" + BUCKET + "/in/views.csv")
                                                    .roleArn(ROLE))))
                            .solution(s -> s.name("attr-e2e-popular")
                                    .recipeArn(Recipe.POPULARITY_COUNT.arn())
                                    .performAutoTraining(false))
                            .campaign(c -> c.name("attr-e2e-popular"))
                            .eventTrackerName("attr-e2e")
                            .build())
                    .deployment();
        }
        String campaignArn = deployment.campaign().arn();
        String attributionArn = personalize
                .createMetricAttribution(b -> b.name("attr-e2e")
                        .datasetGroupArn(deployment.datasetGroup().arn())
                        .metrics(MetricAttribute.builder()
                                .metricName("CLICKS")
                                .eventType("click")
                                .expression("SAMPLECOUNT()")
                                .build())
                        .metricsOutputConfig(
                                o -> o.roleArn(ROLE).s3DataDestination(d -> d.path("s3://" + BUCKET + "/metrics/"))))
                .metricAttributionArn();
        awaitActive(personalize, attributionArn);
        List<String> rids = new ArrayList<>();
        try (UserRecommendationsClient popular = UserRecommendationsClient.builder()
                .runtimeClient(runtime)
                .campaignArn(campaignArn)
                .recipe(Recipe.POPULARITY_COUNT)
                .build()) {
            for (int u = 0; u < 3; u++) {
                rids.add(popular.forUser("user-" + u).recommendationId().orElseThrow());
            }
        }
        assertThat(rids).allSatisfy(id -> assertThat(id).hasSize(40));

        // Streamed: 3 + 2 clicks from recommendations, 4 from the newsletter, 1 from nowhere, and a view.
        EventRecorder<Click> recorder = EventRecorder.builder(CLICKS)
                .eventsClient(events)
                .eventTracker(deployment.eventTracker())
                .rateLimiter(RateLimiter.unlimited())
                .build();
        List<Click> streamed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            streamed.add(new Click("user-0", "item-" + i, DAY_1.plusSeconds(i), "click", rids.get(0), null));
        }
        for (int i = 0; i < 2; i++) {
            streamed.add(new Click("user-1", "item-" + i, DAY_1.plusSeconds(i), "click", rids.get(1), null));
        }
        for (int i = 0; i < 4; i++) {
            streamed.add(new Click("user-2", "item-" + i, DAY_1.plusSeconds(i), "click", null, "newsletter"));
        }
        streamed.add(new Click("user-3", "item-9", DAY_1, "click", null, null));
        streamed.add(new Click("user-3", "item-8", DAY_1, "view", rids.get(2), null));
        DeliveryResult delivered = recorder.record(streamed);
        assertThat(delivered.failures()).isEmpty();
        assertThat(delivered.sent()).isEqualTo(11);
        assertThat(bySource(LOCAL.local().attributionMetrics(attributionArn)))
                .containsOnly(entry(campaignArn, 5.0), entry("newsletter", 4.0), entry("SOURCE_NAME_UNDEFINED", 1.0));

        // Bulk: an incremental import of clicks over two days (and views), with a report published to S3.
        StringBuilder clicks = new StringBuilder(
                "USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,RECOMMENDATION_ID," + "EVENT_ATTRIBUTION_SOURCE\n");
        for (int i = 0; i < 4; i++) {
            clicks.append("user-0,item-")
                    .append(i)
                    .append(',')
                    .append(DAY_1.getEpochSecond() + i * 600)
                    .append(",click,")
                    .append(rids.get(0))
                    .append(",\n");
        }
        for (int i = 0; i < 2; i++) {
            clicks.append("user-1,item-")
                    .append(i)
                    .append(',')
                    .append(DAY_2.getEpochSecond() + i)
                    .append(",click,")
                    .append(rids.get(1))
                    .append(",\n");
        }
        for (int i = 0; i < 3; i++) {
            clicks.append("user-2,item-")
                    .append(i)
                    .append(',')
                    .append(DAY_2.getEpochSecond() + i)
                    .append(",click,,newsletter\n");
        }
        clicks.append("user-4,item-5,")
                .append(DAY_2.getEpochSecond())
                .append(",view,")
                .append(rids.get(2))
                .append(",\n");
        for (int i = 0; i < 1000; i++) { // an import takes at least 1,000 records; views are not measured
            clicks.append("user-")
                    .append(i % 40)
                    .append(",item-")
                    .append(i % 60)
                    .append(',')
                    .append(DAY_2.getEpochSecond() + 60 + i)
                    .append(",view,,\n");
        }
        s3.putObject(b -> b.bucket(BUCKET).key("in/clicks.csv"), RequestBody.fromString(clicks.toString()));
        String importArn = personalize
                .createDatasetImportJob(b -> b.jobName("attr-e2e-clicks")
                        .datasetArn(deployment.dataset(DatasetType.INTERACTIONS).arn())
                        .roleArn(ROLE)
                        .importMode("INCREMENTAL")
                        .publishAttributionMetricsToS3(true)
                        .dataSource(d -> d.dataLocation("s3://" + BUCKET + "/in/clicks.csv")))
                .datasetImportJobArn();
        LOCAL.local().resourceWaiter().waitUntilActive(DatasetImportJobRef.of(importArn));

        AttributionReport report = AttributionReportReader.builder()
                .s3Client(s3)
                .personalizeClient(personalize)
                .build()
                .read(attributionArn);

        assertThat(report.reports())
                .singleElement()
                .satisfies(f -> assertThat(f.key()).startsWith("metrics/AggregatedAttributionMetrics-INCREMENTAL-"));
        assertThat(report.dailyFromRecommendations("CLICKS"))
                .containsExactly(entry(LocalDate.parse("2025-12-01"), 4.0), entry(LocalDate.parse("2025-12-02"), 2.0));
        assertThat(report.daily("CLICKS"))
                .containsExactly(
                        new DailyAttribution(LocalDate.parse("2025-12-01"), "CLICKS", campaignArn, 4.0),
                        new DailyAttribution(LocalDate.parse("2025-12-02"), "CLICKS", campaignArn, 2.0),
                        new DailyAttribution(LocalDate.parse("2025-12-02"), "CLICKS", "newsletter", 3.0));
        assertThat(report.rows()).allSatisfy(r -> {
            assertThat(r.eventType()).isEqualTo("click");
            assertThat(r.mathFunction()).isEqualTo("samplecount");
        });
    }

    static Map<String, Double> bySource(List<AttributedMetric> metrics) {
        Map<String, Double> out = new TreeMap<>();
        for (AttributedMetric m : metrics) {
            assertThat(m.metricName()).isEqualTo("CLICKS");
            out.merge(m.eventAttributionSource(), m.value(), Double::sum);
        }
        return out;
    }

    /** Polls DescribeMetricAttribution until ACTIVE; the emulator takes well under a second at its time scale. */
    static void awaitActive(PersonalizeClient personalize, String arn) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        String status;
        do {
            status = personalize
                    .describeMetricAttribution(b -> b.metricAttributionArn(arn))
                    .metricAttribution()
                    .status();
        } while (!status.equals("ACTIVE")
                && !status.contains("FAILED")
                && Instant.now().isBefore(deadline));
        assertThat(status).isEqualTo("ACTIVE");
    }
}
