package io.personalizekit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.personalizekit.csv.Interaction;
import io.personalizekit.csv.InteractionCsvWriter;
import io.personalizekit.csv.Item;
import io.personalizekit.csv.ItemCsvWriter;
import io.personalizekit.examples.news.Article;
import io.personalizekit.examples.news.NewsCatalog;
import io.personalizekit.examples.news.Reading;
import io.personalizekit.local.PersonalizeLocal;
import io.personalizekit.local.PersonalizeLocalExtension;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import io.personalizekit.storage.S3Location;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/** Runs the README's code sample against personalize-local, and checks the README shows exactly that code. */
class ReadmeSampleTest {
    @RegisterExtension
    static final PersonalizeLocalExtension LOCAL = PersonalizeLocalExtension.create();

    @TempDir
    Path dir;

    @Test
    void readmeSample_runsAndReturnsTwentyFiveSimilarArticles(PersonalizeLocal local) throws Exception {
        DatasetSchema interactions = SchemaBuilder.forType(DatasetType.INTERACTIONS)
                .stringField("USER_ID")
                .stringField("ITEM_ID")
                .longField("TIMESTAMP")
                .build();
        NewsCatalog catalog = NewsCatalog.generate(7, 300, 200, NewsArticlesExample.NOW);
        Path csv = dir.resolve("interactions.csv");
        try (InteractionCsvWriter w =
                InteractionCsvWriter.builder().schema(interactions).path(csv).build()) {
            for (Reading r : catalog.readings()) {
                w.write(Interaction.builder()
                        .userId(r.userId())
                        .itemId(r.articleId().replace("article-", ""))
                        .timestamp(r.at())
                        .build());
            }
            w.commit();
        }
        Path items = dir.resolve("items.csv");
        try (ItemCsvWriter w = ItemCsvWriter.builder()
                .schema(SchemaBuilder.forType(DatasetType.ITEMS)
                        .stringField("ITEM_ID")
                        .stringField("LABELS", f -> f.categorical().nullable())
                        .longField("CREATION_TIMESTAMP")
                        .build())
                .path(items)
                .build()) {
            for (Article a : catalog.articles()) {
                w.write(Item.builder()
                        .itemId(a.id().replace("article-", ""))
                        .putMetadata("LABELS", a.labels())
                        .creationTime(a.createdAt())
                        .build());
            }
            w.commit();
        }
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

        assertThat(top25).hasSize(25).doesNotContain("1").doesNotHaveDuplicates();
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
