package io.personalizekit.examples.snippets;

import io.personalizekit.csv.CsvRecord;
import io.personalizekit.csv.DatasetCsvReader;
import io.personalizekit.csv.DatasetCsvValidator;
import io.personalizekit.csv.DatasetCsvWriter;
import io.personalizekit.csv.DatasetProfile;
import io.personalizekit.csv.ItemCsvWriter;
import io.personalizekit.csv.PreflightCheck;
import io.personalizekit.csv.ValidationReport;
import io.personalizekit.examples.news.Article;
import io.personalizekit.examples.news.Reading;
import io.personalizekit.exception.CsvValidationException;
import io.personalizekit.exception.SchemaValidationException;
import io.personalizekit.schema.BoundSchema;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import io.personalizekit.storage.DatasetUploader;
import io.personalizekit.storage.PersonalizeS3Policies;
import io.personalizekit.storage.S3Location;
import io.personalizekit.storage.UploadResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;

/** Samples of docs/schemas-and-csv.md. */
final class SchemasAndCsvSnippets {
    private SchemasAndCsvSnippets() {}

    static BoundSchema<Article> itemsSchema() {
        BoundSchema<Article> items = SchemaBuilder.forType(DatasetType.ITEMS)
                .bind(Article.class) // your own record: id, labels, createdAt
                .stringField("ITEM_ID", Article::id)
                .categoricalField("LABELS", Article::labels, f -> f.nullable()) // a List, written SPORTS|SCIENCE
                .timestampField("CREATION_TIMESTAMP", Article::createdAt) // an Instant, written as epoch seconds
                .build();
        return items;
    }

    static BoundSchema<Reading> interactionsSchema() {
        BoundSchema<Reading> interactions = SchemaBuilder.forType(DatasetType.INTERACTIONS)
                .bind(Reading.class)
                .stringField("USER_ID", Reading::userId)
                .stringField("ITEM_ID", Reading::articleId)
                .timestampField("TIMESTAMP", Reading::at)
                .build();
        return interactions;
    }

    static DatasetSchema unboundInteractionsSchema() {
        DatasetSchema interactions = SchemaBuilder.forType(DatasetType.INTERACTIONS)
                .stringField("USER_ID")
                .stringField("ITEM_ID")
                .longField("TIMESTAMP")
                .build();
        return interactions;
    }

    static String renderAndParse(DatasetSchema items) {
        String avro = items.toAvroJson(); // the string CreateSchema takes
        DatasetSchema back = DatasetSchema.parse(avro); // the type comes from the record name, "Items"
        boolean same = back.sameDefinitionAs(items); // true: same type, same fields in the same order
        List<String> header = items.fieldNames(); // [ITEM_ID, LABELS, CREATION_TIMESTAMP]
        return same + " " + header;
    }

    static String schemaRuleViolation() {
        try {
            SchemaBuilder.forType(DatasetType.INTERACTIONS)
                    .stringField("USER_ID")
                    .stringField("ITEM_ID")
                    .stringField("TIMESTAMP") // must be a long
                    .build();
        } catch (SchemaValidationException e) {
            return e.field().orElse("") + ": " + e.rule(); // "TIMESTAMP: ..." and a message saying what to fix
        }
        return "";
    }

    static DatasetSchema richerItemsSchema() {
        DatasetSchema items = SchemaBuilder.forType(DatasetType.ITEMS)
                .stringField("ITEM_ID")
                .stringField("LABELS", f -> f.categorical().nullable())
                .stringField("AUTHOR", f -> f.categorical())
                .intField("WORD_COUNT", f -> f.nullable())
                .stringField("HEADLINE", f -> f.textual().nullable())
                .longField("CREATION_TIMESTAMP")
                .build();
        return items;
    }

    static long writeArticles(BoundSchema<Article> items, List<Article> articles, Path dir) {
        try (ItemCsvWriter<Article> writer =
                ItemCsvWriter.builder(items).path(dir.resolve("items.csv")).build()) {
            for (Article a : articles) {
                writer.write(a); // each value read through the schema's getter, checked, then written
            }
            writer.commit(); // publishes items.csv; an exception before this line leaves no file
            return writer.rowsWritten();
        }
    }

