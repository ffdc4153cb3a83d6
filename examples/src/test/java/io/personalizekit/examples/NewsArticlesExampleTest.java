package io.personalizekit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the news-articles main end to end against the embedded personalize-local, and calls its API. */
class NewsArticlesExampleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path workDir;

    private static NewsArticlesExample example;
    private static String output;

    @BeforeAll
    static void runTheExample() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        example = NewsArticlesExample.start(
                new String[] {"--serve", "--port", "0", "--work-dir", workDir.toString()},
                new PrintStream(buf, true, StandardCharsets.UTF_8));
        output = buf.toString(StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stop() {
        if (example != null) {
            example.close();
        }
    }

    @Test
    void run_printsThePreflightChecksAndEveryPipelineStep() {
        assertThat(output).containsPattern("(?m)^\\s+ok\\s+");
        assertThat(output).doesNotContain("FAILED");
        assertThat(output)
                .contains("dataset group news-articles")
                .contains("import ")
                .contains("solution version of news-articles-similar")
                .contains("campaign news-articles-similar");
    }

    @Test
    void run_printsTheTwentyFiveMostSimilarArticlesWithTheirLabels() {
        Matcher m = Pattern.compile("(?m)^\\s+(\\d+)\\. (article-\\d+)\\s+([A-Z|]+)$")
                .matcher(output);
        int rows = 0;
        while (m.find()) {
            rows++;
            assertThat(m.group(2)).isNotEqualTo(NewsArticlesExample.SEED_ARTICLE);
            // The seed is labelled SCIENCE only; its readers mostly read SCIENCE, and the model blends in labels.
            assertThat(m.group(3).split("\\|")).as("labels of %s", m.group(2)).contains("SCIENCE");
        }
        assertThat(rows).isEqualTo(25);
        assertThat(output).contains("most similar to article-1 [SCIENCE]");
        assertThat(output).containsPattern("source\\s+LIVE, 25 of 25 share the topic SCIENCE");
    }

    @Test
    void run_seedsTheNewArticlesAndCachesEveryArticle() {
        assertThat(output).containsPattern("seeded\\s+3 sent, 0 failed");
        assertThat(output).containsPattern("cached\\s+3000/3000 articles, 0 failed");
        assertThat(output).containsPattern("generation\\s+\\d+ \\(active\\)");
    }

    @Test
    void api_servesSimilarArticlesFromTheCache_withAnETag() throws Exception {
        HttpResponse<String> r = get("/articles/article-7/similar?n=25", null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.headers().firstValue("Cache-Control"))
                .hasValueSatisfying(v -> assertThat(v).contains("max-age"));
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("articleId").asText()).isEqualTo("article-7");
        assertThat(body.get("source").asText()).isEqualTo("CACHE");
        assertThat(body.get("similar")).hasSize(25);
        assertThat(body.get("similar").get(0).get("labels").isArray()).isTrue();

        String etag = r.headers().firstValue("ETag").orElseThrow();
        assertThat(get("/articles/article-7/similar?n=25", etag).statusCode()).isEqualTo(304);
    }

    @Test
    void api_answersShorterListsFromTheFetchersLists_andLongerOnesLiveThenFromTheCache() throws Exception {
        JsonNode five =
                JSON.readTree(get("/articles/article-9/similar?n=5", null).body());
        JsonNode full =
                JSON.readTree(get("/articles/article-9/similar?n=25", null).body());
        JsonNode first =
                JSON.readTree(get("/articles/article-9/similar?n=40", null).body());
        JsonNode second =
                JSON.readTree(get("/articles/article-9/similar?n=40", null).body());

        assertThat(five.get("source").asText()).isEqualTo("CACHE");
        assertThat(five.get("similar")).hasSize(5);
        for (int i = 0; i < 5; i++) {
            assertThat(five.get("similar").get(i)).isEqualTo(full.get("similar").get(i));
        }
        assertThat(first.get("similar")).hasSize(40);
        assertThat(first.get("source").asText()).isEqualTo("LIVE");
        assertThat(second.get("source").asText()).isEqualTo("CACHE");
    }

    @Test
    void api_whenTheArticleIsUnknown_answers404() throws Exception {
        HttpResponse<String> r = get("/articles/no-such-article/similar", null);

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(r.body()).get("error").asText()).contains("no-such-article");
    }

    @Test
    void api_whenNIsOutOfRange_answers400() throws Exception {
        assertThat(get("/articles/article-1/similar?n=501", null).statusCode()).isEqualTo(400);
    }

    @Test
    void start_withAnUnknownOption_saysHowToUseIt() {
        assertThatThrownBy(() -> NewsArticlesExample.start(new String[] {"--frobnicate"}, System.out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option --frobnicate")
                .hasMessageContaining("usage:");
    }

    @Test
    void run_printsAForYouListForOneReader_thenErasesThatReader() {
        // The same patterns as .ci/run's checks of the main job.
        assertThat(output).containsPattern("(?m)^ +for you +10 articles for reader-1, LIVE then CACHE$");
        assertThat(output).containsPattern("(?m)^ +deletion job +COMPLETED, 1 user\\(s\\) deleted$");
        assertThat(output).containsPattern("(?m)^ +cache purged +1 list\\(s\\) of reader-1$");
        assertThat(output).containsPattern("(?m)^ +next model +NEEDS_RETRAIN: ");
    }

    private static HttpResponse<String> get(String path, String ifNoneMatch) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + example.apiPort() + path));
        if (ifNoneMatch != null) {
            b.header("If-None-Match", ifNoneMatch);
        }
        return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
