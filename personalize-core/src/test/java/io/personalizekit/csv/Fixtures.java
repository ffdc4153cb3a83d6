package io.personalizekit.csv;

import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;

final class Fixtures {
    /** "Now" for every test: 2026-11-28T00:00:00Z. */
    static final Instant NOW = Instant.parse("2026-11-28T00:00:00Z");

    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private Fixtures() {}

    static String resource(String name) {
        try (InputStream in = Objects.requireNonNull(
                Fixtures.class.getResourceAsStream("/csv/" + name), "missing test resource /csv/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path copyResource(String name, Path dir) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, resource(name));
        return p;
    }

    /** The article's Items schema, parsed from its own JSON. */
    static DatasetSchema articleItems() {
        return DatasetSchema.parse(resource("article-items-schema.json"));
    }

    /** The article's Interactions schema, parsed from its own JSON. */
    static DatasetSchema articleInteractions() {
        return DatasetSchema.parse(resource("article-interactions-schema.json"));
    }

    /** A schema with one field of each kind the writer treats differently. */
    static DatasetSchema richItems() {
        return SchemaBuilder.forType(DatasetType.ITEMS)
                .stringField("ITEM_ID")
                .stringField("GENRES", f -> f.categorical().nullable())
                .stringField("TITLE", f -> f.nullable())
                .stringField("DESCRIPTION", f -> f.textual().nullable())
                .intField("YEAR", f -> f.nullable())
                .floatField("PRICE", f -> f.nullable())
                .doubleField("SCORE", f -> f.nullable())
                .booleanField("IN_STOCK", f -> f.nullable())
                .longField("CREATION_TIMESTAMP")
                .build();
    }
}
