package io.personalizekit.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.exception.CsvValidationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Which column the catalogue reader takes, which cells it skips, and the error naming a missing column. */
@Timeout(30)
class CatalogCsvTest {
    @TempDir
    Path dir;

    Path csv(String text) throws IOException {
        Path p = dir.resolve("items.csv");
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void itemIds_takesTheNamedColumnWhereverItIs_caseAndBlanksIgnored() throws IOException {
        Path p = csv("KIND, Item_Id ,TITLE\nnews,a-1,One\nsport,a-2,Two\n");

        assertThat(CatalogCsv.itemIds(p, "ITEM_ID")).containsExactly("a-1", "a-2");
        assertThat(CatalogCsv.itemIds(p, "item_id")).containsExactly("a-1", "a-2");
        assertThat(CatalogCsv.itemIds(p, "kind")).containsExactly("news", "sport");
        assertThat(CatalogCsv.itemIds(p, "TITLE")).containsExactly("One", "Two");
    }

    @Test
    void itemIds_whenTheColumnIsNamedTwice_takesTheFirst() throws IOException {
        Path p = csv("ID,X,ID\nfirst-1,x,second-1\nfirst-2,x,second-2\n");

        assertThat(CatalogCsv.itemIds(p, "id")).containsExactly("first-1", "first-2");
    }

    @Test
    void itemIds_skipsEmptyCellsKeepingFileOrderAndRepeats() throws IOException {
        Path p = csv("ITEM_ID,KIND\nb,news\n,news\na,sport\nb,sport\n");

        assertThat(CatalogCsv.itemIds(p, "ITEM_ID")).containsExactly("b", "a", "b");
    }

    @Test
    void itemIds_whenARecordEndsBeforeTheIdColumn_skipsIt() throws IOException {
        Path p = csv("KIND,ITEM_ID\nnews\nsport,a-1\n");

        assertThat(CatalogCsv.itemIds(p, "ITEM_ID")).containsExactly("a-1");
    }

    @Test
    void itemIds_whenTheColumnIsMissing_namesTheFileTheColumnAndTheHeader() throws IOException {
        Path p = csv("ID,KIND\na,news\n");

        assertThatThrownBy(() -> CatalogCsv.itemIds(p, "ITEM_ID"))
                .isInstanceOfSatisfying(CsvValidationException.class, e -> {
                    assertThat(e.rule()).isEqualTo("id-column");
                    assertThat(e.source()).hasValue("items.csv");
                    assertThat(e.line()).isEqualTo(1);
                    assertThat(e.field()).hasValue("ITEM_ID");
                    assertThat(e.value()).isEmpty();
                })
                .hasMessage("items.csv line 1 (header): no column ITEM_ID in the header [ID, KIND]; name the id column"
                        + " [id-column]");
    }
}
