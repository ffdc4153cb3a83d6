package io.personalizekit.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.exception.CsvReadException;
import io.personalizekit.exception.CsvValidationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The reader's edges: its iterator, record numbering across errors, builder limits, I/O failures and closing. */
@Timeout(30)
class DatasetCsvReaderEdgeTest {

    @Test
    void iterator_hasNextIsIdempotentAndNextPastTheEndThrows() {
        try (DatasetCsvReader r =
                DatasetCsvReader.builder().reader(new StringReader("A\n1\n2\n")).build()) {
            Iterator<CsvRecord> it = r.iterator();
            assertThat(it.hasNext()).isTrue();
            assertThat(it.hasNext()).isTrue();
            assertThat(it.next().get(0)).isEqualTo("1");
            assertThat(it.next().get(0)).as("next() without hasNext()").isEqualTo("2");
            assertThat(it.hasNext()).isFalse();
            assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
            assertThat(r.recordsRead()).isEqualTo(2);
            assertThat(r.next()).isNull();
        }
    }

    @Test
    void next_numbersRecordsAcrossAMalformedOneAndReportsTheHeaderAsRecordZero() {
        try (DatasetCsvReader r = DatasetCsvReader.builder()
                .reader(new StringReader("\"A\",B\n1,2\n\"3\"x,4\n5,\"6\"\n"))
                .sourceName("n.csv")
                .build()) {
            assertThat(r.header()).containsExactly("A", "B");
            assertThat(r.headerQuoted(0)).isTrue();
            assertThat(r.headerQuoted(1)).isFalse();
            assertThat(r.recordsRead()).as("the header is not a record").isZero();
            CsvRecord first = r.next();
            assertThat(first.record()).isEqualTo(1);
            assertThat(first.line()).isEqualTo(2);
            assertThatThrownBy(r::next)
                    .isInstanceOfSatisfying(CsvValidationException.class, e -> {
                        assertThat(e.record()).isEqualTo(2);
                        assertThat(e.line()).isEqualTo(3);
                        assertThat(e.rule()).isEqualTo(DatasetCsvReader.RULE_MALFORMED);
                    })
                    .hasMessageStartingWith("n.csv line 3 (record 2): ");
            assertThat(r.recordsRead()).isEqualTo(2);
            CsvRecord third = r.next();
            assertThat(third.record()).isEqualTo(3);
            assertThat(third.line()).isEqualTo(4);
            assertThat(third.isQuoted(1)).isTrue();
            assertThat(r.next()).isNull();
            assertThat(r.recordsRead()).isEqualTo(3);
        }
    }

    @Test
    void build_whenTheHeaderIsMalformed_throwsNamingTheHeaderLine() {
        assertThatThrownBy(() -> DatasetCsvReader.builder()
                        .reader(new StringReader("\"A\"x,B\n1,2\n"))
                        .sourceName("h.csv")
                        .build())
                .isInstanceOfSatisfying(CsvValidationException.class, e -> {
                    assertThat(e.record()).isZero();
                    assertThat(e.line()).isEqualTo(1);
                })
                .hasMessageStartingWith("h.csv line 1 (header): ");
    }

    @Test
    void build_whenEmpty_namesTheSourceAndTheRule() {
        assertThatThrownBy(() -> DatasetCsvReader.builder()
                        .inputStream(new ByteArrayInputStream(new byte[0]))
                        .sourceName("e.csv")
                        .build())
                .isInstanceOfSatisfying(CsvValidationException.class, e -> {
                    assertThat(e.rule()).isEqualTo("header-missing");
                    assertThat(e.line()).isEqualTo(1);
                    assertThat(e.record()).isZero();
                    assertThat(e.source()).contains("e.csv");
                })
                .hasMessage("e.csv line 1 (header): the file is empty; Amazon Personalize needs a header row with the"
                        + " schema's field names [header-missing]");
    }

