package io.personalizekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.personalizekit.cache.CacheKeyspace;
import io.personalizekit.cache.RecommendationStore;
import io.personalizekit.cache.redis.RedisRecommendationStore;
import io.personalizekit.cache.redis.RedisServerProcess;
import io.personalizekit.local.PersonalizeLocal;
import io.personalizekit.local.PersonalizeLocalExtension;
import io.personalizekit.recommend.RecommendedItem;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The article's flow through the CLI against an embedded personalize-local and a real redis-server: apply the
 * pipeline JSON with the two CSVs, ask for the 25 articles most similar to article-1, fetch the catalogue into
 * Redis, serve it (as a real process), tear it all down.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ArticleFlowTest {
    @RegisterExtension
    static final PersonalizeLocalExtension LOCAL = PersonalizeLocalExtension.create();

    static RedisServerProcess redis;

    @BeforeAll
    static void startRedis() throws IOException {
        redis = RedisServerProcess.launch();
    }

    @AfterAll
    static void stopRedis() throws InterruptedException {
        redis.close();
    }

    static final String PIPELINE = Cli.news("news-pipeline.json").toString();

    /** item id -> labels of the sample catalogue. */
    static Map<String, String> labels() throws IOException {
        Map<String, String> m = new HashMap<>();
        for (String line : Files.readAllLines(Cli.news("items.csv")).subList(1, 201)) {
            String[] f = line.split(",");
            m.put(f[0], f[1]);
        }
        return m;
    }

    @Test
    void theArticlesFlow_inAHandfulOfCommands(PersonalizeLocal local) throws Exception {
        String[] at = {
            "--endpoint-url", local.endpoint().toString(),
            "--s3-endpoint-url", local.s3Endpoint().toString(),
            "--poll-interval", "50ms"
        };

        // 1. apply: check and upload both CSVs, run the pipeline to an ACTIVE campaign.
        Cli.Result apply = Cli.run(Cli.concat(
                at,
                "apply",
                PIPELINE,
                "--create-bucket",
                "--upload",
                "ITEMS=" + Cli.news("items.csv"),
                "--upload",
                "INTERACTIONS=" + Cli.news("interactions.csv")));
        assertThat(apply.exit()).as(apply.err()).isEqualTo(ExitCodes.OK);
        assertThat(apply.out())
                .contains("  uploaded        s3://news-bucket/news/items.csv (7337 bytes)\n")
                .contains("  uploaded        s3://news-bucket/news/interactions.csv (45085 bytes)\n")
                .containsPattern("(?m)^  CREATED +solution version of news-similar +ACTIVE$")
                .containsPattern("(?m)^  campaign +arn:aws:personalize:us-east-1:000000000000:campaign/news-similar$");
        assertThat(apply.err())
                .containsPattern(
                        "(?m)^checked \\S+/interactions\\.csv against the Interactions schema: 1402 records, 0 error\\(s\\)$")
                .contains("created bucket news-bucket\n")
                .containsPattern("(?m)^\\[10/10\\] campaign news-similar: CREATED ACTIVE in ");

        // Again: everything is reused, nothing created or trained.
        Cli.Result again = Cli.run(Cli.concat(at, "apply", PIPELINE, "-o", "json"));
        assertThat(again.exit()).as(again.err()).isEqualTo(ExitCodes.OK);
        List<String> actions = new ArrayList<>();
        again.json().get("steps").forEach(s -> actions.add(s.get("action").asText()));
        assertThat(actions).hasSize(10).containsOnly("REUSED");

        // 2. recommend: the 25 articles most similar to article-1 (POLITICS).
        Cli.Result similar = Cli.run(
                Cli.concat(at, "recommend", "similar", "--pipeline", PIPELINE, "--item", "article-1", "-o", "json"));
        assertThat(similar.exit()).as(similar.err()).isEqualTo(ExitCodes.OK);
        JsonNode sj = similar.json();
        assertThat(sj.get("campaign").asText())
                .isEqualTo("arn:aws:personalize:us-east-1:000000000000:campaign/news-similar");
        List<String> ids = new ArrayList<>();
        sj.get("items").forEach(i -> ids.add(i.get("itemId").asText()));
        Map<String, String> labels = labels();
        assertThat(ids).hasSize(25).doesNotHaveDuplicates().doesNotContain("article-1");
        assertThat(labels).containsKeys(ids.toArray(String[]::new));
        long politics =
                ids.stream().filter(id -> labels.get(id).contains("POLITICS")).count();
        assertThat(politics).as("articles sharing article-1's topic").isGreaterThanOrEqualTo(20);

        Cli.Result text = Cli.run(Cli.concat(at, "recommend", "similar", "-p", PIPELINE, "-i", "article-1"));
        assertThat(text.out().lines().toList())
                .hasSize(26)
                .startsWith("The 25 items most similar to article-1:", "    1. " + ids.get(0))
                .endsWith("   25. " + ids.get(24));

        // 3. fetch: every article's list into Redis, with a progress bar as on a terminal.
        Cli.Result fetch = Cli.run(Cli.concat(
                at,
                "fetch",
                "--pipeline",
                PIPELINE,
                "--items-csv",
                Cli.news("items.csv").toString(),
                "--redis-url",
                redis.uri(),
                "--key-prefix",
                "news:",
                "--max-tps",
                "500",
                "--progress",
                "bar"));
        assertThat(fetch.exit()).as(fetch.err()).isEqualTo(ExitCodes.OK);
        assertThat(fetch.out())
                .containsPattern("(?m)^  cached      200/200 items, 0 failed, in ")
                .contains("  generation  1 (active)\n");
        assertThat(fetch.err()).contains("\rfetch [##############################] 100 % 200/200");
        Cli.Result plan = Cli.run(Cli.concat(at, "plan", PIPELINE, "-o", "json"));
        JsonNode deployment = plan.json().get("deployment");
        CacheKeyspace keyspace = CacheKeyspace.builder()
                .campaignArn(deployment.get("campaign").asText())
                .solutionVersionArn(deployment.get("solutionVersion").asText())
                .numResults(25)
                .build();
        try (RecommendationStore store = RedisRecommendationStore.builder()
                .redisUri(redis.uri())
                .keyPrefix("news:")
                .build()) {
            assertThat(store.activeGeneration(keyspace)).hasValue(1);
            assertThat(store.itemIds(keyspace, 1)).hasSize(200).containsAll(labels.keySet());
            assertThat(store.get(keyspace, "article-1").orElseThrow().items())
                    .extracting(RecommendedItem::itemId)
                    .containsExactlyElementsOf(ids);
        }

        // 4. serve, as a real process: GET /items/article-1/similar from the cache; Ctrl-C stops it.
        try (CliProcess serve = CliProcess.start(Cli.concat(
                at,
                "serve",
                "--pipeline",
                PIPELINE,
                "--redis-url",
                redis.uri(),
                "--key-prefix",
                "news:",
                "--port",
                "0"))) {
            String line = serve.awaitOut(l -> l.startsWith("Serving "), Duration.ofMinutes(2));
            Matcher m = Pattern.compile("^Serving (http://127\\.0\\.0\\.1:\\d+)/items/\\{id}/similar\\?n=25 ")
                    .matcher(line);
            assertThat(m.find()).as(line).isTrue();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> ok = http.send(
                    HttpRequest.newBuilder(URI.create(m.group(1) + "/items/article-1/similar?n=25"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
            JsonNode body = Cli.JSON.readTree(ok.body());
            assertThat(body.get("source").asText()).isEqualTo("CACHE");
            List<String> served = new ArrayList<>();
            body.get("items").forEach(i -> served.add(i.asText()));
            assertThat(served).containsExactlyElementsOf(ids);
            HttpResponse<String> bad = http.send(
                    HttpRequest.newBuilder(URI.create(m.group(1) + "/items/article-1/similar?n=0"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("n must be a number from 1 to 500, not '0'");

            serve.interrupt();
            assertThat(serve.exitCode(Duration.ofMinutes(1))).isEqualTo(ExitCodes.INTERRUPTED);
            assertThat(serve.err()).contains("personalize-kit: interrupted");
        }

        // 4b. cost: a dry run of the cost guard over the group, with the campaign's traffic given (an estimate
        // from the list prices: 1 TPS around the clock, 730 h at 0.20 per TPS-hour).
        String campaign = deployment.get("campaign").asText();
        Cli.Result cost = Cli.run(Cli.concat(
                at,
                "cost",
                "--dataset-group-arn",
                deployment.get("datasetGroup").asText(),
                "--observed-tps",
                campaign + "=0.5",
                "-o",
                "json"));
        assertThat(cost.exit()).as(cost.err()).isEqualTo(ExitCodes.OK);
        JsonNode cj = cost.json();
        assertThat(cj.get("estimate").asBoolean()).isTrue();
        assertThat(cj.get("campaigns")).hasSize(1);
        JsonNode cc = cj.get("campaigns").get(0);
        assertThat(cc.get("arn").asText()).isEqualTo(campaign);
        assertThat(cc.get("minProvisionedTps").asInt()).isEqualTo(1);
        assertThat(cc.get("observedTps").asDouble()).isEqualTo(0.5);
        assertThat(cc.get("trafficSource").asText()).isEqualTo("SUPPLIED");
        assertThat(cc.get("estimatedMonthlyCost").asDouble()).isEqualTo(146.0);
        assertThat(cj.get("actions").findValuesAsText("type")).doesNotContain("LOWER_MIN_TPS");
        Cli.Result costText = Cli.run(Cli.concat(
                at,
                "cost",
                "--dataset-group-arn",
                deployment.get("datasetGroup").asText(),
                "--observed-tps",
                campaign + "=0.5",
                "--idle-after",
                "3d"));
        assertThat(costText.exit()).as(costText.err()).isEqualTo(ExitCodes.OK);
        assertThat(costText.out()).containsPattern("(?m)^  campaign +news-similar +ACTIVE +minTPS 1, observed 0.50, ");

        // 5. teardown: campaign first, then everything else; a plan then would create it all again.
        Cli.Result teardown = Cli.run(Cli.concat(at, "teardown", PIPELINE, "-o", "json"));
        assertThat(teardown.exit()).as(teardown.err()).isEqualTo(ExitCodes.OK);
        JsonNode steps = teardown.json().get("steps");
        assertThat(steps.get(0).get("step").asText()).isEqualTo("delete campaign news-similar");
        List<String> deleted = new ArrayList<>();
        steps.forEach(s -> deleted.add(s.get("action").asText()));
        assertThat(deleted).hasSize(7).containsOnly("DELETED");
        Cli.Result after = Cli.run(Cli.concat(at, "plan", PIPELINE, "-o", "json"));
        assertThat(after.json().get("upToDate").asBoolean()).isFalse();
        assertThat(after.json().has("deployment")).isFalse();
        List<String> planned = new ArrayList<>();
        after.json().get("steps").forEach(s -> planned.add(s.get("action").asText()));
        assertThat(planned).containsOnly("CREATE");
    }
}
