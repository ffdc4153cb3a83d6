package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.personalizeruntime.model.PredictedItem;

/**
 * The article's flow driven by boto3 ({@code src/test/resources/boto3/article_flow.py}, run with {@code python3})
 * against a running emulator: schemas, dataset group, datasets, CSVs put to the embedded S3 with boto3's S3
 * client, imports, solution, solution version, campaign, {@code get_recommendations} with 25 results,
 * {@code put_items}, and a typed {@code ResourceNotFoundException}; and a recommender flow
 * ({@code boto3/recommender_flow.py}): a VIDEO_ON_DEMAND domain dataset group, a most-popular recommender,
 * {@code get_recommendations(recommenderArn=...)}, stop (serves nothing) and start; and a user-personalization flow
 * ({@code user_personalization_flow.py}: User-Personalization-v2 {@code get_recommendations} for a user before and
 * after {@code put_events}, Personalized-Ranking-v2 {@code get_personalized_ranking}).
 * Skipped with a reason naming the tool when python3 with boto3 is missing, a failure instead with {@code
 * -Dinterop.required=true} (see {@link InteropTools}).
 */
class Boto3FlowTest {
    @RegisterExtension
    static final PersonalizeLocalExtension LOCAL = PersonalizeLocalExtension.create();

    @TempDir
    Path dir;

    @Test
    void boto3_runsTheArticleFlow_andGetsTheSameTwentyFiveArticlesAsSdkV2() throws Exception {
        Path script = dir.resolve("article_flow.py");
        try (InputStream in = Boto3FlowTest.class.getResourceAsStream("/boto3/article_flow.py")) {
            assertThat(in).as("boto3/article_flow.py on the test classpath").isNotNull();
            Files.copy(in, script);
        }

        Result r = python(
                script.toString(),
                LOCAL.local().endpoint().toString(),
                LOCAL.local().s3Endpoint().toString());

        assertThat(r.exitCode)
                .as("article_flow.py failed:%n%s%n%s", r.out, r.err)
                .isZero();
        Map<String, String> lines = keyed(r.out);
        assertThat(lines).containsKeys("S3_OBJECTS", "IMPORTS", "CAMPAIGN", "RECOMMENDATIONS", "PUT_ITEMS", "DONE");
        assertThat(lines.get("S3_OBJECTS")).isEqualTo("interactions.csv,items.csv");
        assertThat(lines.get("IMPORTS")).isEqualTo("ACTIVE 2");
        assertThat(lines.get("CAMPAIGN"))
                .as("boto3 parses the wire's epoch seconds into a datetime")
                .matches("arn:aws:personalize:us-east-1:000000000000:campaign/boto3-campaign datetime");
        assertThat(lines.get("RECOMMENDATION_ID")).startsWith("RID-");
        assertThat(lines.get("PUT_ITEMS")).isEqualTo("ok");
        assertThat(lines.get("TYPED_ERROR")).isEqualTo("ResourceNotFoundException 400");

        String[] recs = lines.get("RECOMMENDATIONS").split(" ");
        assertThat(recs[0]).isEqualTo("25");
        List<String> fromBoto3 = Arrays.asList(recs[1].split(","));
        String campaign = lines.get("CAMPAIGN").split(" ")[0];
        List<String> fromSdk = LOCAL
                .local()
                .runtimeClient()
                .getRecommendations(q -> q.campaignArn(campaign).itemId("1").numResults(25))
                .itemList()
                .stream()
                .map(PredictedItem::itemId)
                .collect(Collectors.toList());
        assertThat(fromBoto3).hasSize(25).isEqualTo(fromSdk);
        assertThat(LOCAL.local().personalizeClient().listDatasetGroups(q -> {}).datasetGroups())
                .extracting(g -> g.name())
                .contains("boto3-news");
    }

    @Test
    void boto3_runsARecommenderFlow_onAVideoOnDemandDomainDatasetGroup() throws Exception {
        Path script = dir.resolve("recommender_flow.py");
        try (InputStream in = Boto3FlowTest.class.getResourceAsStream("/boto3/recommender_flow.py")) {
            assertThat(in).as("boto3/recommender_flow.py on the test classpath").isNotNull();
            Files.copy(in, script);
        }

        Result r = python(
                script.toString(),
                LOCAL.local().endpoint().toString(),
                LOCAL.local().s3Endpoint().toString());

        assertThat(r.exitCode)
                .as("recommender_flow.py failed:%n%s%n%s", r.out, r.err)
                .isZero();
        Map<String, String> lines = keyed(r.out);
        assertThat(lines).containsKeys("RECOMMENDER", "RECOMMENDATIONS", "STOPPED_ERROR", "STARTED", "DONE");
        assertThat(lines.get("S3_CONTENT_TYPE")).isEqualTo("text/csv");
        assertThat(lines.get("DOMAIN")).isEqualTo("VIDEO_ON_DEMAND");
        assertThat(lines.get("USER_ID_REQUIRED")).isEqualTo("InvalidInputException 400");
        assertThat(lines.get("STOPPED_ERROR"))
                .as("a stopped recommender serves nothing")
                .isEqualTo("ResourceNotFoundException 404");
        assertThat(lines.get("STARTED")).isEqualTo("5");
        assertThat(lines.get("RECOMMENDERS")).isEqualTo("1");

        String[] recs = lines.get("RECOMMENDATIONS").split(" ");
        assertThat(recs[0]).isEqualTo("5");
        List<String> fromBoto3 = Arrays.asList(recs[1].split(","));
        assertThat(fromBoto3).first().as("everyone watched v80").isEqualTo("v80");
        List<String> fromSdk = LOCAL
                .local()
                .runtimeClient()
                .getRecommendations(q ->
                        q.recommenderArn(lines.get("RECOMMENDER")).userId("u1").numResults(5))
                .itemList()
                .stream()
                .map(PredictedItem::itemId)
                .collect(Collectors.toList());
        assertThat(fromBoto3).isEqualTo(fromSdk);
    }

