package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.local.JobFixtures.Group;
import io.personalizekit.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.InvalidInputException;
import software.amazon.awssdk.services.personalize.model.ListMetricAttributionMetricsResponse;
import software.amazon.awssdk.services.personalize.model.MetricAttribute;
import software.amazon.awssdk.services.personalize.model.MetricAttribution;
import software.amazon.awssdk.services.personalize.model.MetricAttributionSummary;
import software.amazon.awssdk.services.personalize.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.personalize.model.ResourceInUseException;
import software.amazon.awssdk.services.personalize.model.ResourceNotFoundException;
import software.amazon.awssdk.services.personalize.model.Tag;
import software.amazon.awssdk.services.personalizeevents.PersonalizeEventsClient;
import software.amazon.awssdk.services.personalizeevents.model.Event;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Metric attributions through the SDK: SUM and SAMPLECOUNT per event type, attributed by the recommendation ids the
 * runtime API handed out or by {@code eventAttributionSource}, from PutEvents (read through
 * {@link PersonalizeLocal#attributionMetrics}) and imports (reports in S3, read back through the S3 client).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MetricAttributionTest {
    private static final long T0 = 1700000100L; // the start of a 15-minute window

    static MetricAttribute metric(String name, String eventType, String expression) {
        return MetricAttribute.builder()
                .metricName(name)
                .eventType(eventType)
                .expression(expression)
                .build();
    }

    static String createAttribution(PersonalizeClient p, String name, String group, String path) {
        return p.createMetricAttribution(r -> r.name(name)
                        .datasetGroupArn(group)
                        .metrics(
                                metric("CLICKS", "click", "SAMPLECOUNT()"),
                                metric("REVENUE", "purchase", "SUM(Items.PRICE)"),
                                metric("WATCHED", "watch", "SUM(Interactions.EVENT_VALUE)"))
                        .metricsOutputConfig(o -> o.roleArn(Fixtures.ROLE).s3DataDestination(d -> d.path(path))))
                .metricAttributionArn();
    }

    static String tracker(PersonalizeClient p, String name, String group) {
        String trackingId =
                p.createEventTracker(r -> r.name(name).datasetGroupArn(group)).trackingId();
        String arn = p.listEventTrackers(r -> r.datasetGroupArn(group))
                .eventTrackers()
                .get(0)
                .eventTrackerArn();
        JobFixtures.active(() -> p.describeEventTracker(r -> r.eventTrackerArn(arn))
                .eventTracker()
                .status());
        return trackingId;
    }

    static Event event(String type, String item, long at, String recommendationId, String source, Float value) {
        Event.Builder e = Event.builder().eventType(type).itemId(item).sentAt(Instant.ofEpochSecond(at));
        if (recommendationId != null) {
            e.recommendationId(recommendationId);
        }
        if (source != null) {
            e.metricAttribution(m -> m.eventAttributionSource(source));
        }
        if (value != null) {
            e.eventValue(value);
        }
        return e.build();
    }

    static void put(PersonalizeEventsClient events, String trackingId, Event... list) {
        events.putEvents(
                r -> r.trackingId(trackingId).userId("A").sessionId("s").eventList(list));
    }

    static AttributedMetric figure(String metric, String type, String function, String source, long window, double v) {
        return AttributedMetric.builder()
                .metricName(metric)
                .eventType(type)
                .mathFunction(function)
                .eventAttributionSource(source)
                .windowStart(Instant.ofEpochSecond(window))
                .value(v)
                .build();
    }

    static String recommendationId(PersonalizeLocal local, String campaign) {
        return local.runtimeClient()
                .getRecommendations(r -> r.campaignArn(campaign).itemId("X"))
                .recommendationId();
    }

    @Test
    void putEvents_areCountedPerEventTypeAndAttributedToTheCampaignTheirRecommendationCameFrom() {
        try (PersonalizeLocal local = PersonalizeLocal.create().start()) {
            PersonalizeClient p = local.personalizeClient();
            Group g = JobFixtures.build(local, "maevents");
            String attribution = createAttribution(p, "maevents", g.group(), "s3://maevents/reports/");
            JobFixtures.active(() -> p.describeMetricAttribution(r -> r.metricAttributionArn(attribution))
                    .metricAttribution()
                    .status());
            String trackingId = tracker(p, "maevents", g.group());
            String solution = JobFixtures.solution(p, g.group(), "maevents", JobFixtures.SIMS);
            String version = TestPipeline.train(p, solution);
            String home = JobFixtures.campaign(p, "ma-home", version);
            String email = JobFixtures.campaign(p, "ma-email", version);
            String fromHome = recommendationId(local, home);
            String fromEmail = recommendationId(local, email);
            assertThat(fromHome)
                    .hasSize(40)
                    .matches("RID-[0-9a-f]{2}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-CID-[0-9a-f]{6}");

            PersonalizeEventsClient events = local.eventsClient();
            put(
                    events,
                    trackingId,
                    event("click", "1", T0, fromHome, null, null),
                    event("click", "2", T0 + 10, fromHome, null, null),
                    event("click", "3", T0 + 20, fromEmail, null, null),
                    event("click", "4", T0 + 30, fromHome, "newsletter", null),
                    event("click", "5", T0 + 1000, null, null, null),
                    event("purchase", "X", T0, fromHome, null, null),
                    event("purchase", "5", T0 + 5, fromHome, null, null),
                    event("watch", "6", T0, fromEmail, null, 2.5f),
                    event("rate", "7", T0, fromHome, null, 4f));

            assertThat(local.attributionMetrics(attribution))
                    .containsExactlyInAnyOrder(
                            figure("CLICKS", "click", "samplecount", home, T0, 2),
                            figure("CLICKS", "click", "samplecount", email, T0, 1),
                            figure("CLICKS", "click", "samplecount", "newsletter", T0, 1),
                            figure("CLICKS", "click", "samplecount", "SOURCE_NAME_UNDEFINED", T0 + 900, 1),
                            figure("REVENUE", "purchase", "sum", home, T0, 15),
                            figure("WATCHED", "watch", "sum", email, T0, 2.5));
            assertThatThrownBy(() -> local.attributionMetrics(attribution + "x"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> events.putEvents(r -> r.trackingId(trackingId)
                            .sessionId("s")
                            .eventList(e -> e.eventType("click")
                                    .sentAt(Instant.now())
                                    .metricAttribution(m -> m.eventAttributionSource(" ")))))
                    .isInstanceOf(software.amazon.awssdk.services.personalizeevents.model.InvalidInputException.class)
                    .hasMessageContaining("eventAttributionSource");
        }
    }

    @Test
    void imports_withPublishAttributionMetricsToS3_writeTheServicesReport_incrementalOnesAlsoCount() {
        try (PersonalizeLocal local = PersonalizeLocal.create().start()) {
            PersonalizeClient p = local.personalizeClient();
            Group g = JobFixtures.build(local, "mareport");
            String attribution = createAttribution(p, "mareport", g.group(), "s3://mareport/reports");
            JobFixtures.active(() -> p.describeMetricAttribution(r -> r.metricAttributionArn(attribution))
                    .metricAttribution()
                    .status());
            String version = TestPipeline.train(p, JobFixtures.solution(p, g.group(), "mareport", JobFixtures.SIMS));
            String campaign = JobFixtures.campaign(p, "mareport", version);
            String rid = recommendationId(local, campaign);
            StringBuilder csv = new StringBuilder(
                    "USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE,RECOMMENDATION_ID,EVENT_ATTRIBUTION_SOURCE\n");
            for (int i = 0; i < 600; i++) {
                csv.append("u")
                        .append(i % 50)
                        .append(",1,")
                        .append(T0)
                        .append(",click,,")
                        .append(rid)
                        .append(",\n");
            }
            for (int i = 0; i < 300; i++) {
                csv.append("u").append(i % 50).append(",2,").append(T0 + 60).append(",click,,,email\n");
            }
            for (int i = 0; i < 100; i++) {
                csv.append("u").append(i % 50).append(",X,").append(T0 + 1800).append(",purchase,,,\n");
            }
            JobFixtures.put(local.s3Client(), g.bucket(), "more.csv", csv.toString());
            importInteractions(p, "incremental", g, "INCREMENTAL", true);

            List<S3Object> reports = local.s3Client()
                    .listObjectsV2(r -> r.bucket(g.bucket()).prefix("reports/"))
                    .contents();
            assertThat(reports).hasSize(1);
            assertThat(reports.get(0).key())
                    .matches("reports/AggregatedAttributionMetrics-INCREMENTAL-\\d{8}T\\d{6}Z\\.csv");
            assertThat(JobFixtures.lines(
                            local.s3Client(), g.bucket(), reports.get(0).key()))
                    .containsExactly(
                            "METRIC_NAME,EVENT_TYPE,VALUE,MATH_FUNCTION,EVENT_ATTRIBUTION_SOURCE,TIMESTAMP",
                            "CLICKS,click,600.0,samplecount," + campaign + "," + T0,
                            "CLICKS,click,300.0,samplecount,email," + T0,
                            "REVENUE,purchase,1000.0,sum,SOURCE_NAME_UNDEFINED," + (T0 + 1800));
            assertThat(local.attributionMetrics(attribution))
                    .as("incremental bulk data goes to CloudWatch too")
                    .contains(figure("CLICKS", "click", "samplecount", "email", T0, 300));

            importInteractions(p, "full-quiet", g, "FULL", false);
            importInteractions(p, "full-report", g, "FULL", true);
            assertThat(local.s3Client()
                            .listObjectsV2(r -> r.bucket(g.bucket()).prefix("reports/"))
                            .contents())
                    .extracting(S3Object::key)
                    .hasSize(2)
                    .anyMatch(k -> k.startsWith("reports/AggregatedAttributionMetrics-FULL-"));
            assertThat(local.attributionMetrics(attribution))
                    .as("FULL imports report to S3 only")
                    .contains(figure("CLICKS", "click", "samplecount", "email", T0, 300));
        }
    }

    private static void importInteractions(PersonalizeClient p, String name, Group g, String mode, boolean publish) {
        String job = p.createDatasetImportJob(r -> r.jobName(name)
                        .datasetArn(g.interactions())
                        .roleArn(Fixtures.ROLE)
                        .importMode(mode)
                        .publishAttributionMetricsToS3(publish)
                        .dataSource(s -> s.dataLocation("s3://" + g.bucket() + "/more.csv")))
                .datasetImportJobArn();
        JobFixtures.active(() -> p.describeDatasetImportJob(r -> r.datasetImportJobArn(job))
                .datasetImportJob()
                .status());
    }

    @Test
    void lifecycle_rules_validation_update_listAndDelete() {
        FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (PersonalizeLocal local =
                PersonalizeLocal.builder().clock(clock).timeScale(1.0).build().start()) {
            PersonalizeClient p = local.personalizeClient();
            String group = p.createDatasetGroup(r -> r.name("marules")).datasetGroupArn();
            String bare = p.createDatasetGroup(r -> r.name("mabare")).datasetGroupArn();
            clock.advance(Duration.ofMinutes(1));
            String interactionsSchema = p.createSchema(
                            r -> r.name("marules-interactions").schema(JobFixtures.INTERACTIONS_SCHEMA))
                    .schemaArn();
            String itemsSchema = p.createSchema(r -> r.name("marules-items").schema(JobFixtures.ITEMS_SCHEMA))
                    .schemaArn();
            p.createDataset(r -> r.name("marules-interactions")
                    .datasetGroupArn(group)
                    .schemaArn(interactionsSchema)
                    .datasetType("Interactions"));
            p.createDataset(r -> r.name("marules-items")
                    .datasetGroupArn(group)
                    .schemaArn(itemsSchema)
                    .datasetType("Items"));
            p.createDataset(r -> r.name("mabare-interactions")
                    .datasetGroupArn(bare)
                    .schemaArn(p.createSchema(s -> s.name("plain").schema(Fixtures.INTERACTIONS_SCHEMA))
                            .schemaArn())
                    .datasetType("Interactions"));
            String trackingId = p.createEventTracker(r -> r.name("marules").datasetGroupArn(group))
                    .trackingId();
            clock.advance(Duration.ofMinutes(1));

            String arn = createAttribution(p, "marules", group, "s3://somewhere/m/");
            MetricAttribution created = p.describeMetricAttribution(r -> r.metricAttributionArn(arn))
                    .metricAttribution();
            assertThat(created.status()).isEqualTo("CREATE PENDING");
            assertThat(arn)
                    .isEqualTo("arn:aws:personalize:us-east-1:" + local.accountId() + ":metric-attribution/marules");
            assertThat(created.datasetGroupArn()).isEqualTo(group);
            assertThat(created.metricsOutputConfig().roleArn()).isEqualTo(Fixtures.ROLE);
            assertThat(created.metricsOutputConfig().s3DataDestination().path()).isEqualTo("s3://somewhere/m/");
            put(local.eventsClient(), trackingId, event("click", "1", T0, null, null, null));
            clock.advance(Duration.ofMinutes(5));
            JobFixtures.active(() -> p.describeMetricAttribution(r -> r.metricAttributionArn(arn))
                    .metricAttribution()
                    .status());
            put(local.eventsClient(), trackingId, event("click", "1", T0, null, null, null));
            assertThat(local.attributionMetrics(arn))
                    .as("only events recorded once the metric attribution is ACTIVE count")
                    .containsExactly(figure("CLICKS", "click", "samplecount", "SOURCE_NAME_UNDEFINED", T0, 1));

            assertThatThrownBy(() -> createAttribution(p, "marules-2", group, "s3://somewhere/m/"))
                    .as("one per dataset group")
                    .isInstanceOf(ResourceAlreadyExistsException.class);
            assertThatThrownBy(() -> createAttribution(p, "marules", bare, "s3://somewhere/m/"))
                    .isInstanceOf(ResourceAlreadyExistsException.class);
            assertThatThrownBy(() -> createAttribution(p, "mabare", bare, "s3://somewhere/m/"))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("EVENT_TYPE");
            assertThatThrownBy(() -> createAttribution(p, "nogroup", group + "x", "s3://somewhere/m/"))
                    .isInstanceOf(ResourceNotFoundException.class);
            List<MetricAttribute> eleven = IntStream.range(0, 11)
                    .mapToObj(i -> metric("M" + i, "click", "SAMPLECOUNT()"))
                    .collect(Collectors.toList());
            assertThatThrownBy(() -> p.createMetricAttribution(r -> r.name("many")
                            .datasetGroupArn(bare)
                            .metrics(eleven)
                            .metricsOutputConfig(o -> o.roleArn(Fixtures.ROLE))))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("metrics");
            assertThatThrownBy(() -> p.createMetricAttribution(r -> r.name("norole")
                            .datasetGroupArn(bare)
                            .metrics(metric("C", "click", "SAMPLECOUNT()"))
                            .metricsOutputConfig(o -> o.s3DataDestination(d -> d.path("s3://b/")))))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("metricsOutputConfig.roleArn");

            ListMetricAttributionMetricsResponse metrics1 = p.listMetricAttributionMetrics(
                    r -> r.metricAttributionArn(arn).maxResults(2));
            assertThat(metrics1.metrics())
                    .extracting(MetricAttribute::metricName)
                    .containsExactly("CLICKS", "REVENUE");
            assertThat(p.listMetricAttributionMetrics(
                                    r -> r.metricAttributionArn(arn).nextToken(metrics1.nextToken()))
                            .metrics())
                    .containsExactly(metric("WATCHED", "watch", "SUM(Interactions.EVENT_VALUE)"));

            p.updateMetricAttribution(r -> r.metricAttributionArn(arn)
                    .removeMetrics("WATCHED")
                    .addMetrics(metric("SPENT", "purchase", "sum(items.price)"))
                    .metricsOutputConfig(o -> o.roleArn(Fixtures.ROLE).s3DataDestination(d -> d.path("s3://else/"))));
            assertThat(p.listMetricAttributionMetrics(r -> r.metricAttributionArn(arn))
                            .metrics())
                    .extracting(MetricAttribute::metricName)
                    .containsExactly("CLICKS", "REVENUE", "SPENT");
            assertThat(p.describeMetricAttribution(r -> r.metricAttributionArn(arn))
                            .metricAttribution()
                            .metricsOutputConfig()
                            .s3DataDestination()
                            .path())
                    .isEqualTo("s3://else/");
            assertThatThrownBy(() -> p.updateMetricAttribution(
                            r -> r.metricAttributionArn(arn).addMetrics(metric("CLICKS", "click", "SAMPLECOUNT()"))))
                    .isInstanceOf(ResourceAlreadyExistsException.class);
            assertThatThrownBy(() -> p.updateMetricAttribution(
                            r -> r.metricAttributionArn(arn).removeMetrics("NOPE")))
                    .isInstanceOf(InvalidInputException.class);
            List<MetricAttribute> eight = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                eight.add(metric("N" + i, "click", "SAMPLECOUNT()"));
            }
            assertThatThrownBy(() -> p.updateMetricAttribution(
                            r -> r.metricAttributionArn(arn).addMetrics(eight)))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("at most 10");
            for (String bad : List.of("AVG(Items.PRICE)", "SUM(Items.GENRE)", "SUM(Items.NOPE)", "SUM(Users.X)")) {
                assertThatThrownBy(() -> p.updateMetricAttribution(
                                r -> r.metricAttributionArn(arn).addMetrics(metric("BAD", "click", bad))))
                        .as(bad)
                        .isInstanceOf(InvalidInputException.class)
                        .hasMessageContaining(bad);
            }

            p.tagResource(r -> r.resourceArn(arn)
                    .tags(Tag.builder().tagKey("k").tagValue("v").build()));
            assertThat(p.listTagsForResource(r -> r.resourceArn(arn)).tags()).hasSize(1);
            assertThat(p.listMetricAttributions(r -> r.datasetGroupArn(group)).metricAttributions())
                    .extracting(MetricAttributionSummary::name, MetricAttributionSummary::status)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("marules", "ACTIVE"));
            assertThat(p.listMetricAttributions(r -> r.datasetGroupArn(bare)).metricAttributions())
                    .isEmpty();

            assertThatThrownBy(() -> p.deleteDatasetGroup(r -> r.datasetGroupArn(group)))
                    .isInstanceOf(ResourceInUseException.class);
            p.deleteMetricAttribution(r -> r.metricAttributionArn(arn));
            assertThat(p.describeMetricAttribution(r -> r.metricAttributionArn(arn))
                            .metricAttribution()
                            .status())
                    .isEqualTo("DELETE PENDING");
            assertThatThrownBy(() -> p.updateMetricAttribution(
                            r -> r.metricAttributionArn(arn).removeMetrics("CLICKS")))
                    .isInstanceOf(ResourceInUseException.class);
            clock.advance(Duration.ofMinutes(5));
            Await.gone(() -> p.describeMetricAttribution(r -> r.metricAttributionArn(arn)));
            assertThatThrownBy(() -> p.listMetricAttributionMetrics(r -> r.metricAttributionArn(arn)))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }
}
