package io.personalizekit.examples.snippets;

import io.personalizekit.csv.DatasetCsvValidator;
import io.personalizekit.csv.DatasetCsvWriter;
import io.personalizekit.csv.DatasetProfile;
import io.personalizekit.csv.Interaction;
import io.personalizekit.csv.InteractionCsvWriter;
import io.personalizekit.csv.Item;
import io.personalizekit.csv.ItemCsvWriter;
import io.personalizekit.csv.PreflightCheck;
import io.personalizekit.csv.ValidationReport;
import io.personalizekit.examples.news.Article;
import io.personalizekit.examples.news.Reading;
import io.personalizekit.exception.CsvValidationException;
import io.personalizekit.exception.SchemaValidationException;
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

    static DatasetSchema itemsSchema() {
        DatasetSchema items = SchemaBuilder.forType(DatasetType.ITEMS)
                .stringField("ITEM_ID")
                .stringField("LABELS", f -> f.categorical().nullable())
                .longField("CREATION_TIMESTAMP")
                .build();
        return items;
    }

    static DatasetSchema interactionsSchema() {
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

    static long writeArticles(DatasetSchema items, List<Article> articles, Path dir) {
        try (ItemCsvWriter writer = ItemCsvWriter.builder()
                .schema(items)
                .path(dir.resolve("items.csv"))
                .build()) {
            for (Article a : articles) {
                writer.write(Item.builder()
                        .itemId(a.id())
                        .putMetadata("LABELS", a.labels()) // a List becomes SPORTS|SCIENCE
                        .creationTime(a.createdAt()) // written as epoch seconds
                        .build());
            }
            writer.commit(); // publishes items.csv; an exception before this line leaves no file
            return writer.rowsWritten();
        }
    }

    static DatasetProfile writeReadings(DatasetSchema interactions, List<Reading> readings, Path dir) {
        try (InteractionCsvWriter writer = InteractionCsvWriter.builder()
                .schema(interactions)
                .path(dir.resolve("interactions.csv"))
                .build()) {
            for (Reading r : readings) {
                writer.write(Interaction.builder()
                        .userId(r.userId())
                        .itemId(r.articleId())
                        .timestamp(r.at())
                        .build());
            }
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
        try (DatasetCsvWriter writer = DatasetCsvWriter.builder()
                .schema(interactions)
                .path(dir.resolve("sample-interactions.csv"))
                .build()) {
            writer.writeRow("35", "2", Instant.ofEpochSecond(1586731606));
            writer.writeRow("54", "3", 1586735164L);
            writer.commit();
        }
    }

    static String rejectedRow(DatasetSchema interactions, Path dir) {
        try (DatasetCsvWriter writer = DatasetCsvWriter.builder()
                .schema(interactions)
                .path(dir.resolve("interactions.csv"))
                .build()) {
            writer.writeRow("35", "2", 1586731606000L); // milliseconds, not seconds
            writer.commit(); // not reached
        } catch (CsvValidationException e) {
            // e.rule() is "timestamp-millis"; e.row(), e.field() and e.value() say where.
            // The writer is now failed, and close() deleted the temporary file: interactions.csv was never created.
            // (The same happens when your own code throws before commit().)
            return e.rule() + " at row " + e.row() + ", field " + e.field().orElse("?");
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
