package io.personalizekit.csv;

import static org.assertj.core.api.Assertions.assertThat;

import io.personalizekit.exception.CsvValidationException;
import io.personalizekit.schema.DatasetType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The message vocabulary shared by the writer, the reader and the validator. */
@Timeout(30)
class RulesTest {

    @Test
    void display_escapesControlCharactersAndTruncatesAtSixtyCharacters() {
        assertThat(Rules.display(null)).isEqualTo("null");
        assertThat(Rules.display("a\tb\u007fc\u001fd e~\n\r")).isEqualTo("a\\u0009b\\u007fc\\u001fd e~\\n\\r");
        assertThat(Rules.display("\u0000")).isEqualTo("\\u0000");
        assertThat(Rules.display("\u0080é"))
                .as("only ASCII controls are escaped")
                .isEqualTo("\u0080é");
        assertThat(Rules.display("x".repeat(60))).isEqualTo("x".repeat(60));
        assertThat(Rules.display("x".repeat(61))).isEqualTo("x".repeat(60) + "...(61 chars)");
        assertThat(Rules.display(12345L)).isEqualTo("12345");
    }

    @Test
    void position_namesLineAndRecordOrTheHeaderOrOnlyWhatIsKnown() {
        assertThat(Rules.position(12, 11)).isEqualTo("line 12 (record 11)");
        assertThat(Rules.position(1, 0)).isEqualTo("line 1 (header)");
        assertThat(Rules.position(0, 7)).isEqualTo("record 7");
        assertThat(Rules.position(0, 0)).isEmpty();
        assertThat(Rules.position(-1, 1)).isEqualTo("record 1");
    }

    @Test
    void error_buildsTheMessageFromWhatIsKnown() {
        CsvValidationException full = Rules.error("f.csv", 3, 2, "LABELS", "a\nb", "newline", "breaks");
        assertThat(full).hasMessage("f.csv line 3 (record 2), field LABELS, value 'a\\nb': breaks [newline]");
        assertThat(full.source()).contains("f.csv");
        assertThat(full.line()).isEqualTo(3);
        assertThat(full.record()).isEqualTo(2);
        assertThat(full.field()).contains("LABELS");
        assertThat(full.value()).contains("a\\nb");
        assertThat(full.rule()).isEqualTo("newline");
        assertThat(Rules.error("f.csv", 0, 0, null, null, "r", "what")).hasMessage("f.csv: what [r]");
        assertThat(Rules.error("f.csv", 0, 4, null, "", "r", "what")).hasMessage("f.csv record 4, value '': what [r]");
    }

    @Test
    void fieldNames_classifyIdsTimestampsAndTheUniqueIdPerDatasetType() {
        assertThat(Rules.isIdField("USER_ID")).isTrue();
        assertThat(Rules.isIdField("ITEM_ID")).isTrue();
        assertThat(Rules.isIdField("ACTION_ID")).isTrue();
        assertThat(Rules.isIdField("EVENT_ID")).isFalse();
        assertThat(Rules.isTimestampField("TIMESTAMP")).isTrue();
        assertThat(Rules.isTimestampField("CREATION_TIMESTAMP")).isTrue();
        assertThat(Rules.isTimestampField("EXPIRATION_TIMESTAMP")).isTrue();
        assertThat(Rules.isTimestampField("ACTION_EXPIRATION_TIMESTAMP")).isTrue();
        assertThat(Rules.isTimestampField("UPDATED")).isFalse();
        assertThat(Rules.uniqueIdField(DatasetType.ITEMS)).isEqualTo("ITEM_ID");
        assertThat(Rules.uniqueIdField(DatasetType.USERS)).isEqualTo("USER_ID");
        assertThat(Rules.uniqueIdField(DatasetType.ACTIONS)).isEqualTo("ACTION_ID");
        assertThat(Rules.uniqueIdField(DatasetType.INTERACTIONS)).isNull();
        assertThat(Rules.uniqueIdField(DatasetType.ACTION_INTERACTIONS)).isNull();
    }
}
