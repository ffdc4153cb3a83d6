package io.personalizekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate} and {@code profile} in-process: exit codes, the exact errors, JSON output, usage errors. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CsvCommandsTest {
    static final String ITEMS_SCHEMA = Cli.news("items.schema.json").toString();
    static final String INTERACTIONS_SCHEMA =
            Cli.news("interactions.schema.json").toString();

    @TempDir
    Path dir;

    Path badItems() throws IOException {
        Path f = dir.resolve("bad-items.csv");
        Files.writeString(
                f,
                "ITEM_ID,LABELS,CREATION_TIMESTAMP\n"
                        + "article-1,POLITICS,1765139610\n"
                        + "article-2,SPORTS,yesterday\n"
                        + "article-1,SPORTS,1765139610\n");
        return f;
    }

    @Test
    void validate_aBadCsv_exits2_andNamesFileLineFieldValueAndRule() throws IOException {
        Cli.Result r = Cli.run("validate", "--schema", ITEMS_SCHEMA, badItems().toString());

        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.out())
                .isEqualTo("bad-items.csv: 2 error(s) in 3 records\n"
                        + "  bad-items.csv line 3 (record 2), field CREATION_TIMESTAMP, value 'yesterday': is not an"
                        + " integer; the field's Avro type is long [type]\n"
                        + "  bad-items.csv line 4 (record 3), field ITEM_ID, value 'article-1': ITEM_ID must be unique"
                        + " in a Items dataset, but this value already appears in record 1 [duplicate-id]\n");
    }

    @Test
    void validate_aBadCsv_asJson_isOneDocumentWithEachErrorsParts() throws IOException {
        Cli.Result r = Cli.run("validate", "-s", ITEMS_SCHEMA, badItems().toString(), "--output", "json");

        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        JsonNode json = r.json();
        assertThat(json.get("valid").asBoolean()).isFalse();
        JsonNode file = json.get("files").get(0);
        assertThat(file.get("records").asLong()).isEqualTo(3);
        assertThat(file.get("errorCount").asLong()).isEqualTo(2);
        JsonNode first = file.get("errors").get(0);
        assertThat(first.get("line").asLong()).isEqualTo(3);
        assertThat(first.get("record").asLong()).isEqualTo(2);
        assertThat(first.get("field").asText()).isEqualTo("CREATION_TIMESTAMP");
        assertThat(first.get("value").asText()).isEqualTo("yesterday");
        assertThat(first.get("rule").asText()).isEqualTo("type");
    }

    @Test
    void validate_theSampleItems_exits0() {
        Cli.Result r =
                Cli.run("validate", "-s", ITEMS_SCHEMA, Cli.news("items.csv").toString());

        assertThat(r.exit()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).isEqualTo("items.csv: valid, 200 records\n");
    }

    @Test
    void validate_keepsAtMostMaxErrors_andSaysHowManyMore() throws IOException {
        Cli.Result r = Cli.run(
                "validate", "-s", ITEMS_SCHEMA, "--max-errors", "1", badItems().toString());

        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.out()).contains("  ... and 1 more (raise --max-errors to see them)");
    }

    @Test
    void profile_theSampleInteractions_meetsTheMinimums() {
        Cli.Result r = Cli.run(
                "profile",
                "-s",
                INTERACTIONS_SCHEMA,
                Cli.news("interactions.csv").toString(),
                "-o",
                "json");

        assertThat(r.exit()).isEqualTo(ExitCodes.OK);
        JsonNode profile = r.json().get("files").get(0).get("profile");
        assertThat(profile.get("rows").asLong()).isEqualTo(1402);
        assertThat(profile.get("uniqueUsers").asLong()).isEqualTo(70);
        assertThat(profile.get("usersWithAtLeastTwoInteractions").asLong()).isEqualTo(70);
        assertThat(profile.get("meetsMinimums").asBoolean()).isTrue();
    }

    @Test
    void profile_tooFewInteractions_exits2_namingTheMissingCount() throws IOException {
        Path f = dir.resolve("few.csv");
        StringBuilder sb = new StringBuilder("USER_ID,ITEM_ID,TIMESTAMP\n");
        for (int i = 0; i < 10; i++) {
            sb.append("u").append(i % 3).append(",i").append(i).append(",1765139610\n");
        }
        Files.writeString(f, sb);

        Cli.Result r = Cli.run("profile", "-s", INTERACTIONS_SCHEMA, f.toString());

        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.out())
                .contains("few.csv: valid, 10 records")
                .contains("FAILED  10 interactions; training needs at least 1000 interactions: 990 more interactions"
                        + " needed");
    }

    @Test
    void aMissingSchemaFile_exits2_namingIt() throws IOException {
        Cli.Result r = Cli.run(
                "validate",
                "-s",
                dir.resolve("nope.json").toString(),
                badItems().toString());

        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err())
                .isEqualTo("personalize-kit: cannot read the schema file " + dir.resolve("nope.json")
                        + ": no such file\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void anInvalidSchema_exits2_namingTheFileAndTheRule() throws IOException {
        Path schema = dir.resolve("bad.schema.json");
        Files.writeString(
                schema,
                "{\"type\":\"record\",\"name\":\"Items\",\"fields\":[{\"name\":\"LABELS\",\"type\":\"string\"}]}");

        Cli.Result r = Cli.run("validate", "-s", schema.toString(), badItems().toString());

        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).startsWith("personalize-kit: " + schema + ": ").contains("ITEM_ID");
    }

    @Test
    void aUsageError_exits2_andInJsonModeStillPrintsOneDocument() {
        Cli.Result r = Cli.run("validate", "--output", "json", "items.csv");

        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        JsonNode error = r.json().get("error");
        assertThat(error.get("message").asText()).isEqualTo("Missing required option: '--schema=FILE'");
        assertThat(error.get("kind").asText()).isEqualTo("bad-input");
        assertThat(error.get("exitCode").asInt()).isEqualTo(2);
        assertThat(r.err()).contains("Try 'personalize-kit validate --help' for more information.");
    }

    @Test
    void everyCommand_hasHelpWithExamples() {
        for (String[] cmd : new String[][] {
            {"validate"},
            {"profile"},
            {"plan"},
            {"apply"},
            {"teardown"},
            {"recommend"},
            {"recommend", "similar"},
            {"recommend", "user"},
            {"recommend", "rank"},
            {"fetch"},
            {"serve"}
        }) {
            Cli.Result r = Cli.run(Cli.concat(cmd, "--help"));
            assertThat(r.exit()).as(String.join(" ", cmd)).isEqualTo(ExitCodes.OK);
            assertThat(r.out())
                    .as(String.join(" ", cmd))
                    .startsWith("Usage: personalize-kit " + String.join(" ", cmd))
                    .contains("Examples:");
        }
        Cli.Result local = Cli.run("local", "--help");
        assertThat(local.exit()).isEqualTo(ExitCodes.OK);
        assertThat(local.out())
                .contains("Personalize endpoint: http://127.0.0.1:<port>")
                .contains("Examples:");
    }

    @Test
    void noCommand_isAUsageError() {
        Cli.Result r = Cli.run();

        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).startsWith("personalize-kit: name a command");
    }
}
