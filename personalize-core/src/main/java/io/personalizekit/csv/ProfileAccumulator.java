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

    ProfileAccumulator(DatasetSchema schema) {
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

    /**
     * Counts a valid row. Returns 0 when accepted, else the row (or line) number where this row's unique id first
     * appeared; a duplicate row is not counted.
     */
    long accept(@Nullable String user, @Nullable String item, boolean hasTime, long time, long rowNumber) {
        int first = (int) Math.min(rowNumber, Integer.MAX_VALUE);
        if (type == DatasetType.ITEMS || type == DatasetType.ACTIONS) {
            if (item != null) {
                int prev = unique.putIfAbsent(LongIntHashMap.hash(item), first);
                if (prev >= 0) {
                    return Math.max(prev, 1);
                }
            }
        } else if (type == DatasetType.USERS) {
            if (user != null) {
                int prev = unique.putIfAbsent(LongIntHashMap.hash(user), first);
                if (prev >= 0) {
                    return Math.max(prev, 1);
                }
            }
        } else if (interactionsLike) {
            if (user != null && users.increment(LongIntHashMap.hash(user)) == 2) {
                usersWithTwo++;
            }
            if (item != null) {
                items.increment(LongIntHashMap.hash(item));
            }
        }
        rows++;
        if (hasTime) {
            if (time < minTime) {
                minTime = time;
            }
            if (time > maxTime) {
                maxTime = time;
            }
        }
        return 0;
    }

    DatasetProfile snapshot() {
        boolean anyTime = minTime <= maxTime;
        boolean users = type == DatasetType.USERS;
        boolean items = type == DatasetType.ITEMS || type == DatasetType.ACTIONS;
        return new DatasetProfile(
                type,
                rows,
                users ? unique.size() : this.users.size(),
                items ? unique.size() : this.items.size(),
                interactionsLike ? usersWithTwo : 0,
                anyTime ? Instant.ofEpochSecond(minTime) : null,
                anyTime ? Instant.ofEpochSecond(maxTime) : null);
    }
}
