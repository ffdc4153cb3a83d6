package io.personalizekit.cli;

import io.personalizekit.csv.DatasetCsvValidator;
import io.personalizekit.csv.ValidationReport;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options {@code validate} and {@code profile} share: a schema file and the CSV files to check. */
final class CsvOptions {
    @Option(
            names = {"-s", "--schema"},
            required = true,
            paramLabel = "FILE",
            description = "The dataset's Avro schema (JSON), as given to CreateSchema.")
    @SuppressWarnings("NullAway.Init")
    Path schema;

    @Option(
            names = "--type",
            paramLabel = "TYPE",
            description = "The dataset type (ITEMS, INTERACTIONS, USERS, ACTIONS, ACTION_INTERACTIONS). Default: from"
                    + " the schema's record name.")
    @Nullable
    DatasetType type;

    @Option(
            names = "--max-errors",
            paramLabel = "N",
            defaultValue = "20",
            description = "Report at most N errors per file (all are counted). Default: ${DEFAULT-VALUE}.")
    int maxErrors;

    @Parameters(paramLabel = "CSV", arity = "1..*", description = "The CSV file(s) to check.")
    List<Path> files = new ArrayList<>();

    List<ValidationReport> validate(Output output) {
        DatasetSchema schema = InputFiles.schema(this.schema, type);
        if (maxErrors < 1) {
            throw CliException.badInput("--max-errors must be at least 1, not " + maxErrors);
        }
        DatasetCsvValidator validator = DatasetCsvValidator.builder()
                .schema(schema)
                .maxErrors(maxErrors)
                .build();
        List<ValidationReport> reports = new ArrayList<>();
        for (Path f : files) {
            InputFiles.requireReadable(f, "CSV");
            output.detail("checking " + f + " against " + this.schema + " ("
                    + schema.datasetType().apiName() + ")");
            reports.add(validator.validate(f));
        }
        return reports;
    }
}
