package io.personalizekit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.personalizekit.csv.DatasetCsvWriter;
import io.personalizekit.csv.ItemCsvWriter;
import io.personalizekit.examples.news.Article;
import io.personalizekit.examples.news.NewsCatalog;
import io.personalizekit.examples.news.Reading;
import io.personalizekit.local.PersonalizeLocal;
import io.personalizekit.local.PersonalizeLocalExtension;
import io.personalizekit.schema.BoundSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        BoundSchema<Reading> interactions = SchemaBuilder.forType(DatasetType.INTERACTIONS)
                .bind(Reading.class)
                .stringField("USER_ID", Reading::userId)
                .stringField("ITEM_ID", r -> r.articleId().replace("article-", ""))
                .timestampField("TIMESTAMP", Reading::at)
                .build();
        NewsCatalog catalog = NewsCatalog.generate(7, 300, 200, NewsArticlesExample.NOW);
        Path csv = dir.resolve("interactions.csv");
        try (DatasetCsvWriter<Reading> w =
                DatasetCsvWriter.builder(interactions).path(csv).build()) {
            w.writeAll(catalog.readings());
            w.commit();
        }
        Path items = dir.resolve("items.csv");
        BoundSchema<Article> itemsSchema = SchemaBuilder.forType(DatasetType.ITEMS)
                .bind(Article.class)
                .stringField("ITEM_ID", a -> a.id().replace("article-", ""))
                .categoricalField("LABELS", Article::labels, f -> f.nullable())
                .timestampField("CREATION_TIMESTAMP", Article::createdAt)
                .build();
        try (ItemCsvWriter<Article> w =
                ItemCsvWriter.builder(itemsSchema).path(items).build()) {
            w.writeAll(catalog.articles());
            w.commit();
        }
        local.s3Client().createBucket(b -> b.bucket("news-bucket"));
        local.s3Client().putObject(b -> b.bucket("news-bucket").key("interactions.csv"), RequestBody.fromFile(csv));

        List<String> top25 = ReadmeSample.similarArticles(
                local.personalizeClient(),
                local.runtimeClient(),
                local.s3Client(),
                interactions.schema(),
                "s3://news-bucket/interactions.csv",
                "arn:aws:iam::000000000000:role/PersonalizeS3Access",
                items);

        assertThat(top25).hasSize(25).doesNotContain("1").doesNotHaveDuplicates();
    }

    @Test
    void readme_showsTheSampleVerbatim() throws Exception {
        String source = Files.readString(Path.of("src/main/java/io/personalizekit/examples/ReadmeSample.java"));
        String sample = source.substring(
                source.indexOf("// README-BEGIN") + "// README-BEGIN".length(), source.indexOf("// README-END"));
        String readme = Files.readString(Path.of("../README.md"));

        assertThat(normalize(readme)).contains(normalize(sample));
    }

    private static String normalize(String s) {
        return s.replaceAll("\\s+", " ").trim();
    }
}
