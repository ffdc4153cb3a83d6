package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.BatchSegmentJob;
import software.amazon.awssdk.services.personalize.model.InvalidInputException;
import software.amazon.awssdk.services.personalize.model.SolutionVersion;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * aws-item-affinity and aws-item-attribute-affinity through the SDK: they train and report metrics, and, as
 * USER_SEGMENTATION recipes, serve batch segment jobs only: CreateBatchSegmentJob reads JSON lines of items or item
 * attributes from S3 and writes each model's segments back (the segments' quality is tested at the model level in
 * {@code AffinityRecipesTest}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AffinityFlowTest {
    @RegisterExtension
    static final PersonalizeLocalExtension LOCAL = PersonalizeLocalExtension.create();

    static final Planted.Topics TOPICS = Planted.topics(8, 30, 400, 15, 0.85);

    static PersonalizeClient p;
    static String group;
    static SolutionVersion itemAffinity;
    static SolutionVersion attributeAffinity;

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void train() {
        p = LOCAL.local().personalizeClient();
        group = Flows.group(p, "affinity");
        String interactions =
                Flows.dataset(p, group, "affinity-interactions", "Interactions", Planted.INTERACTIONS_SCHEMA);
        String items = Flows.dataset(p, group, "affinity-items", "Items", Planted.ITEMS_SCHEMA);
        Flows.importOk(LOCAL.local(), "affinity", "affinity-interactions", interactions, TOPICS.interactionsCsv);
        Flows.importOk(LOCAL.local(), "affinity", "affinity-items", items, TOPICS.itemsCsv);
        itemAffinity = Flows.solutionVersion(p, group, "item-affinity", "aws-item-affinity");
        attributeAffinity = Flows.solutionVersion(p, group, "attribute-affinity", "aws-item-attribute-affinity");
    }

    @Test
    void bothTrain_andReportTheirSegmentMetrics() {
        for (SolutionVersion v : new SolutionVersion[] {itemAffinity, attributeAffinity}) {
            assertThat(v.status()).as(v.failureReason()).isEqualTo("ACTIVE");
            assertThat(p.getSolutionMetrics(r -> r.solutionVersionArn(v.solutionVersionArn()))
                            .metrics())
                    .containsOnlyKeys("hits_at_1_percent", "recall_at_1_percent", "coverage");
        }
    }

    @Test
    void aUserSegmentationVersion_cannotBeDeployedWithACampaign_norRunBatchInference() {
        assertThatThrownBy(() ->
                        p.createCampaign(r -> r.name("affinity").solutionVersionArn(itemAffinity.solutionVersionArn())))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("USER_SEGMENTATION")
                .hasMessageContaining("CreateBatchSegmentJob");
        assertThatThrownBy(() -> p.createBatchInferenceJob(r -> r.jobName("affinity-batch")
                        .solutionVersionArn(attributeAffinity.solutionVersionArn())
                        .roleArn(Fixtures.ROLE)
                        .jobInput(i -> i.s3DataSource(s -> s.path("s3://affinity/in/")))
                        .jobOutput(o -> o.s3DataDestination(s -> s.path("s3://affinity/out/")))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("CreateBatchSegmentJob");
    }

    @Test
    void batchSegmentJobs_withBothAffinityRecipes_writeTheirSegmentsToS3() throws Exception {
        S3Client s3 = LOCAL.local().s3Client();
        s3.putObject(
                r -> r.bucket("affinity").key("segments-in/items.json"),
                software.amazon.awssdk.core.sync.RequestBody.fromString(
                        "{\"itemId\": \"item0\"}\n{\"itemId\": \"item3\"}\n{\"itemId\": \"no-such-item\"}\n"
                                + "{\"itemAttributes\": \"ITEMS.GENRE = \\\"topic1\\\"\"}\n"));
        s3.putObject(
                r -> r.bucket("affinity").key("segments-in/attributes.json"),
                software.amazon.awssdk.core.sync.RequestBody.fromString(
                        "{\"itemAttributes\": \"ITEMS.GENRE = \\\"topic5\\\"\"}\n"
                                + "{\"itemAttributes\": \"ITEMS.NOPE = \\\"x\\\"\"}\n{\"itemId\": \"item0\"}\n"));

        List<JsonNode> items = segments(itemAffinity, "item-affinity-segments", "items.json");
        assertThat(items).hasSize(4);
        assertThat(items.get(0).path("input").path("itemId").asText()).isEqualTo("item0");
        assertThat(readersOf(items.get(0), "topic0"))
                .as("item0's segment: readers of its topic, topic0 (%s)", items.get(0))
                .isGreaterThanOrEqualTo(16);
        assertThat(readersOf(items.get(1), "topic3"))
                .as("item3's segment: readers of topic3 (%s)", items.get(1))
                .isGreaterThanOrEqualTo(16);
        assertThat(items.get(2).path("error").asText()).contains("no-such-item");
        assertThat(items.get(2).has("output")).isFalse();
        assertThat(items.get(3).path("error").asText()).contains("itemId");

        List<JsonNode> attributes = segments(attributeAffinity, "attribute-affinity-segments", "attributes.json");
        assertThat(attributes).hasSize(3);
        assertThat(readersOf(attributes.get(0), "topic5"))
                .as("the segment of GENRE topic5: its readers (%s)", attributes.get(0))
                .isGreaterThanOrEqualTo(16);
        assertThat(attributes.get(1).path("error").asText()).contains("NOPE");
        assertThat(attributes.get(2).path("error").asText()).contains("itemAttributes");
    }

    /** Runs a batch segment job of 20 users per line on one input file; its output lines, read back from S3. */
    private static List<JsonNode> segments(SolutionVersion version, String name, String file) throws Exception {
        String job = p.createBatchSegmentJob(r -> r.jobName(name)
                        .solutionVersionArn(version.solutionVersionArn())
                        .numResults(20)
                        .roleArn(Fixtures.ROLE)
                        .jobInput(i -> i.s3DataSource(s -> s.path("s3://affinity/segments-in/" + file)))
                        .jobOutput(o -> o.s3DataDestination(d -> d.path("s3://affinity/" + name + "/"))))
                .batchSegmentJobArn();
        String status = Await.terminal(() -> p.describeBatchSegmentJob(r -> r.batchSegmentJobArn(job))
                .batchSegmentJob()
                .status());
        BatchSegmentJob done =
                p.describeBatchSegmentJob(r -> r.batchSegmentJobArn(job)).batchSegmentJob();
        assertThat(status).as(done.failureReason()).isEqualTo("ACTIVE");
        String out = LOCAL.local()
                .s3Client()
                .getObjectAsBytes(r -> r.bucket("affinity").key(name + "/" + file + ".out"))
                .asUtf8String();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    /** How many users of a segment line mostly read a topic; the line must hold 20 distinct users and no error. */
    private static long readersOf(JsonNode line, String topic) {
        assertThat(line.path("error").isNull()).as("error of %s", line).isTrue();
        List<String> users = new ArrayList<>();
        line.path("output").path("recommendedUsers").forEach(u -> users.add(u.asText()));
        assertThat(users).hasSize(20).doesNotHaveDuplicates();
        return users.stream()
                .filter(u -> topic.equals(TOPICS.topicOfUser.get(u)))
                .count();
    }

    @Test
    void itemAttributeAffinity_withoutAnItemsDataset_failsWithTheReason() {
        String bare = Flows.group(p, "affinity-bare");
        String interactions =
                Flows.dataset(p, bare, "affinity-bare-interactions", "Interactions", Planted.INTERACTIONS_SCHEMA);
        Flows.importOk(LOCAL.local(), "affinity", "affinity-bare-interactions", interactions, TOPICS.interactionsCsv);

        SolutionVersion failed =
                Flows.solutionVersion(p, bare, "attribute-affinity-bare", "aws-item-attribute-affinity");
        SolutionVersion itemOnly = Flows.solutionVersion(p, bare, "item-affinity-bare", "aws-item-affinity");

        assertThat(failed.status()).isEqualTo("CREATE FAILED");
        assertThat(failed.failureReason()).contains("requires an Items dataset");
        assertThat(itemOnly.status()).as("Items are optional for Item-Affinity").isEqualTo("ACTIVE");
    }
}