    static DatasetProfile writeReadings(BoundSchema<Reading> interactions, List<Reading> readings, Path dir) {
        try (DatasetCsvWriter<Reading> writer = DatasetCsvWriter.builder(interactions)
                .path(dir.resolve("interactions.csv"))
                .build()) {
            writer.writeAll(readings);
            DatasetProfile profile = writer.profile();
            if (profile.meetsMinimums()) {
                writer.commit();
            } else {
                writer.abort(); // don't publish a file that cannot train a model
                profile.failedChecks().forEach(check -> System.err.println(check.message()));
            }
            return profile;
        }
    }

    static void writeRows(DatasetSchema interactions, Path dir) {
        try (DatasetCsvWriter<Object[]> writer = DatasetCsvWriter.builder(interactions)
                .path(dir.resolve("sample-interactions.csv"))
                .build()) {
            writer.writeRow("35", "2", Instant.ofEpochSecond(1586731606));
            writer.writeRow("54", "3", 1586735164L);
            writer.commit();
        }
    }

    static String rejectedRow(DatasetSchema interactions, Path dir) {
        try (DatasetCsvWriter<Object[]> writer = DatasetCsvWriter.builder(interactions)
                .path(dir.resolve("interactions.csv"))
                .build()) {
            writer.writeRow("35", "2", 1586731606000L); // milliseconds, not seconds
            writer.commit(); // not reached
        } catch (CsvValidationException e) {
            // e.rule() is "timestamp-millis"; e.record(), e.line(), e.field() and e.value() say where.
            // The writer is now failed, and close() deleted the temporary file: interactions.csv was never created.
            // (The same happens when your own code throws before commit().)
            return e.rule() + " in record " + e.record() + " (line " + e.line() + "), field "
                    + e.field().orElse("?");
        }
        return "";
    }

    static boolean validateExistingFile(DatasetSchema items, Path file) {
        ValidationReport report = DatasetCsvValidator.builder()
                .schema(items)
                .maxErrors(20)
                .build()
                .validate(file);
        if (!report.valid()) {
            report.errors().forEach(e -> System.err.println(e.getMessage()));
            System.err.println(report.omittedErrorCount() + " more errors not shown");
        }
        for (PreflightCheck check : report.profile().checks()) {
            System.out.println(check.name() + ": " + (check.passed() ? "ok" : check.message()));
        }
        return report.valid();
    }

    static long readFile(Path file) {
        long withoutLabels = 0;
        try (DatasetCsvReader reader = DatasetCsvReader.open(file)) {
            int labels = reader.header().indexOf("LABELS"); // the header, read when the reader opens
            for (CsvRecord r : reader) { // or reader.next() until it returns null
                if (r.get(labels).isEmpty()) { // an empty cell: null in the dataset
                    withoutLabels++;
                    System.out.println("record " + r.record() + " (line " + r.line() + "): " + r.get(0));
                }
            }
            System.out.println(reader.recordsRead() + " records in " + reader.sourceName());
        } catch (CsvValidationException e) {
            // rule "malformed" (a stray quote) or "encoding" ("not UTF-8 text at byte N")
            System.err.println(e.getMessage());
        }
        return withoutLabels;
    }

    static String upload(S3Client s3, Path dir) {
        DatasetUploader uploader = DatasetUploader.builder()
                .s3Client(s3) // borrowed: the uploader never closes it
                .build();
        S3Location prefix = S3Location.parse("s3://news-personalize-data/import/2026-11-28/");
        UploadResult items = uploader.upload(dir.resolve("items.csv"), prefix);
        UploadResult interactions = uploader.upload(dir.resolve("interactions.csv"), prefix);
        // items.uri() is "s3://news-personalize-data/import/2026-11-28/items.csv": the dataLocation of an import job
        return items.uri() + " " + interactions.uri();
    }

    static String policies() {
        PersonalizeS3Policies policies = PersonalizeS3Policies.builder()
                .bucket("news-personalize-data")
                .sourceAccount("123456789012") // only Personalize acting for this account
                .build();
        String bucketPolicy = policies.bucketPolicy(); // for s3:PutBucketPolicy
        String rolePolicy = policies.rolePolicy(); // attach to the role passed as roleArn
        String trustPolicy = policies.trustPolicy(); // lets personalize.amazonaws.com assume that role
        return bucketPolicy + rolePolicy + trustPolicy;
    }
}
