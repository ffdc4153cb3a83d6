package io.personalizekit.examples.snippets;

import io.personalizekit.attribution.AttributionReport;
import io.personalizekit.attribution.AttributionReportReader;
import io.personalizekit.attribution.DailyAttribution;
import io.personalizekit.cost.AppliedAction;
import io.personalizekit.cost.CostAction;
import io.personalizekit.cost.CostGuard;
import io.personalizekit.cost.CostReport;
import io.personalizekit.cost.PriceTable;
import io.personalizekit.cost.PriceTier;
import io.personalizekit.cost.TrafficCounter;
import io.personalizekit.events.EventRecorder;
import io.personalizekit.export.DatasetExport;
import io.personalizekit.export.DatasetExporter;
import io.personalizekit.export.ExportMode;
import io.personalizekit.export.ExportedFile;
import io.personalizekit.recommend.UserRecommendations;
import io.personalizekit.resource.Deployment;
import io.personalizekit.schema.BoundSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import io.personalizekit.storage.S3Location;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.SortedMap;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalizeevents.PersonalizeEventsClient;
import software.amazon.awssdk.services.s3.S3Client;

/** Samples of docs/data-jobs.md and docs/costs.md. */
final class DataJobsSnippets {
    private DataJobsSnippets() {}

    static DatasetExport exportInteractions(PersonalizeClient personalize, S3Client s3, Deployment news) {
        DatasetExporter exporter = DatasetExporter.builder()
                .personalizeClient(personalize) // borrowed, as is the S3 client
                .s3Client(s3)
                .build();
        DatasetExport export = exporter.export(r -> r.dataset(news, DatasetType.INTERACTIONS)
                .mode(ExportMode.ALL) // bulk imports and PutEvents alike
                .output(S3Location.parse("s3://news-exports/interactions/"))
                .roleArn("arn:aws:iam::123456789012:role/PersonalizeExport"));
        for (ExportedFile f : export.files()) {
            System.out.println(f.location() + " " + f.size() + " bytes");
        }
        return export;
    }

    /**
     * A click as the application records it.
     *
     * @param userId the reader
     * @param articleId the article clicked
     * @param at when
     * @param recommendationId the {@code recommendationId} of the answer the article was in, if any
     * @param source where the click came from otherwise (a newsletter, a partner), if any
     */
    record Click(
            String userId,
            String articleId,
            Instant at,
            @Nullable String recommendationId,
            @Nullable String source) {}

    static void recordClicks(PersonalizeEventsClient events, Deployment news, UserRecommendations shown) {
        BoundSchema<Click> clicks = SchemaBuilder.forType(DatasetType.INTERACTIONS)
                .bind(Click.class)
                .stringField("USER_ID", Click::userId)
                .stringField("ITEM_ID", Click::articleId)
                .timestampField("TIMESTAMP", Click::at)
                .stringField("RECOMMENDATION_ID", Click::recommendationId, f -> f.nullable())
                .stringField("EVENT_ATTRIBUTION_SOURCE", Click::source, f -> f.nullable())
                .build();
        EventRecorder<Click> recorder = EventRecorder.builder(clicks)
                .eventsClient(events)
                .eventTracker(news.eventTracker())
                .eventType("click")
                .build();
        String rid = shown.recommendationId().orElse(null); // the answer the reader clicked in
        recorder.record(
                new Click("u-7", shown.itemIds().get(0), Instant.now(), rid, null),
                new Click("u-8", "a-42", Instant.now(), null, "newsletter"));
    }

    static SortedMap<LocalDate, Double> clicksPerDay(
            PersonalizeClient personalize, S3Client s3, String metricAttributionArn) {
        AttributionReportReader reader = AttributionReportReader.builder()
                .s3Client(s3)
                .personalizeClient(personalize) // to find the reports' S3 path from the ARN
                .build();
        AttributionReport report = reader.read(metricAttributionArn);
        for (DailyAttribution d : report.daily("CLICKS")) {
            System.out.println(d.day() + " " + d.eventAttributionSource() + " " + d.value());
        }
        return report.dailyFromRecommendations("CLICKS"); // campaigns and recommenders only
    }

    static List<AppliedAction> guardCosts(PersonalizeClient personalize, Deployment news, TrafficCounter counter) {
        CostGuard guard = CostGuard.builder()
                .personalizeClient(personalize)
                .trafficCounter(counter) // counter.record(campaignArn) on every live call
                .idleAfter(Duration.ofDays(7))
                .build();
        CostReport report = guard.report(news.datasetGroup()); // a dry run: reads only
        report.campaigns()
                .forEach(c -> System.out.printf(
                        "%s min %d TPS, observed %s, idle %s days, about $%.2f a month (estimate)%n",
                        c.name(), c.minProvisionedTps(), c.observedTps(), c.daysIdle(), c.estimatedMonthlyCost()));
        report.actions().forEach(a -> System.out.println(a.type() + " " + a.arn() + ": " + a.reason()));
        return guard.apply(report.actions(CostAction.Type.LOWER_MIN_TPS)); // only what you pick
    }

    static PriceTable myPrices() {
        PriceTable prices = PriceTable.usEast1ListPrices().toBuilder()
                .region("eu-west-1")
                .asOf(LocalDate.parse("2026-12-01"))
                .campaignTpsHour(List.of(new PriceTier(Double.POSITIVE_INFINITY, 0.22)))
                .trainingHour(0.26)
                .build();
        return prices;
    }
}
