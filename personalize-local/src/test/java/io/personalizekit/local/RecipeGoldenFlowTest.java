package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalizeevents.PersonalizeEventsClient;
import software.amazon.awssdk.services.personalizeevents.model.Item;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;
import software.amazon.awssdk.services.personalizeruntime.model.GetRecommendationsRequest;
import software.amazon.awssdk.services.personalizeruntime.model.PredictedItem;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the emulator serves for today's recipes, end to end through the SDK, against a recorded golden file:
 * GetSolutionMetrics, GetRecommendations (seeds, a filter, an unknown item, a user), a batch inference job's
 * output, and the same after PutItems/PutEvents and a second training. Recorded before the data plane was split
 * into the runtime API, the events API and background jobs, so the split must serve exactly the same.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RecipeGoldenFlowTest {
    @RegisterExtension
    static final PersonalizeLocalExtension LOCAL = PersonalizeLocalExtension.create();

    @Test
    void todaysRecipes_serveTheRecordedRecommendations() {
        StringBuilder out = new StringBuilder();
        for (String recipe : List.of("aws-similar-items", "aws-sims", "aws-popularity-count")) {
            record(out, recipe);
        }
        Golden.check("recipes-flow.txt", out.toString());
    }

    private static void record(StringBuilder out, String recipe) {
        PersonalizeLocal local = LOCAL.local();
        PersonalizeClient p = local.personalizeClient();
        PersonalizeRuntimeClient runtime = local.runtimeClient();
        PersonalizeEventsClient events = local.eventsClient();
        String name = "golden-" + recipe.substring("aws-".length());
        TestPipeline pipeline = TestPipeline.build(local, name, "arn:aws:personalize:::recipe/" + recipe);
        boolean related = !recipe.equals("aws-popularity-count");
        out.append("== ").append(recipe).append('\n');
        metrics(out, p, pipeline.version);
        String filter = p.createFilter(r -> r.name(name + "-no-sports")
                        .datasetGroupArn(pipeline.group)
                        .filterExpression("EXCLUDE ItemID WHERE Items.LABELS IN (\"SPORTS\")"))
                .filterArn();
        assertThat(Await.terminal(() ->
                        p.describeFilter(r -> r.filterArn(filter)).filter().status()))
                .isEqualTo("ACTIVE");
        recommendations(out, runtime, pipeline.campaign, related, filter);
        batch(out, local, name, pipeline.version, related ? "itemId" : "userId");

        // Records that arrive one by one, then a second training that sees them.
        events.putItems(r -> r.datasetArn(pipeline.itemsDataset)
                .items(Item.builder()
                        .itemId("201")
                        .properties("{\"labels\":\"SCIENCE|HEALTH\",\"creationTimestamp\":1700000000}")
                        .build()));
        String trackingId = p.createEventTracker(r -> r.name(name).datasetGroupArn(pipeline.group))
                .trackingId();
        String tracker = p.listEventTrackers(r -> r.datasetGroupArn(pipeline.group))
                .eventTrackers()
                .get(0)
                .eventTrackerArn();
        Await.terminal(() -> p.describeEventTracker(r -> r.eventTrackerArn(tracker))
                .eventTracker()
                .status());
        for (int u = 1; u <= 40; u++) {
            String user = String.valueOf(u);
            events.putEvents(r -> r.trackingId(trackingId)
                    .userId(user)
                    .sessionId("s-" + user)
                    .eventList(
                            e -> e.eventType("click").itemId("201").sentAt(Instant.ofEpochSecond(1_700_000_000L)),
                            e -> e.eventType("click").itemId("1").sentAt(Instant.ofEpochSecond(1_700_000_001L))));
        }
        String version2 = TestPipeline.train(p, pipeline.solution);
        String campaign2 = p.createCampaign(r -> r.name(name + "-2").solutionVersionArn(version2))
                .campaignArn();
        Await.terminal(() ->
                p.describeCampaign(r -> r.campaignArn(campaign2)).campaign().status());
        out.append("-- after PutItems/PutEvents and a second training\n");
        metrics(out, p, version2);
        recommendations(out, runtime, campaign2, related, filter);
    }

    private static void metrics(StringBuilder out, PersonalizeClient p, String version) {
        out.append("metrics=")
                .append(new TreeMap<>(
                        p.getSolutionMetrics(r -> r.solutionVersionArn(version)).metrics()))
                .append('\n');
    }

    private static void recommendations(
            StringBuilder out, PersonalizeRuntimeClient runtime, String campaign, boolean related, String filter) {
        List<String> seeds = related ? List.of("1", "2", "50", "199", "201", "no-such-item") : List.of("1", "77");
        for (String seed : seeds) {
            Consumer<GetRecommendationsRequest.Builder> request = related
                    ? r -> r.campaignArn(campaign).itemId(seed).numResults(25)
                    : r -> r.campaignArn(campaign).userId(seed).numResults(25);
            out.append(related ? "item " : "user ")
                    .append(seed)
                    .append(": ")
                    .append(ids(runtime, request))
                    .append('\n');
        }
        String seed = related ? "3" : "5";
        out.append("filtered ")
                .append(seed)
                .append(": ")
                .append(ids(
                        runtime,
                        related
                                ? r -> r.campaignArn(campaign).itemId(seed).filterArn(filter)
                                : r -> r.campaignArn(campaign).userId(seed).filterArn(filter)))
                .append('\n');
    }

    private static String ids(PersonalizeRuntimeClient runtime, Consumer<GetRecommendationsRequest.Builder> request) {
        return runtime.getRecommendations(request).itemList().stream()
                .map(PredictedItem::itemId)
                .collect(Collectors.joining(","));
    }

    private static void batch(StringBuilder out, PersonalizeLocal local, String bucket, String version, String key) {
        S3Client s3 = local.s3Client();
        PersonalizeClient p = local.personalizeClient();
        s3.putObject(
                r -> r.bucket(bucket).key("batch/in/input.json"),
                RequestBody.fromString("{\"" + key + "\": \"1\"}\n{\"" + key + "\": \"150\"}\n{\"other\": 1}\n"));
        String job = p.createBatchInferenceJob(r -> r.jobName(bucket + "-batch")
                        .solutionVersionArn(version)
                        .numResults(10)
                        .roleArn(Fixtures.ROLE)
                        .jobInput(i -> i.s3DataSource(s -> s.path("s3://" + bucket + "/batch/in/input.json")))
                        .jobOutput(o -> o.s3DataDestination(s -> s.path("s3://" + bucket + "/batch/out/"))))
                .batchInferenceJobArn();
        assertThat(Await.terminal(() -> p.describeBatchInferenceJob(r -> r.batchInferenceJobArn(job))
                        .batchInferenceJob()
                        .status()))
                .isEqualTo("ACTIVE");
        out.append("batch:\n")
                .append(s3.getObjectAsBytes(r -> r.bucket(bucket).key("batch/out/input.json.out"))
                        .asString(StandardCharsets.UTF_8));
    }
}
