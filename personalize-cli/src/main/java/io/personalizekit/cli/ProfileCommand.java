package io.personalizekit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.personalizekit.csv.ValidationReport;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code personalize-kit profile}: validates CSV files and shows their profile against the training minimums. */
@Command(
        name = "profile",
        mixinStandardHelpOptions = true,
        description = {
            "Validates CSV files like 'validate' and shows the profile of their valid rows: rows, users, items,"
                    + " users with at least 2 interactions, time range, and the pre-flight checks against"
                    + " Personalize's training minimums (interactions datasets).",
            "Exit code 2 when a file has an error or fails a minimum."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  personalize-kit profile --schema interactions.schema.json interactions.csv",
            "  personalize-kit profile -s interactions.schema.json interactions.csv -o json | jq .files[0].profile"
        })
final class ProfileCommand extends CliCommand {
    @Mixin
    final CsvOptions csv = new CsvOptions();

    @Override
    int run(Session session) {
        Output out = session.output();
        List<ValidationReport> reports = csv.validate(out);
        boolean valid = reports.stream().allMatch(ValidationReport::valid);
        boolean meets = reports.stream().allMatch(r -> r.profile().meetsMinimums());
        ObjectNode json = Output.object();
        json.put("valid", valid);
        json.put("meetsMinimums", meets);
        ArrayNode files = json.putArray("files");
        reports.forEach(r -> files.add(CsvReports.json(r).set("profile", CsvReports.json(r.profile()))));
        out.result(
                json,
                w -> reports.forEach(r -> {
                    CsvReports.text(r, w);
                    CsvReports.text(r.profile(), w);
                }));
        return valid && meets ? ExitCodes.OK : ExitCodes.BAD_INPUT;
    }
}
