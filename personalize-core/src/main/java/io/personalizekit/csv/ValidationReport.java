package io.personalizekit.csv;

import io.personalizekit.exception.CsvValidationException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The result of {@link DatasetCsvValidator#validate}: the errors found (the first {@code maxErrors} of them, with
 * the total count), the number of data records read and the {@link DatasetProfile} of the valid rows. Immutable
 * and thread-safe.
 *
 * <p>{@link #valid()} concerns the file format and values only; whether the data meets the service's training
 * minimums is in {@link DatasetProfile#failedChecks()}.
 */
public final class ValidationReport {
    private final String source;
    private final long records;
    private final List<CsvValidationException> errors;
    private final long errorCount;
    private final DatasetProfile profile;

    ValidationReport(
            String source, long records, List<CsvValidationException> errors, long errorCount, DatasetProfile profile) {
        this.source = source;
        this.records = records;
        this.errors = Collections.unmodifiableList(new ArrayList<>(errors));
        this.errorCount = errorCount;
        this.profile = profile;
    }

    /**
     * The name of the validated file or stream.
     *
     * @return the source name
     */
    public String source() {
        return source;
    }

    /**
     * Whether no error was found.
     *
     * @return true when the file is valid
     */
    public boolean valid() {
        return errorCount == 0;
    }

    /**
     * The data records read (header excluded; malformed records included; records after an encoding error are not
     * read).
     *
     * @return the record count
     */
    public long records() {
        return records;
    }

    /**
     * The errors found, in file order, at most {@code maxErrors} of them. Each names the physical line ({@link
     * CsvValidationException#line()}, 1-based, the header being line 1), the data record ({@link
     * CsvValidationException#record()}, 1-based, 0 for the header), the field, the value (truncated) and the rule.
     *
     * @return an unmodifiable list of the reported errors
     */
    public List<CsvValidationException> errors() {
        return errors;
    }

    /**
     * The total number of errors, including those not kept in {@link #errors()}.
     *
     * @return the error count
     */
    public long errorCount() {
        return errorCount;
    }

    /**
     * The number of errors found but not kept because of the {@code maxErrors} cap.
     *
     * @return the number of omitted errors
     */
    public long omittedErrorCount() {
        return errorCount - errors.size();
    }

    /**
     * The profile of the valid rows.
     *
     * @return the profile
     */
    public DatasetProfile profile() {
        return profile;
    }

    /**
     * Throws the first error when the file is invalid.
     *
     * @return this report, when valid
     * @throws CsvValidationException the first error, when any was found
     */
    public ValidationReport throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw errors.get(0);
        }
        return this;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ValidationReport)) {
            return false;
        }
        ValidationReport r = (ValidationReport) o;
        return records == r.records
                && errorCount == r.errorCount
                && source.equals(r.source)
                && errorMessages().equals(r.errorMessages())
                && profile.equals(r.profile);
    }

    private List<String> errorMessages() {
        List<String> m = new ArrayList<>(errors.size());
        errors.forEach(e -> m.add(e.getMessage()));
        return m;
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, records, errorCount, errorMessages(), profile);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder()
                .append(source)
                .append(": ")
                .append(records)
                .append(" records, ")
                .append(errorCount)
                .append(" error(s)");
        for (CsvValidationException e : errors) {
            sb.append("\n  ").append(e.getMessage());
        }
        if (omittedErrorCount() > 0) {
            sb.append("\n  ... and ").append(omittedErrorCount()).append(" more");
        }
        return sb.append("\n  ").append(profile).toString();
    }
}
