package io.personalizekit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.personalizekit.csv.ValidationReport;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code personalize-kit validate}: checks CSV files against a schema and Personalize's import rules. */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Checks CSV files against a dataset schema and Amazon Personalize's bulk-import rules, without loading"
                    + " them whole. Each error names the file, line, record, field, value and the rule or limit.",
            "Exit code 2 when a file has an error."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  personalize-kit validate --schema items.schema.json items.csv",
            "  personalize-kit validate -s interactions.schema.json --max-errors 100 interactions-*.csv",
            "  personalize-kit validate -s items.schema.json items.csv --output json | jq .files[0].errors"
        })
final class ValidateCommand extends CliCommand {
    @Mixin
    final CsvOptions csv = new CsvOptions();

    @Override
    int run(Session session) {
        Output out = session.output();
        List<ValidationReport> reports = csv.validate(out);
        boolean valid = reports.stream().allMatch(ValidationReport::valid);
        ObjectNode json = Output.object();
        json.put("valid", valid);
        ArrayNode files = json.putArray("files");
        reports.forEach(r -> files.add(CsvReports.json(r)));
        out.result(json, w -> reports.forEach(r -> CsvReports.text(r, w)));
        return valid ? ExitCodes.OK : ExitCodes.BAD_INPUT;
    }
}
