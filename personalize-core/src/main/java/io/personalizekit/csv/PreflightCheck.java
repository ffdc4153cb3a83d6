package io.personalizekit.csv;

import java.util.Objects;

/**
 * One pre-flight check of a {@link DatasetProfile} against a minimum of Amazon Personalize: what was required, what
 * the data has, and, when it fails, how much is missing. Immutable and thread-safe.
 */
public final class PreflightCheck {
    /** Check name: at least 1000 interactions for training. */
    public static final String MIN_INTERACTIONS = "min-interactions";
    /** Check name: at least 25 users with at least 2 interactions each. */
    public static final String MIN_USERS_WITH_TWO_INTERACTIONS = "min-users-with-2-interactions";
    /** Check name: at least 1 % of users with at least 2 interactions. */
    public static final String MIN_SHARE_OF_USERS_WITH_TWO_INTERACTIONS = "min-share-of-users-with-2-interactions";
    /** Check name: at least 1000 records in one interactions import job. */
    public static final String MIN_IMPORT_RECORDS = "min-import-records";

    private final String name;
    private final boolean passed;
    private final double required;
    private final double actual;
    private final String message;

    PreflightCheck(String name, boolean passed, double required, double actual, String message) {
        this.name = name;
        this.passed = passed;
        this.required = required;
        this.actual = actual;
        this.message = message;
    }

    /**
     * The check's stable name, one of the constants of this class.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Whether the data meets the minimum.
     *
     * @return true when passed
     */
    public boolean passed() {
        return passed;
    }

    /**
     * The minimum the service requires (a count, or a share between 0 and 1).
     *
     * @return the required value
     */
    public double required() {
        return required;
    }

    /**
     * The value found in the data (a count, or a share between 0 and 1).
     *
     * @return the actual value
     */
    public double actual() {
        return actual;
    }

    /**
     * A human-readable result, naming the numbers and, for a failure, what is missing.
     *
     * @return the message
     */
    public String message() {
        return message;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PreflightCheck)) {
            return false;
        }
        PreflightCheck c = (PreflightCheck) o;
        return passed == c.passed
                && Double.compare(required, c.required) == 0
                && Double.compare(actual, c.actual) == 0
                && name.equals(c.name)
                && message.equals(c.message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, passed, required, actual, message);
    }

    @Override
    public String toString() {
        return (passed ? "PASS " : "FAIL ") + name + ": " + message;
    }
}
