package io.personalizekit.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.csv.ItemCsvWriter;
import io.personalizekit.exception.CsvValidationException;
import io.personalizekit.internal.cache.CatalogCsv;
import io.personalizekit.schema.BoundSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: the catalogue reader behind {@code runCatalogCsv} parsed RFC 4180 quoting, so ids that the library's own
 * writer escapes with backslashes came back wrong ({@code a\b} as {@code a\\b}, {@code say "hi"} as {@code say
 * \hi\""}).
 */
@Timeout(30)
class CatalogCsvDialectTest {
    record Article(String id) {}

    static final BoundSchema<Article> ITEMS = SchemaBuilder.forType(DatasetType.ITEMS)
            .bind(Article.class)
            .stringField("ITEM_ID", Article::id)
            .stringField("KIND", a -> "news", f -> f.categorical())
            .build();

    @Test
    void itemIds_whenWrittenByItemCsvWriter_readsEveryIdBackExactly(@TempDir Path dir) {
        List<String> ids = List.of("a\\b", "say \"hi\"", "x,y", "trailing\\", "plain", "ü東京");
        Path csv = dir.resolve("items.csv");
        try (ItemCsvWriter<Article> w = ItemCsvWriter.builder(ITEMS).path(csv).build()) {
            ids.forEach(id -> w.write(new Article(id)));
            w.commit();
        }

        assertThat(CatalogCsv.itemIds(csv, "item_id")).containsExactlyElementsOf(ids);
    }

    @Test
    void itemIds_whenNotUtf8_throwsOneEncodingError(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("items.csv");
        Files.write(csv, "ITEM_ID\ncaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> CatalogCsv.itemIds(csv, "ITEM_ID"))
                .isInstanceOfSatisfying(
                        CsvValidationException.class, e -> assertThat(e.rule()).isEqualTo("encoding"))
                .hasMessageContaining("not UTF-8 text at byte 11");
    }
}
