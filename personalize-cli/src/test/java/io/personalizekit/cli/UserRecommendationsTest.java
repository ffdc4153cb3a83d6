package io.personalizekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.personalizekit.local.PersonalizeLocal;
import io.personalizekit.local.PersonalizeLocalExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code recommend user} and {@code recommend rank} against campaigns trained on the sample data. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class UserRecommendationsTest {
    @RegisterExtension
    static final PersonalizeLocalExtension LOCAL = PersonalizeLocalExtension.create();

    @TempDir
    Path dir;

    /** The sample pipeline with another solution and campaign (same dataset group, datasets and imports). */
    Path pipeline(String name, String recipe) throws IOException {
        ObjectNode spec =
                (ObjectNode) Cli.JSON.readTree(Cli.news("news-pipeline.json").toFile());
        ((ObjectNode) spec.get("solution"))
                .put("name", name)
                .put("recipeArn", "arn:aws:personalize:::recipe/" + recipe);
        ((ObjectNode) spec.get("campaign")).put("name", name);
        Path f = dir.resolve(name + ".json");
        Files.writeString(f, spec.toString());
        return f;
    }

    @Test
    void forAUser_andARanking(PersonalizeLocal local) throws IOException {
        String[] at = {
            "--endpoint-url",
            local.endpoint().toString(),
            "--s3-endpoint-url",
            local.s3Endpoint().toString(),
            "--poll-interval",
            "50ms",
            "--quiet"
        };
        Path forYou = pipeline("news-for-you", "aws-user-personalization-v2");
        Path ranking = pipeline("news-ranking", "aws-personalized-ranking-v2");
        Cli.Result applied = Cli.run(Cli.concat(
                at,
                "apply",
                forYou.toString(),
                "--create-bucket",
                "--upload",
                "ITEMS=" + Cli.news("items.csv"),
                "--upload",
                "INTERACTIONS=" + Cli.news("interactions.csv")));
        assertThat(applied.exit()).as(applied.err()).isEqualTo(ExitCodes.OK);
        assertThat(applied.err()).as("--quiet").isEmpty();
        Cli.Result applied2 = Cli.run(Cli.concat(at, "apply", ranking.toString()));
        assertThat(applied2.exit()).as(applied2.err()).isEqualTo(ExitCodes.OK);

        Cli.Result user = Cli.run(Cli.concat(
                at,
                "recommend",
                "user",
                "--pipeline",
                forYou.toString(),
                "--user",
                "reader-1",
                "-n",
                "10",
                "-o",
                "json"));
        assertThat(user.exit()).as(user.err()).isEqualTo(ExitCodes.OK);
        JsonNode uj = user.json();
        assertThat(uj.get("kind").asText()).isEqualTo("user");
        assertThat(uj.get("userId").asText()).isEqualTo("reader-1");
        assertThat(uj.get("campaign").asText()).endsWith(":campaign/news-for-you");
        List<String> ids = new ArrayList<>();
        uj.get("items").forEach(i -> ids.add(i.get("itemId").asText()));
        assertThat(ids).hasSize(10).doesNotHaveDuplicates().allMatch(id -> id.startsWith("article-"));

        List<String> candidates = List.of("article-1", "article-2", "article-3", "article-4");
        Cli.Result rank = Cli.run(Cli.concat(
                Cli.concat(
                        at, "recommend", "rank", "--pipeline", ranking.toString(), "--user", "reader-1", "-o", "json"),
                candidates.toArray(String[]::new)));
        assertThat(rank.exit()).as(rank.err()).isEqualTo(ExitCodes.OK);
        List<String> ranked = new ArrayList<>();
        rank.json().get("items").forEach(i -> ranked.add(i.get("itemId").asText()));
        assertThat(ranked).containsExactlyInAnyOrderElementsOf(candidates);
        // reader-1 reads POLITICS (articles 1, 9, 17, ...): article-1 ranks above the other topics' articles.
        assertThat(ranked.get(0)).isEqualTo("article-1");

        // A ranking campaign does not answer "recommend user": the recipe says so before anything is sent.
        Cli.Result wrong =
                Cli.run(Cli.concat(at, "recommend", "user", "--pipeline", ranking.toString(), "--user", "reader-1"));
        assertThat(wrong.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(wrong.err()).startsWith("personalize-kit: ").contains("aws-personalized-ranking-v2");
    }
}
