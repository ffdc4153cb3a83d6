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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.personalizeruntime.model.PredictedItem;

/**
 * The article's flow driven by boto3 ({@code src/test/resources/boto3/article_flow.py}, run with {@code python3})
 * against a running emulator: schemas, dataset group, datasets, CSVs put to the embedded S3 with boto3's S3
 * client, imports, solution, solution version, campaign, {@code get_recommendations} with 25 results,
 * {@code put_items}, and a typed {@code ResourceNotFoundException}; and a Semantic-Similarity flow
 * ({@code src/test/resources/boto3/semantic_flow.py}: an Items dataset alone, related items from text). Fails (never
 * skips) when python3 or boto3 is missing.
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
        checkBoto3();

        Result r = python(
                script.toString(),
                LOCAL.local().endpoint().toString(),
                LOCAL.local().s3Endpoint().toString());

        assertThat(r.exitCode)
                .as("article_flow.py failed:%n%s%n%s", r.out, r.err)
                .isZero();
        Map<String, String> lines = new LinkedHashMap<>();
        r.out.lines().forEach(l -> {
            int space = l.indexOf(' ');
            lines.put(space < 0 ? l : l.substring(0, space), space < 0 ? "" : l.substring(space + 1));
        });
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
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void boto3_trainsSemanticSimilarityOnTextAlone_andGetsTheSameRelatedItemsAsSdkV2() throws Exception {
        Planted.Topics topics = Planted.topics(8, 40, 0, 0, 0);
        Path script = dir.resolve("semantic_flow.py");
        try (InputStream in = Boto3FlowTest.class.getResourceAsStream("/boto3/semantic_flow.py")) {
            assertThat(in).as("boto3/semantic_flow.py on the test classpath").isNotNull();
            Files.copy(in, script);
        }
        Files.writeString(dir.resolve("items.csv"), topics.itemsCsv);
        Files.writeString(dir.resolve("items-schema.json"), Planted.ITEMS_SCHEMA);
        checkBoto3();
        List<String> seeds = List.of("item0", "item45", "item130", "item300");

        List<String> args = new java.util.ArrayList<>(List.of(
                script.toString(),
                LOCAL.local().endpoint().toString(),
                LOCAL.local().s3Endpoint().toString(),
                dir.resolve("items.csv").toString(),
                dir.resolve("items-schema.json").toString()));
        args.addAll(seeds);
        Result r = python(args.toArray(new String[0]));

        assertThat(r.exitCode)
                .as("semantic_flow.py failed:%n%s%n%s", r.out, r.err)
                .isZero();
        Map<String, String> lines = new LinkedHashMap<>();
        r.out.lines().forEach(l -> {
            int space = l.indexOf(' ');
            lines.put(space < 0 ? l : l.substring(0, space), space < 0 ? "" : l.substring(space + 1));
        });
        assertThat(lines).containsKeys("RECIPE", "METRICS", "CAMPAIGN", "DONE");
        assertThat(lines.get("RECIPE")).isEqualTo("arn:aws:personalize:::recipe/aws-semantic-similarity");
        assertThat(lines.get("METRICS")).contains("coverage");
        String campaign = lines.get("CAMPAIGN");
        int same = 0;
        for (String seed : seeds) {
            List<String> fromBoto3 = Arrays.asList(lines.get("RELATED_" + seed).split(","));
            List<String> fromSdk = LOCAL
                    .local()
                    .runtimeClient()
                    .getRecommendations(
                            q -> q.campaignArn(campaign).itemId(seed).numResults(10))
                    .itemList()
                    .stream()
                    .map(PredictedItem::itemId)
                    .collect(Collectors.toList());
            assertThat(fromBoto3).as(seed).hasSize(10).doesNotContain(seed).isEqualTo(fromSdk);
            same += (int) fromBoto3.stream()
                    .filter(i -> topics.topicOfItem.get(i).equals(topics.topicOfItem.get(seed)))
                    .count();
        }
        assertThat(same).as("same-topic items among the 40 related items").isGreaterThanOrEqualTo(32);
    }

    /**
     * The interpreter: {@code python3} on the PATH when it imports boto3, else Debian's {@code /usr/bin/python3}
     * (where {@code apt-get install python3-boto3} puts it when the PATH's python3 is, say, a pyenv shim).
     */
    private String interpreter = "python3";

    private void checkBoto3() throws Exception {
        Result check;
        try {
            check = python("-c", "import boto3, sys; print(boto3.__version__)");
        } catch (AssertionError noPython3OnPath) {
            check = new Result(127, "", noPython3OnPath.getMessage());
        }
        if (check.exitCode != 0 && Files.isExecutable(Path.of("/usr/bin/python3"))) {
            interpreter = "/usr/bin/python3";
            check = python("-c", "import boto3, sys; print(boto3.__version__)");
        }
        assertThat(check.exitCode)
                .as(
                        "boto3 must be importable by python3 or /usr/bin/python3 for this test (.ci/run installs"
                                + " python3-boto3 when it is missing):%n%s",
                        check.err)
                .isZero();
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
}
