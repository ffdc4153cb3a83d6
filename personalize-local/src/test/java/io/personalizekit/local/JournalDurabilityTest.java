package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code --data-dir} durability: whatever a crash or a full disk leaves at the end of the journal is cut off when
 * the emulator opens it, so requests acknowledged after the restart are still there after the next one.
 */
@Timeout(120)
class JournalDurabilityTest {
    @TempDir
    Path dir;

    private Path journal() {
        return dir.resolve("journal.jsonl");
    }

    private PersonalizeLocal open() {
        return PersonalizeLocal.builder().timeScale(0).dataDir(dir).build().start();
    }

    private static List<String> groups(PersonalizeLocal local) {
        return local.personalizeClient().listDatasetGroups(r -> {}).datasetGroups().stream()
                .map(g -> g.name())
                .sorted()
                .toList();
    }

    private static void create(PersonalizeLocal local, String name) {
        local.personalizeClient().createDatasetGroup(r -> r.name(name));
    }

    /** The journal's lines, each without its newline. */
    private List<byte[]> lines() throws IOException {
        byte[] all = Files.readAllBytes(journal());
        List<byte[]> out = new java.util.ArrayList<>();
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == '\n') {
                out.add(Arrays.copyOfRange(all, start, i));
                start = i + 1;
            }
        }
        return out;
    }

    private void append(byte[]... parts) throws IOException {
        for (byte[] p : parts) {
            Files.write(journal(), p, StandardOpenOption.APPEND);
        }
    }

    /** What a crash or a full disk can leave after the last complete record. */
    enum Damage {
        /** The process died (or the disk filled) half way through writing a record. */
        TORN_RECORD,
        /** As above, then zeros: what some file systems show after a power loss with delayed allocation. */
        TORN_RECORD_THEN_ZEROS,
        /** A complete line whose content changed (a bad sector, a bit flip): parseable, but not what was written. */
        CORRUPTED_RECORD
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void damagedTail_isCutOffOnOpen_soWritesAcknowledgedAfterwardsSurviveTheNextRestart(Damage damage)
            throws IOException {
        try (PersonalizeLocal local = open()) {
            create(local, "alpha");
        }
        byte[] record = lines().get(lines().size() - 1);
        switch (damage) {
            case TORN_RECORD -> append(Arrays.copyOf(record, record.length / 2));
            case TORN_RECORD_THEN_ZEROS -> append(Arrays.copyOf(record, record.length / 3), new byte[4096]);
            case CORRUPTED_RECORD ->
                append(
                        new String(record, StandardCharsets.UTF_8)
                                .replace("alpha", "omega")
                                .getBytes(StandardCharsets.UTF_8),
                        new byte[] {'\n'});
        }
        try (PersonalizeLocal local = open()) {
            assertThat(groups(local)).containsExactly("alpha");
            create(local, "beta");
        }
        try (PersonalizeLocal local = open()) {
            assertThat(groups(local)).containsExactly("alpha", "beta");
            create(local, "gamma");
        }
        try (PersonalizeLocal local = open()) {
            assertThat(groups(local)).containsExactly("alpha", "beta", "gamma");
        }
    }

    @Test
    void recordAppendedAfterATornOneByAnEarlierVersion_isRecovered() throws IOException {
        try (PersonalizeLocal local = open()) {
            create(local, "alpha");
            create(local, "beta");
            create(local, "gamma");
        }
        // What the emulator wrote before it cut torn tails off: records without checksums, a record torn by a crash,
        // and the records acknowledged after the restart appended right after the torn bytes, on the same line.
        List<String> records =
                lines().stream().map(JournalDurabilityTest::bareRecord).toList();
        String torn = records.get(1).substring(0, records.get(1).length() / 2);
        String oldJournal = records.get(0) + "\n" + torn + records.get(2) + "\n";
        Files.writeString(journal(), oldJournal, StandardCharsets.UTF_8);
        try (PersonalizeLocal local = open()) {
            assertThat(groups(local)).containsExactly("alpha", "gamma");
            create(local, "delta");
        }
        try (PersonalizeLocal local = open()) {
            assertThat(groups(local)).containsExactly("alpha", "delta", "gamma");
        }
    }

    /** A record as the journal's first version wrote it: the record object alone. */
    private static String bareRecord(byte[] line) {
        String s = new String(line, StandardCharsets.UTF_8);
        int rec = s.indexOf(",\"rec\":");
        return s.startsWith("{\"crc32c\":") ? s.substring(rec + 7, s.length() - 1) : s;
    }

    @Test
    void fsyncEachWrite_keepsEveryAcknowledgedWriteAcrossRestarts() {
        try (PersonalizeLocal local = PersonalizeLocal.builder()
                .timeScale(0)
                .dataDir(dir)
                .fsyncEachWrite(true)
                .build()
                .start()) {
            create(local, "synced");
            local.s3Client().createBucket(b -> b.bucket("synced-bucket"));
            local.s3Client()
                    .putObject(
                            p -> p.bucket("synced-bucket").key("k"),
                            software.amazon.awssdk.core.sync.RequestBody.fromString("v"));
        }
        try (PersonalizeLocal local = open()) {
            assertThat(groups(local)).containsExactly("synced");
            assertThat(local.s3Client()
                            .getObjectAsBytes(g -> g.bucket("synced-bucket").key("k"))
                            .asUtf8String())
                    .isEqualTo("v");
        }
    }
}
