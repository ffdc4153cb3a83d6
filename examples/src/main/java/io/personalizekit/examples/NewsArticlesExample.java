package io.personalizekit.examples;

import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;

/** The news-articles flow of the article. For now: builds the article's two schemas and prints them. */
public final class NewsArticlesExample {
    private NewsArticlesExample() {}

    /**
     * Runs the example.
     *
     * @param args command-line options
     */
    public static void main(String[] args) {
        DatasetSchema items = SchemaBuilder.forType(DatasetType.ITEMS)
                .stringField("ITEM_ID")
                .stringField("LABELS", f -> f.categorical().nullable())
                .longField("CREATION_TIMESTAMP")
                .build();
        DatasetSchema interactions = SchemaBuilder.forType(DatasetType.INTERACTIONS)
                .stringField("USER_ID")
                .stringField("ITEM_ID")
                .longField("TIMESTAMP")
                .build();
        System.out.println("Items schema:        " + items.toAvroJson());
        System.out.println("Interactions schema: " + interactions.toAvroJson());
    }
}
