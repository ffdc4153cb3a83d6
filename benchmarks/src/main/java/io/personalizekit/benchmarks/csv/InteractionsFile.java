package io.personalizekit.benchmarks.csv;

import io.personalizekit.csv.DatasetCsvWriter;
import io.personalizekit.csv.DatasetProfile;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Generates a synthetic interactions CSV (USER_ID, ITEM_ID, TIMESTAMP) with personalize-kit's own writer. */
final class InteractionsFile {
    static final DatasetSchema SCHEMA = SchemaBuilder.forType(DatasetType.INTERACTIONS)
            .stringField("USER_ID")
            .stringField("ITEM_ID")
            .longField("TIMESTAMP")
            .build();

    private InteractionsFile() {}

    /**
     * Writes {@code rows} interactions of {@code users} users (ids {@code user-0..}) on {@code items} items, uniform
     * at random, with timestamps spread over a year of 2024.
     */
    static DatasetProfile generate(Path file, long rows, int users, int items, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long start = 1_704_067_200L; // 2024-01-01
        try (DatasetCsvWriter<Object[]> w =
                DatasetCsvWriter.builder(SCHEMA).path(file).build()) {
            for (long i = 0; i < rows; i++) {
                w.writeRow("user-" + rnd.nextInt(users), "item-" + rnd.nextInt(items), start + rnd.nextInt(31_536_000));
            }
            w.commit();
            return w.profile();
        }
    }
}
