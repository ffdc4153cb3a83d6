package io.personalizekit.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetProfileTest {

    /** Writes {@code repeaters} users with 2 interactions each plus single-interaction users up to {@code rows}. */
    private static Path craft(Path dir, int repeaters, int rows) throws Exception {
        Path file = dir.resolve("interactions.csv");
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("USER_ID,ITEM_ID,TIMESTAMP\n");
            int written = 0;
            for (int u = 0; u < repeaters; u++) {
                w.write("r" + u + ",item" + (u % 40) + "," + (1_600_000_000L + written++) + "\n");
                w.write("r" + u + ",item" + ((u + 1) % 40) + "," + (1_600_000_000L + written++) + "\n");
            }
            for (int u = 0; written < rows; u++) {
                w.write("s" + u + ",item" + (u % 40) + "," + (1_600_000_000L + written++) + "\n");
            }
        }
        return file;
    }

    private static DatasetProfile profile(Path file) {
        ValidationReport r = DatasetCsvValidator.builder()
                .schema(Fixtures.articleInteractions())
                .clock(Fixtures.CLOCK)
                .build()
                .validate(file);
        assertThat(r.valid()).as(r.toString()).isTrue();
        return r.profile();
    }

    @Test
    void checks_whenOneUserShortOfTwentyFive_failOnlyThatCheckSayingOneMore(@TempDir Path dir) throws Exception {
        DatasetProfile p = profile(craft(dir, 24, 1000));
        assertThat(p.rows()).isEqualTo(1000);
        assertThat(p.uniqueUsers()).isEqualTo(24 + 952);
        assertThat(p.uniqueItems()).isEqualTo(40);
        assertThat(p.usersWithAtLeastTwoInteractions()).isEqualTo(24);
        assertThat(p.shareOfUsersWithAtLeastTwoInteractions()).isEqualTo(24.0 / 976);
        assertThat(p.earliest())
                .hasValueSatisfying(t -> assertThat(t.getEpochSecond()).isEqualTo(1_600_000_000L));
        assertThat(p.latest())
                .hasValueSatisfying(t -> assertThat(t.getEpochSecond()).isEqualTo(1_600_000_999L));
        assertThat(p.meetsMinimums()).isFalse();
        assertThat(p.failedChecks()).hasSize(1);
        PreflightCheck failed = p.failedChecks().get(0);
        assertThat(failed.name()).isEqualTo(PreflightCheck.MIN_USERS_WITH_TWO_INTERACTIONS);
        assertThat(failed.required()).isEqualTo(25);
        assertThat(failed.actual()).isEqualTo(24);
        assertThat(failed.message())
                .isEqualTo("24 users with at least 2 interactions; training needs at least 25 users with at least 2"
                        + " interactions each: 1 more users with at least 2 interactions needed");
    }

    @Test
    void checks_whenTwentyFiveUsers_allPass(@TempDir Path dir) throws Exception {
        DatasetProfile p = profile(craft(dir, 25, 1000));
        assertThat(p.meetsMinimums()).as(p.toString()).isTrue();
        assertThat(p.checks()).hasSize(4).allMatch(PreflightCheck::passed);
    }

    @Test
    void checks_whenShareBelowOnePercent_saysHowManyMoreUsers(@TempDir Path dir) throws Exception {
        DatasetProfile p = profile(craft(dir, 25, 2650)); // 25 of 2625 users = 0.95 %
        assertThat(p.failedChecks())
                .extracting(PreflightCheck::name)
                .containsExactly(PreflightCheck.MIN_SHARE_OF_USERS_WITH_TWO_INTERACTIONS);
        assertThat(p.failedChecks().get(0).message())
                .isEqualTo("0.95 % of users (25 of 2625) have at least 2 interactions; training needs at least 1 %: 2"
                        + " more user(s) with at least 2 interactions");
    }

    @Test
    void checks_whenItemsDataset_areEmpty() {
        DatasetProfile p = new ProfileAccumulator(Fixtures.articleItems()).snapshot();
        assertThat(p.checks()).isEmpty();
        assertThat(p.meetsMinimums()).isTrue();
        assertThat(p.earliest()).isEmpty();
    }
}
