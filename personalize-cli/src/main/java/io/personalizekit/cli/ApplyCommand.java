package io.personalizekit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.personalizekit.csv.DatasetCsvValidator;
import io.personalizekit.csv.ValidationReport;
import io.personalizekit.pipeline.DatasetSpec;
import io.personalizekit.pipeline.ImportSpec;
import io.personalizekit.pipeline.PipelineOrchestrator;
import io.personalizekit.pipeline.PipelinePlan;
import io.personalizekit.pipeline.PipelineResult;
import io.personalizekit.pipeline.PipelineSpec;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.storage.DatasetUploader;
import io.personalizekit.storage.S3Location;
import io.personalizekit.storage.UploadResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@code personalize-kit apply}: uploads the CSV files, then runs the pipeline to the end (find or create each
 * resource, wait for it).
 */
@Command(
        name = "apply",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a pipeline to the end: finds or creates the dataset group, schemas, datasets, import jobs,"
                    + " solution, solution version, campaign, filters and event tracker, waiting for each. Safe to"
                    + " re-run: what exists is reused, so a failed run picks up where it stopped.",
            "With --upload, first checks each CSV against its dataset's schema (exit 2 on an error, before anything"
                    + " is created) and uploads it to the dataLocation of the dataset's last import."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  personalize-kit apply news-pipeline.json --upload ITEMS=items.csv --upload INTERACTIONS=interactions.csv",
            "  personalize-kit --endpoint-url http://127.0.0.1:4566 --s3-endpoint-url http://127.0.0.1:4567 \\",
            "      --poll-interval 100ms apply news-pipeline.json --create-bucket --upload ITEMS=items.csv \\",
            "      --upload INTERACTIONS=interactions.csv"
        })
final class ApplyCommand extends CliCommand {
    @Mixin
    final PipelineOptions pipeline = new PipelineOptions();

    @Option(
            names = "--upload",
            paramLabel = "TYPE=CSV",
            description = "Check and upload CSV to the data location of the last import of the dataset of TYPE"
                    + " (ITEMS, INTERACTIONS, USERS, ...). Repeatable.")
    Map<DatasetType, Path> uploads = new LinkedHashMap<>();

    @Option(
            names = "--create-bucket",
            description = "Create the uploads' bucket when it does not exist (for personalize-local; on AWS create"
                    + " it with its policies yourself).")
    boolean createBucket;

    @Option(names = "--no-validate", description = "Upload without checking the CSV files first.")
    boolean noValidate;

    @Option(
            names = "--force-retraining",
            description = "Train a new solution version even when one was trained on the same data.")
    boolean forceRetraining;

    @Override
    int run(Session session) {
        Output out = session.output();
        PipelineSpec spec = pipeline.spec();
        List<Upload> planned = planUploads(spec);
        if (!noValidate && !planned.isEmpty()) {
            List<ValidationReport> invalid = new ArrayList<>();
            for (Upload u : planned) {
                ValidationReport r = DatasetCsvValidator.builder()
                        .schema(u.dataset.schema())
                        .maxErrors(20)
                        .build()
                        .validate(u.file);
                out.note((r.valid() ? "checked " : "INVALID ") + u.file + " against the " + u.type.apiName()
                        + " schema: " + r.records() + " records, " + r.errorCount() + " error(s)");
                if (!r.valid()) {
                    invalid.add(r);
                }
            }
            if (!invalid.isEmpty()) {
                ObjectNode json = Output.object();
                json.put("applied", false);
                ArrayNode files = json.putArray("invalidFiles");
                invalid.forEach(r -> files.add(CsvReports.json(r)));
                out.result(json, w -> {
                    invalid.forEach(r -> CsvReports.text(r, w));
                    w.println("nothing uploaded or created: fix the file(s) above, or pass --no-validate");
                });
                return ExitCodes.BAD_INPUT;
            }
        }
        List<UploadResult> uploaded = new ArrayList<>();
        if (!planned.isEmpty()) {
            S3Client s3 = session.s3();
            if (createBucket) {
                planned.stream().map(u -> u.target.bucket()).distinct().forEach(b -> ensureBucket(s3, b, out));
            }
            DatasetUploader uploader = DatasetUploader.builder()
                    .s3Client(s3)
                    .progressListener((target, sent, total) ->
                            out.progress().update("upload " + target.fileName(), sent, total, ""))
                    .build();
            for (Upload u : planned) {
                UploadResult r = uploader.upload(u.file, u.target);
                out.progress().finish();
                out.note("uploaded " + u.file + " to " + r.uri() + " (" + r.size() + " bytes)");
                uploaded.add(r);
            }
        }
        PipelineResult result;
        int steps;
        try (PipelineOrchestrator planner = PipelineOrchestrator.builder()
                .personalizeClient(session.personalize())
                .forceRetraining(forceRetraining)
                .build()) {
            PipelinePlan plan = planner.plan(spec); // List* and Describe* only: the number of steps for the bar
            steps = plan.steps().size();
        }
        try (PipelineOrchestrator orchestrator = PipelineOrchestrator.builder()
                .personalizeClient(session.personalize())
                .waiter(session.waiter())
                .forceRetraining(forceRetraining)
                .listener(new PipelineProgress(out, "apply", steps))
                .build()) {
            result = orchestrator.run(spec);
        }
        ObjectNode json = PipelineJson.result(result, true);
        json.put("applied", true);
        ArrayNode ups = json.putArray("uploads");
        uploaded.forEach(r -> ups.addObject().put("uri", r.uri()).put("bytes", r.size()));
        out.result(json, w -> {
            uploaded.forEach(r -> w.println("  uploaded        " + r.uri() + " (" + r.size() + " bytes)"));
            PipelineJson.text(result, w);
            PipelineJson.text(result.deployment(), w);
        });
        return ExitCodes.OK;
    }

    private List<Upload> planUploads(PipelineSpec spec) {
        List<Upload> list = new ArrayList<>();
        uploads.forEach((type, file) -> {
            DatasetSpec dataset = spec.datasetGroup()
                    .dataset(type)
                    .orElseThrow(() -> CliException.badInput("--upload " + type + "=" + file + ": the pipeline "
                            + pipeline.file + " has no " + type.apiName() + " dataset"));
            if (dataset.imports().isEmpty()) {
                throw CliException.badInput("--upload " + type + "=" + file + ": the " + type.apiName() + " dataset of "
                        + pipeline.file + " has no import to upload for");
            }
            InputFiles.requireReadable(file, "CSV");
            ImportSpec last = dataset.imports().get(dataset.imports().size() - 1);
            list.add(new Upload(type, file, dataset, S3Location.parse(last.dataLocation())));
        });
        return list;
    }

    private static void ensureBucket(S3Client s3, String bucket, Output out) {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            s3.createBucket(b -> b.bucket(bucket));
            out.note("created bucket " + bucket);
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            s3.createBucket(b -> b.bucket(bucket));
            out.note(String.format(Locale.ROOT, "created bucket %s", bucket));
        }
    }

    private record Upload(DatasetType type, Path file, DatasetSpec dataset, S3Location target) {}
}
