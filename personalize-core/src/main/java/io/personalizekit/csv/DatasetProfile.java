package io.personalizekit.csv;

import io.personalizekit.PersonalizeLimits;
import io.personalizekit.schema.DatasetType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A summary of a dataset computed while it is written ({@link DatasetCsvWriter#profile()}) or validated ({@link
 * ValidationReport#profile()}), with pre-flight checks against Amazon Personalize's training minimums.
 * Immutable and thread-safe.
 *
 * <p>Counts cover valid rows only. Ids are not stored: each is reduced to a 64-bit hash (two-lane FNV-1a plus the
 * MurmurHash3 finaliser) kept in a primitive open-addressing table that is at most half full. Users and items of an
 * interactions dataset take 8 bytes per slot (the hash with a saturating 2-bit interaction count packed into its
 * low bits), so a million distinct users take 16-32 MiB. When validating, the ids of an items, users or actions
 * dataset, checked for duplicates, take 16 bytes per slot (hash and first row); when writing, {@link
 * DatasetCsvWriter} appends their hashes to an array (8 bytes per row) and looks for duplicates when it commits, so
 * the distinct count of a written file is its row count. Two distinct ids are counted as one (or reported as a
 * duplicate) only on a hash collision: probability about n&sup2;/2<sup>63</sup> for n ids, 10<sup>-7</sup> for a
 * million (a file writer reads the file back to rule collisions out).
 *
 * <p>Checks (interactions datasets only; other types have none; the limits are in {@link PersonalizeLimits}):
 *
 * <ul>
 *   <li>{@value PreflightCheck#MIN_INTERACTIONS}: at least 1000 interactions;
 *   <li>{@value PreflightCheck#MIN_USERS_WITH_TWO_INTERACTIONS}: at least 25 users with at least 2 interactions;
 *   <li>{@value PreflightCheck#MIN_SHARE_OF_USERS_WITH_TWO_INTERACTIONS}: at least 1 % of the users have at least 2
 *       interactions;
 *   <li>{@value PreflightCheck#MIN_IMPORT_RECORDS}: an interactions import job needs at least 1000 records.
 * </ul>
 *
 * The training minimums apply after the service's event-type and event-value filtering, which this profile does
 * not model; they count the interactions in this file only (data already imported or streamed counts too).
 */
public final class DatasetProfile {
    private static final long MIN_INTERACTIONS = PersonalizeLimits.MIN_INTERACTIONS;
    private static final long MIN_USERS_WITH_TWO_INTERACTIONS = PersonalizeLimits.MIN_USERS_WITH_TWO_INTERACTIONS;
    private static final double MIN_SHARE_OF_USERS_WITH_TWO_INTERACTIONS =
            PersonalizeLimits.MIN_SHARE_OF_USERS_WITH_TWO_INTERACTIONS;
    private static final long MIN_IMPORT_RECORDS = PersonalizeLimits.MIN_IMPORT_RECORDS;

    private final DatasetType datasetType;
    private final long rows;
    private final long uniqueUsers;
    private final long uniqueItems;
    private final long usersWithAtLeastTwoInteractions;
    private final @Nullable Instant earliest;
    private final @Nullable Instant latest;
    private final List<PreflightCheck> checks;

    DatasetProfile(
            DatasetType datasetType,
            long rows,
            long uniqueUsers,
            long uniqueItems,
            long usersWithAtLeastTwoInteractions,
            @Nullable Instant earliest,
            @Nullable Instant latest) {
        this.datasetType = datasetType;
        this.rows = rows;
        this.uniqueUsers = uniqueUsers;
        this.uniqueItems = uniqueItems;
        this.usersWithAtLeastTwoInteractions = usersWithAtLeastTwoInteractions;
        this.earliest = earliest;
        this.latest = latest;
        this.checks = Collections.unmodifiableList(computeChecks());
    }

    private List<PreflightCheck> computeChecks() {
        List<PreflightCheck> list = new ArrayList<>();
        if (datasetType != DatasetType.INTERACTIONS) {
            return list;
        }
        list.add(minimum(
                PreflightCheck.MIN_INTERACTIONS,
                rows,
                MIN_INTERACTIONS,
                "interactions",
                "training needs at least " + MIN_INTERACTIONS + " interactions"));
        list.add(minimum(
                PreflightCheck.MIN_USERS_WITH_TWO_INTERACTIONS,
                usersWithAtLeastTwoInteractions,
                MIN_USERS_WITH_TWO_INTERACTIONS,
                "users with at least 2 interactions",
                "training needs at least " + MIN_USERS_WITH_TWO_INTERACTIONS + " users with at least 2 interactions"
                        + " each"));
        double share = shareOfUsersWithAtLeastTwoInteractions();
        long neededUsers = (long) Math.ceil(MIN_SHARE_OF_USERS_WITH_TWO_INTERACTIONS * uniqueUsers - 1e-9);
        boolean sharePassed = uniqueUsers > 0 && usersWithAtLeastTwoInteractions >= neededUsers;
        String shareText = String.format(
                Locale.ROOT,
                "%.2f %% of users (%d of %d) have at least 2 interactions",
                share * 100,
                usersWithAtLeastTwoInteractions,
                uniqueUsers);
        list.add(new PreflightCheck(
                PreflightCheck.MIN_SHARE_OF_USERS_WITH_TWO_INTERACTIONS,
                sharePassed,
                MIN_SHARE_OF_USERS_WITH_TWO_INTERACTIONS,
                share,
                sharePassed
                        ? shareText + "; at least 1 % is required"
                        : shareText + "; training needs at least 1 %: "
                                + Math.max(1, neededUsers - usersWithAtLeastTwoInteractions)
                                + " more user(s) with at least 2 interactions"));
        list.add(minimum(
                PreflightCheck.MIN_IMPORT_RECORDS,
                rows,
                MIN_IMPORT_RECORDS,
                "records",
                "an interactions import job needs at least " + MIN_IMPORT_RECORDS + " records"));
        return list;
    }

    private static PreflightCheck minimum(String name, long actual, long required, String what, String rule) {
        boolean ok = actual >= required;
        String msg = actual + " " + what + "; " + rule
                + (ok ? "" : ": " + (required - actual) + " more " + what + " needed");
        return new PreflightCheck(name, ok, required, actual, msg);
    }

    /**
     * The dataset type the profile describes.
     *
     * @return the dataset type
     */
    public DatasetType datasetType() {
        return datasetType;
    }

    /**
     * The number of valid data rows.
     *
     * @return the row count
     */
    public long rows() {
        return rows;
    }

    /**
     * Distinct USER_ID values (interactions, action interactions and users datasets; 0 otherwise, and 0 for users
     * written with {@link DatasetCsvWriter.Builder#checkDuplicateIds(boolean)} off).
     *
     * @return the number of distinct users
     */
    public long uniqueUsers() {
        return uniqueUsers;
    }

    /**
     * Distinct ITEM_ID values (interactions and items datasets; ACTION_ID for actions datasets; 0 otherwise, and 0
     * for items and actions written with {@link DatasetCsvWriter.Builder#checkDuplicateIds(boolean)} off).
     *
     * @return the number of distinct items
     */
    public long uniqueItems() {
        return uniqueItems;
    }

    /**
     * Users with at least two rows (interactions and action interactions datasets).
     *
     * @return the number of such users
     */
    public long usersWithAtLeastTwoInteractions() {
        return usersWithAtLeastTwoInteractions;
    }

    /**
     * The share of users with at least two rows, between 0 and 1 (0 when there are no users).
     *
     * @return the share
     */
    public double shareOfUsersWithAtLeastTwoInteractions() {
        return uniqueUsers == 0 ? 0 : (double) usersWithAtLeastTwoInteractions / uniqueUsers;
    }

    /**
     * The earliest TIMESTAMP (interactions) or CREATION_TIMESTAMP (items, actions) seen.
     *
     * @return the earliest time, or empty when the dataset has no such values
     */
    public Optional<Instant> earliest() {
        return Optional.ofNullable(earliest);
    }

    /**
     * The latest TIMESTAMP (interactions) or CREATION_TIMESTAMP (items, actions) seen.
     *
     * @return the latest time, or empty when the dataset has no such values
     */
    public Optional<Instant> latest() {
        return Optional.ofNullable(latest);
    }

    /**
     * All pre-flight checks, passed or not (empty for dataset types other than interactions).
     *
     * @return an unmodifiable list of the checks
     */
    public List<PreflightCheck> checks() {
        return checks;
    }

    /**
     * The checks that failed.
     *
     * @return an unmodifiable list of the failed checks, empty when all passed
     */
    public List<PreflightCheck> failedChecks() {
        List<PreflightCheck> failed = new ArrayList<>();
        for (PreflightCheck c : checks) {
            if (!c.passed()) {
                failed.add(c);
            }
        }
        return Collections.unmodifiableList(failed);
    }

    /**
     * Whether every pre-flight check passed.
     *
     * @return true when no check failed
     */
    public boolean meetsMinimums() {
        return failedChecks().isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DatasetProfile)) {
            return false;
        }
        DatasetProfile p = (DatasetProfile) o;
        return rows == p.rows
                && uniqueUsers == p.uniqueUsers
                && uniqueItems == p.uniqueItems
                && usersWithAtLeastTwoInteractions == p.usersWithAtLeastTwoInteractions
                && datasetType == p.datasetType
                && Objects.equals(earliest, p.earliest)
                && Objects.equals(latest, p.latest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                datasetType, rows, uniqueUsers, uniqueItems, usersWithAtLeastTwoInteractions, earliest, latest);
    }

    @Override
    public String toString() {
        return "DatasetProfile{" + datasetType.apiName() + ", rows=" + rows + ", uniqueUsers=" + uniqueUsers
                + ", uniqueItems=" + uniqueItems + ", usersWithAtLeastTwoInteractions="
                + usersWithAtLeastTwoInteractions + ", earliest=" + earliest + ", latest=" + latest
                + ", failedChecks=" + failedChecks() + "}";
    }
}
