package io.personalizekit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.personalizekit.local.PersonalizeLocal;
import io.personalizekit.local.PersonalizeLocalExtension;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import io.personalizekit.storage.S3Location;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/** Runs the README's code sample against personalize-local, and checks the README shows exactly that code. */
class ReadmeSampleTest {
    /**
     * The sample waits with the orchestrator's default, AWS-tuned waiter (its next Describe 15 to 30 s after one
     * that finds an import or a training still running). With time scale 0 and Describe calls that wait for the
     * running work, its first Describe of each resource already answers ACTIVE, so nothing here sleeps.
     */
    @RegisterExtension
    static final PersonalizeLocalExtension LOCAL =
            PersonalizeLocalExtension.withOptions(o -> o.timeScale(0).describeAwaitsWork(Duration.ofMinutes(1)));

    @TempDir
    Path dir;

    @Test
    void readmeSample_returnsTheTwentyFiveArticlesPlantedAroundArticleOne_mostCoReadFirst(PersonalizeLocal local)
            throws Exception {
        DatasetSchema interactions = SchemaBuilder.forType(DatasetType.INTERACTIONS)
                .stringField("USER_ID")
                .stringField("ITEM_ID")
                .longField("TIMESTAMP")
                .build();
        Path csv = dir.resolve("interactions.csv");
        Files.writeString(csv, plantedInteractions());
        Path items = dir.resolve("items.csv");
        Files.writeString(items, plantedItems());
        local.s3Client().createBucket(b -> b.bucket("news-bucket"));
        local.s3Client().putObject(b -> b.bucket("news-bucket").key("interactions.csv"), RequestBody.fromFile(csv));

        List<String> top25 = ReadmeSample.similarArticles(
                local.personalizeClient(),
                local.runtimeClient(),
                local.s3Client(),
                interactions,
                S3Location.parse("s3://news-bucket/interactions.csv"),
                "arn:aws:iam::000000000000:role/PersonalizeS3Access",
                items);

        // Article k (2..26) is read with article 1 by 27 - k readers, and by nobody else; all 26 are SPORTS.
        List<String> expected =
                IntStream.rangeClosed(2, 26).mapToObj(Integer::toString).collect(Collectors.toList());
        assertThat(top25).containsExactlyElementsOf(expected);
        // One Describe per resource waited for: the default waiter never had to sleep and ask again.
        assertThat(local.requestCount("DescribeDatasetImportJob")).isEqualTo(2);
        assertThat(local.requestCount("DescribeSolutionVersion")).isEqualTo(1);
        assertThat(local.requestCount("DescribeCampaign")).isEqualTo(1);
    }

    /**
     * Readers 1..25 of the sports cluster: reader j reads article 1 and articles 2..(27 - j), so article k is read
     * with article 1 by the 27 - k readers j &lt;= 27 - k. Then 120 readers of other topics, each reading 8
     * articles of one block of 30 among articles 27..296, which nobody reads with 1..26 (1,310 interactions in
     * all, past the service's training minimum of 1,000).
     */
    private static String plantedInteractions() {
        StringBuilder csv = new StringBuilder("USER_ID,ITEM_ID,TIMESTAMP\n");
        long t = 1_780_000_000L;
        for (int j = 1; j <= 25; j++) {
            csv.append("sports-").append(j).append(",1,").append(t++).append('\n');
            for (int k = 2; k <= 27 - j; k++) {
                csv.append("sports-")
                        .append(j)
                        .append(',')
                        .append(k)
                        .append(',')
                        .append(t++)
                        .append('\n');
            }
        }
        for (int u = 0; u < 120; u++) {
            int block = 27 + (u % 9) * 30;
            for (int r = 0; r < 8; r++) {
                int article = block + (u * 7 + r * 3) % 30;
                csv.append("other-")
                        .append(u)
                        .append(',')
                        .append(article)
                        .append(',')
                        .append(t++)
                        .append('\n');
            }
        }
        return csv.toString();
    }

    /** Articles 1..26 are SPORTS; the blocks of 30 after them each have one other topic. */
    private static String plantedItems() {
        List<String> others = List.of(
                "POLITICS", "SCIENCE", "TECHNOLOGY", "HEALTH", "ECONOMICS", "TRAVEL", "CLIMATE", "EDUCATION", "ARTS");
        StringBuilder csv = new StringBuilder("ITEM_ID,LABELS,CREATION_TIMESTAMP\n");
        for (int i = 1; i <= 296; i++) {
            String label = i <= 26 ? "SPORTS" : others.get((i - 27) / 30);
            csv.append(i)
                    .append(',')
                    .append(label)
                    .append(',')
                    .append(1_770_000_000L + i)
                    .append('\n');
        }
        return csv.toString();
    }

    @Test
    void readme_showsTheSampleVerbatim_withItsImports() throws Exception {
        String source = Files.readString(Path.of("src/main/java/io/personalizekit/examples/ReadmeSample.java"));
        String imports = source.lines().filter(l -> l.startsWith("import ")).collect(Collectors.joining("\n"));
        String sample = source.substring(
                source.indexOf("// README-BEGIN") + "// README-BEGIN".length(), source.indexOf("// README-END"));
        String readme = Files.readString(Path.of("../README.md"));

        assertThat(imports).contains("import io.personalizekit.resource.Deployment;");
        assertThat(normalize(readme)).contains(normalize(imports + "\n\n" + sample));
    }

    private static String normalize(String s) {
        return s.replaceAll("\\s+", " ").trim();
    }
}