    /** The script's {@code KEY value} lines, by key. */
    private static Map<String, String> keyed(String out) {
        Map<String, String> lines = new LinkedHashMap<>();
        out.lines().forEach(l -> {
            int space = l.indexOf(' ');
            lines.put(space < 0 ? l : l.substring(0, space), space < 0 ? "" : l.substring(space + 1));
        });
        return lines;
    }

    /** The interpreter that imports boto3 (see {@link InteropTools#requirePythonWithBoto3()}). */
    private String interpreter = "python3";

    @BeforeEach
    void requireBoto3() {
        // skips, or fails with -Dinterop.required=true, when neither python3 nor /usr/bin/python3 imports boto3
        interpreter = InteropTools.requirePythonWithBoto3();
    }

    private record Result(int exitCode, String out, String err) {}

    private Result python(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(interpreter));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.put("AWS_ACCESS_KEY_ID", "akid");
        env.put("AWS_SECRET_ACCESS_KEY", "skid");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.remove("AWS_PROFILE");
        env.remove("AWS_SESSION_TOKEN");
        Path out = Files.createTempFile(dir, "stdout", ".txt");
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError(
                    "python3 must be on the PATH for this test (with boto3 importable). Cause: " + e.getMessage(), e);
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("python3 " + String.join(" ", args) + " did not finish within 120 s");
        }
        return new Result(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void boto3_runsAUserPersonalizationFlow_andAUsersNewClicksChangeTheirNextRecommendations() throws Exception {
        Path script = dir.resolve("user_personalization_flow.py");
        try (InputStream in = Boto3FlowTest.class.getResourceAsStream("/boto3/user_personalization_flow.py")) {
            assertThat(in)
                    .as("boto3/user_personalization_flow.py on the test classpath")
                    .isNotNull();
            Files.copy(in, script);
        }
        Path items = Files.writeString(dir.resolve("items.csv"), TopicReaders.itemsCsv());
        Path interactions =
                Files.writeString(dir.resolve("interactions.csv"), new TopicReaders(300, 12, 43).interactionsCsv());

        Result r = python(
                script.toString(),
                LOCAL.local().endpoint().toString(),
                LOCAL.local().s3Endpoint().toString(),
                items.toString(),
                interactions.toString());

        assertThat(r.exitCode)
                .as("user_personalization_flow.py failed:%n%s%n%s", r.out, r.err)
                .isZero();
        Map<String, String> lines = new LinkedHashMap<>();
        r.out.lines().forEach(l -> {
            int space = l.indexOf(' ');
            lines.put(space < 0 ? l : l.substring(0, space), space < 0 ? "" : l.substring(space + 1));
        });
        assertThat(lines).containsKeys("IMPORTS", "RECOMMENDATIONS", "AFTER_EVENTS", "RANKING", "DONE");
        List<String> before = Arrays.asList(lines.get("RECOMMENDATIONS").split(","));
        List<String> after = Arrays.asList(lines.get("AFTER_EVENTS").split(","));
        assertThat(before).hasSize(10);
        assertThat(before.stream().filter(i -> TopicReaders.topicOfItem(i) == 3).count())
                .isGreaterThanOrEqualTo(8);
        assertThat(Arrays.stream(lines.get("SCORES").split(",")).mapToDouble(Double::parseDouble))
                .allSatisfy(s -> assertThat(s).isBetween(0.0, 1.0));
        assertThat(after.stream().filter(i -> TopicReaders.topicOfItem(i) == 7).count())
                .as("u3's five clicks on topic 7, streamed with put_events")
                .isGreaterThanOrEqualTo(8);
        List<String> ranking = Arrays.asList(lines.get("RANKING").split(","));
        assertThat(ranking.subList(0, 2)).containsExactlyInAnyOrder("t3-4", "t3-7");
        assertThat(ranking.get(3)).isEqualTo("unknown-item");
        assertThat(lines.get("UNSCORED")).isEqualTo("unknown-item");
    }
}
