package io.personalizekit.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.exception.CsvValidationException;
import io.personalizekit.schema.DatasetType;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Exact behaviour of the csv package's immutable values: records, checks, profiles and reports. */
@Timeout(30)
class CsvValueTypesTest {
    private static final Instant T1 = Instant.ofEpochSecond(1_600_000_000L);
    private static final Instant T2 = Instant.ofEpochSecond(1_600_000_100L);

    // ---- CsvRecord

    @Test
    void csvRecord_exposesItsValuesQuotingAndPositions() {
        CsvRecord r = new CsvRecord(5, 3, new String[] {"a", "", "c"}, new boolean[] {false, true, false});
        assertThat(r.line()).isEqualTo(5);
        assertThat(r.record()).isEqualTo(3);
        assertThat(r.size()).isEqualTo(3);
        assertThat(r.get(2)).isEqualTo("c");
        assertThat(r.values()).containsExactly("a", "", "c");
        assertThat(r.isQuoted(0)).isFalse();
        assertThat(r.isQuoted(1)).isTrue();
        assertThat(r.isQuoted(2)).isFalse();
        assertThatThrownBy(() -> r.values().add("d")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(r.toString()).isEqualTo("CsvRecord{line=5, record=3, values=[a, , c]}");
    }

    @Test
    void csvRecord_isQuoted_rejectsAnIndexOutsideTheRecord() {
        CsvRecord r = new CsvRecord(2, 1, new String[] {"a", "b"}, null);
        assertThat(r.isQuoted(1)).isFalse();
        assertThatThrownBy(() -> r.isQuoted(2))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("index 2, size 2");
        assertThatThrownBy(() -> r.isQuoted(-1))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("index -1, size 2");
    }

    @Test
    void csvRecord_equals_comparesLineRecordValuesAndQuoting() {
        CsvRecord r = new CsvRecord(2, 1, new String[] {"a", "b"}, null);
        CsvRecord allUnquoted = new CsvRecord(2, 1, new String[] {"a", "b"}, new boolean[] {false, false});
        assertThat(r).isEqualTo(r);
        assertThat(r).isEqualTo(allUnquoted).hasSameHashCodeAs(allUnquoted);
        assertThat(allUnquoted).isEqualTo(r);
        assertThat(r).isNotEqualTo(new CsvRecord(3, 1, new String[] {"a", "b"}, null));
        assertThat(r).isNotEqualTo(new CsvRecord(2, 2, new String[] {"a", "b"}, null));
        assertThat(r).isNotEqualTo(new CsvRecord(2, 1, new String[] {"a", "c"}, null));
        assertThat(r).isNotEqualTo(new CsvRecord(2, 1, new String[] {"a", "b"}, new boolean[] {false, true}));
        assertThat(r).isNotEqualTo("a,b");
        assertThat(r.hashCode()).isNotEqualTo(new CsvRecord(3, 1, new String[] {"a", "b"}, null).hashCode());
        assertThat(r.hashCode()).isNotEqualTo(new CsvRecord(2, 1, new String[] {"a", "c"}, null).hashCode());
    }

    // ---- PreflightCheck

    @Test
    void preflightCheck_exposesItsFieldsAndPrintsPassOrFail() {
        PreflightCheck pass = new PreflightCheck("n", true, 25, 30, "fine");
        PreflightCheck fail = new PreflightCheck("n", false, 25, 20, "5 more");
        assertThat(pass.name()).isEqualTo("n");
        assertThat(pass.passed()).isTrue();
        assertThat(fail.passed()).isFalse();
        assertThat(pass.required()).isEqualTo(25.0);
        assertThat(pass.actual()).isEqualTo(30.0);
        assertThat(pass.message()).isEqualTo("fine");
        assertThat(pass).hasToString("PASS n: fine");
        assertThat(fail).hasToString("FAIL n: 5 more");
    }

    @Test
    void preflightCheck_equals_comparesEveryField() {
        PreflightCheck c = new PreflightCheck("n", true, 25, 30, "m");
        PreflightCheck same = new PreflightCheck("n", true, 25, 30, "m");
        assertThat(c).isEqualTo(c);
        assertThat(c).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(c).isNotEqualTo(new PreflightCheck("x", true, 25, 30, "m"));
        assertThat(c).isNotEqualTo(new PreflightCheck("n", false, 25, 30, "m"));
        assertThat(c).isNotEqualTo(new PreflightCheck("n", true, 26, 30, "m"));
        assertThat(c).isNotEqualTo(new PreflightCheck("n", true, 25, 31, "m"));
        assertThat(c).isNotEqualTo(new PreflightCheck("n", true, 25, 30, "x"));
        assertThat(c).isNotEqualTo("PASS n: m");
        assertThat(c.hashCode()).isNotEqualTo(new PreflightCheck("n", false, 25, 30, "m").hashCode());
    }

    // ---- DatasetProfile

    private static DatasetProfile interactions(long rows, long users, long items, long usersWithTwo) {
        return new DatasetProfile(DatasetType.INTERACTIONS, rows, users, items, usersWithTwo, T1, T2);
    }

    @Test
    void datasetProfile_whenExactlyAtEveryMinimum_passesEveryCheckWithExactMessages() {
        DatasetProfile p = interactions(1000, 2500, 40, 25);
        assertThat(p.meetsMinimums()).isTrue();
        assertThat(p.failedChecks()).isEmpty();
        assertThat(p.checks())
                .extracting(PreflightCheck::toString)
                .containsExactly(
                        "PASS min-interactions: 1000 interactions; training needs at least 1000 interactions",
                        "PASS min-users-with-2-interactions: 25 users with at least 2 interactions; training needs"
                                + " at least 25 users with at least 2 interactions each",
                        "PASS min-share-of-users-with-2-interactions: 1.00 % of users (25 of 2500) have at least 2"
                                + " interactions; at least 1 % is required",
                        "PASS min-import-records: 1000 records; an interactions import job needs at least 1000"
                                + " records");
        assertThat(p.checks()).extracting(PreflightCheck::required).containsExactly(1000.0, 25.0, 0.01, 1000.0);
        assertThat(p.checks()).extracting(PreflightCheck::actual).containsExactly(1000.0, 25.0, 0.01, 1000.0);
        assertThat(p.shareOfUsersWithAtLeastTwoInteractions()).isEqualTo(0.01);
    }

    @Test
    void datasetProfile_whenOneShortOfEveryMinimum_failsEveryCheckSayingHowMuchIsMissing() {
        DatasetProfile p = interactions(999, 2401, 40, 24); // 24 of 2401 users: 0.9996 %, one user short of 1 %
        assertThat(p.meetsMinimums()).isFalse();
        assertThat(p.failedChecks())
                .extracting(PreflightCheck::message)
                .containsExactly(
                        "999 interactions; training needs at least 1000 interactions: 1 more interactions needed",
                        "24 users with at least 2 interactions; training needs at least 25 users with at least 2"
                                + " interactions each: 1 more users with at least 2 interactions needed",
                        "1.00 % of users (24 of 2401) have at least 2 interactions; training needs at least 1 %: 1"
                                + " more user(s) with at least 2 interactions",
                        "999 records; an interactions import job needs at least 1000 records: 1 more records needed");
        assertThatThrownBy(() -> p.failedChecks().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> p.checks().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void datasetProfile_whenNoUsers_failsTheShareCheckAskingForOneUser() {
        DatasetProfile p = new DatasetProfile(DatasetType.INTERACTIONS, 0, 0, 0, 0, null, null);
        assertThat(p.shareOfUsersWithAtLeastTwoInteractions()).isEqualTo(0.0);
        assertThat(p.failedChecks())
                .extracting(PreflightCheck::message)
                .containsExactly(
                        "0 interactions; training needs at least 1000 interactions: 1000 more interactions needed",
                        "0 users with at least 2 interactions; training needs at least 25 users with at least 2"
                                + " interactions each: 25 more users with at least 2 interactions needed",
                        "0.00 % of users (0 of 0) have at least 2 interactions; training needs at least 1 %: 1 more"
                                + " user(s) with at least 2 interactions",
                        "0 records; an interactions import job needs at least 1000 records: 1000 more records"
                                + " needed");
        assertThat(p.earliest()).isEmpty();
        assertThat(p.latest()).isEmpty();
    }

    @Test
    void datasetProfile_whenShareCheckMissesByMoreThanOne_namesTheExactNumberOfUsers() {
        DatasetProfile p = interactions(5000, 4000, 10, 30); // 40 needed
        assertThat(p.failedChecks())
                .extracting(PreflightCheck::message)
                .containsExactly("0.75 % of users (30 of 4000) have at least 2 interactions; training needs at least"
                        + " 1 %: 10 more user(s) with at least 2 interactions");
        assertThat(p.failedChecks().get(0).actual()).isEqualTo(0.0075);
    }

    @Test
    void datasetProfile_exposesItsCountsAndPrintsThem() {
        DatasetProfile p = interactions(999, 30, 7, 3);
        assertThat(p.datasetType()).isEqualTo(DatasetType.INTERACTIONS);
        assertThat(p.rows()).isEqualTo(999);
        assertThat(p.uniqueUsers()).isEqualTo(30);
        assertThat(p.uniqueItems()).isEqualTo(7);
        assertThat(p.usersWithAtLeastTwoInteractions()).isEqualTo(3);
        assertThat(p.shareOfUsersWithAtLeastTwoInteractions()).isEqualTo(0.1);
        assertThat(p.earliest()).contains(T1);
        assertThat(p.latest()).contains(T2);
        assertThat(p.toString())
                .startsWith("DatasetProfile{Interactions, rows=999, uniqueUsers=30, uniqueItems=7,"
                        + " usersWithAtLeastTwoInteractions=3, earliest=2020-09-13T12:26:40Z,"
                        + " latest=2020-09-13T12:28:20Z, failedChecks=[FAIL min-interactions: 999 interactions;");
        DatasetProfile items = new DatasetProfile(DatasetType.ITEMS, 3, 0, 3, 0, null, null);
        assertThat(items.toString())
                .isEqualTo("DatasetProfile{Items, rows=3, uniqueUsers=0, uniqueItems=3,"
                        + " usersWithAtLeastTwoInteractions=0, earliest=null, latest=null, failedChecks=[]}");
    }

    @Test
    void datasetProfile_equals_comparesEveryCount() {
        DatasetProfile p = interactions(10, 5, 4, 2);
        assertThat(p).isEqualTo(p);
        assertThat(p).isEqualTo(interactions(10, 5, 4, 2)).hasSameHashCodeAs(interactions(10, 5, 4, 2));
        assertThat(p).isNotEqualTo(interactions(11, 5, 4, 2));
        assertThat(p).isNotEqualTo(interactions(10, 6, 4, 2));
        assertThat(p).isNotEqualTo(interactions(10, 5, 5, 2));
        assertThat(p).isNotEqualTo(interactions(10, 5, 4, 3));
        assertThat(p).isNotEqualTo(new DatasetProfile(DatasetType.ACTION_INTERACTIONS, 10, 5, 4, 2, T1, T2));
        assertThat(p).isNotEqualTo(new DatasetProfile(DatasetType.INTERACTIONS, 10, 5, 4, 2, T2, T2));
        assertThat(p).isNotEqualTo(new DatasetProfile(DatasetType.INTERACTIONS, 10, 5, 4, 2, T1, T1));
        assertThat(p).isNotEqualTo("profile");
        assertThat(p.hashCode()).isNotEqualTo(interactions(11, 5, 4, 2).hashCode());
    }

    // ---- ValidationReport

    private static ValidationReport report(String csv, int maxErrors) {
        return DatasetCsvValidator.builder()
                .schema(Fixtures.articleItems())
                .clock(Fixtures.CLOCK)
                .maxErrors(maxErrors)
                .build()
                .validate(new StringReader(csv), "r.csv");
    }

    @Test
    void validationReport_whenValid_throwIfInvalidReturnsItAndPrintsNoError() {
        ValidationReport r = report("ITEM_ID,LABELS,CREATION_TIMESTAMP\ni1,a,1600000000\n", 5);
        assertThat(r.valid()).isTrue();
        assertThat(r.throwIfInvalid()).isSameAs(r);
        assertThat(r.source()).isEqualTo("r.csv");
        assertThat(r.omittedErrorCount()).isZero();
        assertThat(r.toString())
                .isEqualTo("r.csv: 1 records, 0 error(s)\n  DatasetProfile{Items, rows=1, uniqueUsers=0,"
                        + " uniqueItems=1, usersWithAtLeastTwoInteractions=0, earliest=2020-09-13T12:26:40Z,"
                        + " latest=2020-09-13T12:26:40Z, failedChecks=[]}");
    }

    @Test
    void validationReport_whenMaxErrorsIsZero_countsEveryErrorKeepsNoneAndThrowsNothing() {
        ValidationReport r = report("ITEM_ID,LABELS,CREATION_TIMESTAMP\n,a,1600000000\n,b,1600000000\n", 0);
        assertThat(r.valid()).isFalse();
        assertThat(r.errors()).isEmpty();
        assertThat(r.errorCount()).isEqualTo(2);
        assertThat(r.omittedErrorCount()).isEqualTo(2);
        assertThat(r.throwIfInvalid()).isSameAs(r);
        assertThat(r.toString()).startsWith("r.csv: 2 records, 2 error(s)\n  ... and 2 more\n  DatasetProfile{");
    }

    @Test
    void validationReport_whenExactlyAsManyErrorsAsKept_saysNothingMore() {
        ValidationReport r = report("ITEM_ID,LABELS,CREATION_TIMESTAMP\n,a,1600000000\n", 1);
        assertThat(r.omittedErrorCount()).isZero();
        assertThat(r.toString())
                .startsWith("r.csv: 1 records, 1 error(s)\n  r.csv line 2 (record 1), field ITEM_ID: is required")
                .doesNotContain("more");
        assertThatThrownBy(r::throwIfInvalid)
                .isInstanceOf(CsvValidationException.class)
                .hasMessageStartingWith("r.csv line 2 (record 1), field ITEM_ID");
    }

    @Test
    void validationReport_equals_comparesSourceCountsMessagesAndProfile() {
        String csv = "ITEM_ID,LABELS,CREATION_TIMESTAMP\n,a,1600000000\ni2,b,1600000000\n";
        ValidationReport r = report(csv, 5);
        ValidationReport same = report(csv, 5);
        assertThat(r).isEqualTo(r);
        assertThat(r).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(r).isNotEqualTo(report(csv, 0)); // same count, no message kept
        assertThat(r).isNotEqualTo(report(csv + "i3,c,1600000000\n", 5)); // one record more, one row more
        assertThat(r).isNotEqualTo(report(csv.replace("i2,b", "i2,|b"), 5)); // one error more
        assertThat(r).isNotEqualTo(report(csv.replace(",a,", "i1,|a,"), 5)); // another error, same counts
        assertThat(r)
                .isNotEqualTo(DatasetCsvValidator.builder()
                        .schema(Fixtures.articleItems())
                        .clock(Fixtures.CLOCK)
                        .build()
                        .validate(new StringReader(csv), "other.csv"));
        assertThat(r).isNotEqualTo(report(csv.replace("i2,b,1600000000", "i2,b,1600000001"), 5)); // profile
        assertThat(r).isNotEqualTo(csv);
        assertThat(r.hashCode())
                .isNotEqualTo(report(csv + "i3,c,1600000000\n", 5).hashCode());
        assertThat(r.errors()).hasSize(1);
        assertThatThrownBy(() -> r.errors().add(r.errors().get(0))).isInstanceOf(UnsupportedOperationException.class);
        assertThat(List.copyOf(r.errors())).hasSize(1);
    }
}
