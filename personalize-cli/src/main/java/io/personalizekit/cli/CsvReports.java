package io.personalizekit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.personalizekit.csv.DatasetProfile;
import io.personalizekit.csv.PreflightCheck;
import io.personalizekit.csv.ValidationReport;
import io.personalizekit.exception.CsvValidationException;
import java.io.PrintWriter;
import java.util.Locale;

/** How {@code validate} and {@code profile} show a {@link ValidationReport}. */
final class CsvReports {
    private CsvReports() {}

    static ObjectNode json(ValidationReport report) {
        ObjectNode o = Output.object();
        o.put("file", report.source());
        o.put("valid", report.valid());
        o.put("records", report.records());
        o.put("errorCount", report.errorCount());
        ArrayNode errors = o.putArray("errors");
        for (CsvValidationException e : report.errors()) {
            ObjectNode j = errors.addObject();
            j.put("line", e.line());
            j.put("record", e.record());
            e.field().ifPresent(f -> j.put("field", f));
            e.value().ifPresent(v -> j.put("value", v));
            j.put("rule", e.rule());
            j.put("message", e.getMessage());
        }
        return o;
    }

    static ObjectNode json(DatasetProfile p) {
        ObjectNode o = Output.object();
        o.put("datasetType", p.datasetType().apiName());
        o.put("rows", p.rows());
        o.put("uniqueUsers", p.uniqueUsers());
        o.put("uniqueItems", p.uniqueItems());
        o.put("usersWithAtLeastTwoInteractions", p.usersWithAtLeastTwoInteractions());
        p.earliest().ifPresent(t -> o.put("earliest", t.toString()));
        p.latest().ifPresent(t -> o.put("latest", t.toString()));
        o.put("meetsMinimums", p.meetsMinimums());
        ArrayNode checks = o.putArray("checks");
        for (PreflightCheck c : p.checks()) {
            checks.addObject()
                    .put("name", c.name())
                    .put("passed", c.passed())
                    .put("required", c.required())
                    .put("actual", c.actual())
                    .put("message", c.message());
        }
        return o;
    }

    static void text(ValidationReport report, PrintWriter out) {
        if (report.valid()) {
            out.println(report.source() + ": valid, " + report.records() + " records");
            return;
        }
        out.println(report.source() + ": " + report.errorCount() + " error(s) in " + report.records() + " records");
        for (CsvValidationException e : report.errors()) {
            out.println("  " + e.getMessage());
        }
        if (report.omittedErrorCount() > 0) {
            out.println("  ... and " + report.omittedErrorCount() + " more (raise --max-errors to see them)");
        }
    }

    static void text(DatasetProfile p, PrintWriter out) {
        out.println("  dataset type:  " + p.datasetType().apiName());
        out.println("  rows:          " + p.rows());
        if (p.uniqueUsers() > 0) {
            out.println("  users:         " + p.uniqueUsers());
        }
        out.println("  items:         " + p.uniqueItems());
        if (p.uniqueUsers() > 0) {
            out.println(String.format(
                    Locale.ROOT,
                    "  users with 2+: %d (%.1f %%)",
                    p.usersWithAtLeastTwoInteractions(),
                    100 * p.shareOfUsersWithAtLeastTwoInteractions()));
        }
        p.earliest().ifPresent(t -> out.println("  earliest:      " + t));
        p.latest().ifPresent(t -> out.println("  latest:        " + t));
        for (PreflightCheck c : p.checks()) {
            out.println("  " + (c.passed() ? "ok      " : "FAILED  ") + c.message());
        }
    }
}