    @Test
    void builder_limits_acceptTheSmallestValuesAndRejectOneBelow() {
        try (DatasetCsvReader r = DatasetCsvReader.builder()
                .reader(new StringReader("A,B\n1,\"22\"\n"))
                .bufferSize(16)
                .maxValueLength(1)
                .build()) {
            assertThatThrownBy(r::next).hasMessageContaining("longer than 1");
        }
        assertThatThrownBy(() -> DatasetCsvReader.builder().bufferSize(15))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bufferSize must be >= 16, was 15");
        assertThatThrownBy(() -> DatasetCsvReader.builder().maxValueLength(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxValueLength must be >= 1, was 0");
    }

    @Test
    void build_whenTwoOrThreeSourcesAreSet_namesTheCount(@TempDir Path dir) {
        assertThatThrownBy(() -> DatasetCsvReader.builder()
                        .reader(new StringReader("A\n"))
                        .inputStream(new ByteArrayInputStream(new byte[0]))
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Set exactly one of path, reader and inputStream; 2 were set");
        assertThatThrownBy(() -> DatasetCsvReader.builder()
                        .path(dir.resolve("x.csv"))
                        .reader(new StringReader("A\n"))
                        .inputStream(new ByteArrayInputStream(new byte[0]))
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Set exactly one of path, reader and inputStream; 3 were set");
        assertThatThrownBy(() -> DatasetCsvReader.builder().build())
                .hasMessage("Set exactly one of path, reader and inputStream; 0 were set");
    }

    @Test
    void path_whenTheFileIsMissing_throwsCsvReadExceptionNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("missing.csv");
        assertThatThrownBy(() -> DatasetCsvReader.open(missing))
                .isInstanceOfSatisfying(
                        CsvReadException.class,
                        e -> assertThat(e.getCause()).isInstanceOf(java.nio.file.NoSuchFileException.class))
                .hasMessageStartingWith("missing.csv: cannot open: ");
    }

    @Test
    void sourceName_whenSetBeforeThePath_isKept(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("real.csv");
        Files.writeString(f, "A\n1\n");
        try (DatasetCsvReader r =
                DatasetCsvReader.builder().sourceName("shown.csv").path(f).build()) {
            assertThat(r.sourceName()).isEqualTo("shown.csv");
        }
        try (DatasetCsvReader r =
                DatasetCsvReader.builder().reader(new StringReader("A\n")).build()) {
            assertThat(r.sourceName()).isEqualTo("<stream>");
        }
    }

    @Test
    void next_whenTheReaderFails_throwsCsvReadExceptionNamingTheLine() {
        Reader failing = new Reader() {
            private final Reader head = new StringReader("A,B\n1,2\n");
            private boolean done;

            @Override
            public int read(char[] cbuf, int off, int len) throws IOException {
                if (!done) {
                    int n = head.read(cbuf, off, len);
                    if (n > 0) {
                        return n;
                    }
                    done = true;
                }
                throw new IOException("connection reset");
            }

            @Override
            public void close() {}
        };
        try (DatasetCsvReader r =
                DatasetCsvReader.builder().reader(failing).sourceName("net.csv").build()) {
            assertThat(r.next().values()).containsExactly("1", "2");
            assertThatThrownBy(r::next)
                    .isInstanceOfSatisfying(
                            CsvReadException.class,
                            e -> assertThat(e.getCause()).hasMessage("connection reset"))
                    .hasMessage("net.csv line 3 (record 2): reading failed: java.io.IOException: connection reset");
        }
    }

    @Test
    void close_isIdempotentEndsTheInputAndLeavesABorrowedReaderOpen() throws IOException {
        boolean[] closed = {false};
        Reader borrowed = new StringReader("A\n1\n2\n") {
            @Override
            public void close() {
                closed[0] = true;
                super.close();
            }
        };
        DatasetCsvReader r = DatasetCsvReader.builder().reader(borrowed).build();
        r.close();
        r.close();
        assertThat(r.next()).as("a closed reader returns no more records").isNull();
        assertThat(closed[0]).isFalse();
    }

    @Test
    void close_whenTheReaderOpenedTheFile_closesIt(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("owned.csv");
        Files.writeString(f, "A\n1\n");
        DatasetCsvReader r = DatasetCsvReader.open(f);
        r.close();
        assertThat(r.next()).isNull();
        // The file is closed: on every platform it can now be deleted and re-created under the same name.
        Files.delete(f);
        assertThat(f).doesNotExist();
    }
}
