package io.personalizekit.csv;

import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Accumulates a {@link DatasetProfile} row by row and detects duplicate ids; see there for the memory model. */
final class ProfileAccumulator {
    private final DatasetType type;
    private final boolean interactionsLike;
    final int userIndex;
    final int itemIndex;
    final int timeIndex;
    /** Ids of a users / items / actions dataset with the row they first appeared on, for duplicate detection. */
    private final LongIntHashMap unique;
    /** Users of an interactions dataset, with a saturating interaction count. */
    private final LongCountSet users;
    /** Items (or actions) of an interactions dataset. */
    private final LongCountSet items;

    private long rows;
    private long usersWithTwo;
    private long minTime = Long.MAX_VALUE;
    private long maxTime = Long.MIN_VALUE;

    private final boolean checkUnique;
    /**
     * True for a writer: the ids of an items, users or actions dataset are not put in {@link #unique} but checked
     * by the writer's {@link IdHashLog}; a file it completes holds no duplicates, so the distinct count is the row
     * count.
     */
    private final boolean uniqueCheckedElsewhere;

    ProfileAccumulator(DatasetSchema schema) {
        this(schema, true, false);
    }

    ProfileAccumulator(DatasetSchema schema, boolean checkUnique, boolean uniqueCheckedElsewhere) {
        this.checkUnique = checkUnique;
        this.uniqueCheckedElsewhere = uniqueCheckedElsewhere;
        this.type = schema.datasetType();
        this.interactionsLike = type == DatasetType.INTERACTIONS || type == DatasetType.ACTION_INTERACTIONS;
        this.userIndex = schema.indexOf("USER_ID");
        int item = schema.indexOf("ITEM_ID");
        this.itemIndex = item >= 0 ? item : schema.indexOf("ACTION_ID");
        int time = schema.indexOf("TIMESTAMP");
        this.timeIndex = time >= 0 ? time : schema.indexOf("CREATION_TIMESTAMP");
        this.unique = new LongIntHashMap(1024);
        this.users = new LongCountSet(1024);
        this.items = new LongCountSet(1024);
    }

    /** The name of the field that must be unique, or null. */
    @Nullable
    String uniqueField() {
        if (type == DatasetType.USERS) {
            return "USER_ID";
        }
        if (type == DatasetType.ITEMS) {
            return "ITEM_ID";
        }
        if (type == DatasetType.ACTIONS) {
            return "ACTION_ID";
        }
        return null;
    }

    private static final long NO_TIME = Long.MIN_VALUE;

    /**
     * Counts a valid row. Returns 0 when accepted, else the row (or line) number where this row's unique id first
     * appeared; a duplicate row is not counted.
     */
    long accept(@Nullable String user, @Nullable String item, boolean hasTime, long time, long rowNumber) {
        return acceptHashed(hashOrZero(user), hashOrZero(item), hasTime ? time : NO_TIME, rowNumber);
    }

    static long hashOrZero(@Nullable String id) {
        if (id == null) {
            return 0;
        }
        long h = LongIntHashMap.hash(id);
        return h == 0 ? 1 : h;
    }

    /**
     * Counts a row of an items, users or actions dataset whose id the writer checks itself (see {@link
     * #uniqueCheckedElsewhere}).
     */
    void countRow(boolean hasTime, long time) {
        rows++;
        if (hasTime) {
            if (time < minTime) {
                minTime = time;
            }
            if (time > maxTime) {
                maxTime = time;
            }
        }
    }

    /** Whether rows are counted with {@link #countRow} (no staging, no id table). */
    boolean countsRowsOnly() {
        return uniqueCheckedElsewhere && !interactionsLike;
    }

    private long acceptHashed(long user, long item, long time, long rowNumber) {
        int first = (int) Math.min(rowNumber, Integer.MAX_VALUE);
        if (checkUnique && (type == DatasetType.ITEMS || type == DatasetType.ACTIONS)) {
            if (item != 0) {
                int prev = unique.putIfAbsent(item, first);
                if (prev >= 0) {
                    return Math.max(prev, 1);
                }
            }
        } else if (checkUnique && type == DatasetType.USERS) {
            if (user != 0) {
                int prev = unique.putIfAbsent(user, first);
                if (prev >= 0) {
                    return Math.max(prev, 1);
                }
            }
        }
        if (interactionsLike) {
            if (user != 0 && users.increment(user) == 2) {
                usersWithTwo++;
            }
            if (item != 0) {
                items.increment(item);
            }
        }
        rows++;
        if (time != NO_TIME) {
            if (time < minTime) {
                minTime = time;
            }
            if (time > maxTime) {
                maxTime = time;
            }
        }
        return 0;
    }

    // ---- Staging, for interactions (no unique id): rows are hashed as they are read or written and counted in
    // blocks. A block first touches every table slot it will need (independent loads the CPU overlaps), then
    // applies the rows in order, so a row costs about one cache miss divided by the memory-level parallelism
    // instead of one full miss.

    private long[] stUser = new long[0];
    private long[] stItem = new long[0];
    private long[] stTime = new long[0];
    private long[] stRow = new long[0];
    private int staged;
    /** Written so the touch loads are not removed as dead code. */
    @SuppressWarnings("unused")
    private long touched;

    int stagedCount() {
        return staged;
    }

    /**
     * Stages a row of a dataset without a unique id (one of an items, users or actions dataset goes through {@link
     * #accept} or {@link #countRow}).
     */
    void stage(@Nullable String user, @Nullable String item, boolean hasTime, long time, long row) {
        stageHashed(hashOrZero(user), hashOrZero(item), hasTime, time, row);
    }

    /** Stages a row by the non-zero hashes of its ids (0: no id), as {@link #stage}. */
    void stageHashed(long user, long item, boolean hasTime, long time, long row) {
        int k = staged;
        if (k == stRow.length) {
            int cap = Math.max(256, k * 2);
            stUser = java.util.Arrays.copyOf(stUser, cap);
            stItem = java.util.Arrays.copyOf(stItem, cap);
            stTime = java.util.Arrays.copyOf(stTime, cap);
            stRow = java.util.Arrays.copyOf(stRow, cap);
        }
        stUser[k] = user;
        stItem[k] = item;
        stTime[k] = hasTime ? time : NO_TIME;
        stRow[k] = row;
        staged = k + 1;
    }

    /** Counts the staged rows in order. */
    void drain() {
        int count = staged;
        if (interactionsLike) {
            long sum = 0;
            for (int k = 0; k < count; k++) {
                sum += users.peek(stUser[k]) + items.peek(stItem[k]);
            }
            touched = sum;
        }
        for (int k = 0; k < count; k++) {
            acceptHashed(stUser[k], stItem[k], stTime[k], stRow[k]);
        }
        staged = 0;
    }

    DatasetProfile snapshot() {
        boolean anyTime = minTime <= maxTime;
        boolean users = type == DatasetType.USERS;
        boolean items = type == DatasetType.ITEMS || type == DatasetType.ACTIONS;
        long distinct = !checkUnique ? 0 : uniqueCheckedElsewhere ? rows : unique.size();
        return new DatasetProfile(
                type,
                rows,
                users ? distinct : this.users.size(),
                items ? distinct : this.items.size(),
                interactionsLike ? usersWithTwo : 0,
                anyTime ? Instant.ofEpochSecond(minTime) : null,
                anyTime ? Instant.ofEpochSecond(maxTime) : null);
    }
}
