package io.personalizekit.pipeline;

import static io.personalizekit.pipeline.WireStubs.PREFIX;
import static io.personalizekit.pipeline.WireStubs.ROLE;
import static io.personalizekit.pipeline.WireStubs.T0;
import static io.personalizekit.pipeline.WireStubs.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.personalizekit.recipe.Recipe;
import io.personalizekit.resource.ResourceType;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A metric attribution whose metrics or output differ from the spec is planned as an update and sent as one {@code
 * UpdateMetricAttribution} (new metrics added, dropped ones removed, changed ones removed and added), then
 * awaited. Wire-exact.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MetricAttributionWireTest {
    private static final String ATTRIBUTION = PREFIX + "metric-attribution/shop-impact";
    private final WireStubs wire = new WireStubs();

    @AfterEach
    void close() {
        wire.close();
    }

    private static String attribution(String status, String path) {
        return "{\"metricAttribution\":{\"name\":\"shop-impact\",\"metricAttributionArn\":\"" + ATTRIBUTION
                + "\",\"datasetGroupArn\":\"" + PREFIX + "dataset-group/shop\",\"metricsOutputConfig\":{"
                + "\"s3DataDestination\":{\"path\":\"" + path + "\"},\"roleArn\":\"" + ROLE + "\"},\"status\":\""
                + status + "\",\"creationDateTime\":" + T0 + ",\"lastUpdatedDateTime\":" + T0 + "}}";
    }

    @Test
    void planAndRun_whenMetricsAndOutputDiffer_sendOneUpdate() {
        String views = "{\"eventType\":\"View\",\"metricName\":\"VIEWS\",\"expression\":\"SAMPLECOUNT()\"}";
        String revenue = "{\"eventType\":\"Purchase\",\"metricName\":\"REVENUE\",\"expression\":\"SUM(Items.PRICE)\"}";
        String revenue2 = "{\"eventType\":\"Purchase\",\"metricName\":\"REVENUE\","
                + "\"expression\":\"SUM(Interactions.EVENT_VALUE)\"}";
        String clicks = "{\"eventType\":\"click\",\"metricName\":\"CLICKS\",\"expression\":\"SAMPLECOUNT()\"}";
        wire.existingGroup("shop", null)
                .existingSolution()
                .given(
                        "ListMetricAttributions",
                        "{\"metricAttributions\":[{\"name\":\"shop-impact\",\"metricAttributionArn\":\""
                                + ATTRIBUTION + "\",\"status\":\"ACTIVE\",\"creationDateTime\":" + T0
                                + ",\"lastUpdatedDateTime\":" + T0 + "}]}")
                .given("m", WireStubs.started(), "DescribeMetricAttribution", attribution("ACTIVE", "s3://a/"))
                .given(
                        "m",
                        WireStubs.started(),
                        "ListMetricAttributionMetrics",
                        "{\"metrics\":[" + views + "," + revenue + "]}")
                .given(
                        "m",
                        WireStubs.started(),
                        "UpdateMetricAttribution",
                        "{\"metricAttributionArn\":\"" + ATTRIBUTION + "\"}",
                        "sent")
                .given("m", "sent", "DescribeMetricAttribution", attribution("UPDATE IN_PROGRESS", "s3://b/"), "done")
                .given("m", "done", "DescribeMetricAttribution", attribution("ACTIVE", "s3://b/"))
                .given(
                        "m",
                        "done",
                        "ListMetricAttributionMetrics",
                        "{\"metrics\":[" + views + "," + revenue2 + "," + clicks + "]}");
        PipelineSpec spec = PipelineSpec.builder()
                .datasetGroup(g -> g.name("shop").addDataset(d -> d.schema(WireStubs.INTERACTIONS)))
                .solution(s -> s.name("shop-up").recipeArn(Recipe.USER_PERSONALIZATION_V2.arn()))
                .metricAttribution(m -> m.name("shop-impact")
                        .addMetric("VIEWS", "View", "SAMPLECOUNT()")
                        .addMetric("REVENUE", "Purchase", "SUM(Interactions.EVENT_VALUE)")
                        .addMetric("CLICKS", "click", "SAMPLECOUNT()")
                        .s3Path("s3://b/")
                        .roleArn(ROLE))
                .build();

        try (PipelineOrchestrator pipeline = wire.orchestrator()) {
            PlannedStep planned = pipeline.plan(spec).steps().stream()
                    .filter(s -> s.resourceType() == ResourceType.METRIC_ATTRIBUTION)
                    .findFirst()
                    .orElseThrow();
            assertThat(planned.action()).isEqualTo(PlannedAction.UPDATE);
            assertThat(planned.detail())
                    .isEqualTo("add metrics [REVENUE, CLICKS]; remove metrics [REVENUE]; metricsOutputConfig"
                            + " {s3=s3://a/, roleArn=" + ROLE + "}; would be {s3=s3://b/, roleArn=" + ROLE + "}"
                            + " (UpdateMetricAttribution)");
            assertThat(wire.mutations()).isEmpty();

            PipelineResult result = pipeline.run(spec);

            assertThat(wire.mutations()).containsExactly("UpdateMetricAttribution");
            assertThat(wire.requests("UpdateMetricAttribution"))
                    .containsExactly(json("{\"addMetrics\":[" + revenue2 + "," + clicks + "],\"removeMetrics\":"
                            + "[\"REVENUE\"],\"metricsOutputConfig\":{\"s3DataDestination\":{\"path\":\"s3://b/\"},"
                            + "\"roleArn\":\"" + ROLE + "\"},\"metricAttributionArn\":\"" + ATTRIBUTION + "\"}"));
            StepOutcome step = result.steps(ResourceType.METRIC_ATTRIBUTION).get(0);
            assertThat(step.action()).isEqualTo(StepAction.UPDATED);
            assertThat(step.status()).isEqualTo("ACTIVE");
            assertThat(result.deployment().metricAttribution().arn()).isEqualTo(ATTRIBUTION);
            assertThat(pipeline.plan(spec).isUpToDate()).isTrue();
        }
    }
}
