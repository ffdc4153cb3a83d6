package io.personalizekit.local.internal.data;

import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The imported content of one dataset, stored compactly.
 *
 * <p>Interactions are columnar: {@code int} user and item indices into id dictionaries, {@code long} timestamps
 * (epoch seconds) and, when the schema has them, {@code EVENT_TYPE} (dictionary-encoded), {@code EVENT_VALUE}
 * ({@code NaN} for null) and {@code IMPRESSION} (the raw {@code |}-separated value, dictionary-encoded). Other
 * interaction columns are validated on import but not kept. Items and users are
 * kept as one {@code field name -> raw CSV value} map per id (null values are left out), in first-seen order.
 *
 * <p>Thread-safe: mutators ({@link #appendInteraction}, {@link #upsertItem}, {@link #upsertUser}) and readers
 * synchronize on the instance; array accessors return copies, so a trainer works on a consistent snapshot while
 * events keep arriving.
 */
public final class DatasetData {
    private final DatasetType type;
    private final @Nullable DatasetSchema schema;

    // interactions
    private final List<String> userIds = new ArrayList<>();
    private final Map<String, Integer> userIndex = new HashMap<>();
    private final List<String> itemIds = new ArrayList<>();
    private final Map<String, Integer> itemIndex = new HashMap<>();
    private final List<String> eventTypes = new ArrayList<>();
    private final Map<String, Integer> eventTypeIndex = new HashMap<>();
    private int[] users = new int[16];
    private int[] items = new int[16];
    private long[] timestamps = new long[16];
    private int @Nullable [] eventTypeColumn;
    private float @Nullable [] eventValueColumn;
    private final List<String> impressionValues = new ArrayList<>();
    private final Map<String, Integer> impressionIndex = new HashMap<>();
    private int @Nullable [] impressionColumn;
    private int size;
    /** Lazily built per-user item lists (CSR), valid for the first {@code indexedSize} interactions. */
    private int @Nullable [] userOffsets;

    private int @Nullable [] userItems;
    private int indexedSize;

    // items / users
    private final LinkedHashMap<String, Map<String, String>> records = new LinkedHashMap<>();

    private DatasetData(DatasetType type, @Nullable DatasetSchema schema, boolean eventType, boolean eventValue) {
        this.type = Objects.requireNonNull(type, "type");
        this.schema = schema;
        if (eventType) {
            eventTypeColumn = new int[16];
        }
        if (eventValue) {
            eventValueColumn = new float[16];
        }
    }

    /**
     * An empty dataset for a schema, for example to receive PutItems or PutEvents before any import.
     *
     * @param schema the dataset schema
     * @return the empty dataset
     */
    public static DatasetData empty(DatasetSchema schema) {
        return new DatasetData(
                schema.datasetType(), schema, schema.indexOf("EVENT_TYPE") >= 0, schema.indexOf("EVENT_VALUE") >= 0);
    }

    /**
     * An empty dataset without a schema (interactions get {@code EVENT_TYPE} and {@code EVENT_VALUE} columns).
     *
     * @param type the dataset type
     * @return the empty dataset
     */
    public static DatasetData empty(DatasetType type) {
        boolean interactions = type == DatasetType.INTERACTIONS;
        return new DatasetData(type, null, interactions, interactions);
    }

    /**
     * Combines an existing dataset with newly imported data.
     *
     * @param existing the current data, or null when the dataset has none
     * @param incoming the newly imported data
     * @param incremental false for a FULL import (the result is the incoming data), true for INCREMENTAL (items and
     *     users are upserted by id, replacing whole records; interactions are appended)
     * @return a new dataset; neither argument is modified
     */
    public static DatasetData merge(@Nullable DatasetData existing, DatasetData incoming, boolean incremental) {
        if (existing == null || !incremental) {
            return incoming.copy();
        }
        if (existing.type != incoming.type) {
            throw new IllegalArgumentException(
                    "Cannot merge " + incoming.type + " data into a " + existing.type + " dataset");
        }
        DatasetData out = existing.copy();
        synchronized (incoming) {
            if (incoming.type == DatasetType.INTERACTIONS) {
                out.appendAll(incoming);
            } else {
                for (Map.Entry<String, Map<String, String>> e : incoming.records.entrySet()) {
                    out.records.put(e.getKey(), e.getValue());
                }
            }
        }
        return out;
    }

    /**
     * A deep copy.
     *
     * @return the copy
     */
    public synchronized DatasetData copy() {
        DatasetData c = new DatasetData(type, schema, eventTypeColumn != null, eventValueColumn != null);
        c.userIds.addAll(userIds);
        c.userIndex.putAll(userIndex);
        c.itemIds.addAll(itemIds);
        c.itemIndex.putAll(itemIndex);
        c.eventTypes.addAll(eventTypes);
        c.eventTypeIndex.putAll(eventTypeIndex);
        c.users = Arrays.copyOf(users, Math.max(16, size));
        c.items = Arrays.copyOf(items, Math.max(16, size));
        c.timestamps = Arrays.copyOf(timestamps, Math.max(16, size));
        if (eventTypeColumn != null) {
            c.eventTypeColumn = Arrays.copyOf(eventTypeColumn, Math.max(16, size));
        }
        if (eventValueColumn != null) {
            c.eventValueColumn = Arrays.copyOf(eventValueColumn, Math.max(16, size));
        }
        c.impressionValues.addAll(impressionValues);
        c.impressionIndex.putAll(impressionIndex);
        if (impressionColumn != null) {
            c.impressionColumn = Arrays.copyOf(impressionColumn, Math.max(16, size));
        }
        c.size = size;
        c.records.putAll(records);
        return c;
    }

    /** Builds interactions directly from dictionary-encoded columns (used by the importer; arrays are adopted). */
    static DatasetData ofInteractions(
            @Nullable DatasetSchema schema,
            String[] userDictionary,
            String[] itemDictionary,
            String @Nullable [] eventTypeDictionary,
            int[] users,
            int[] items,
            long[] timestamps,
            int @Nullable [] eventTypes,
            float @Nullable [] eventValues,
            int size) {
        DatasetData d = new DatasetData(DatasetType.INTERACTIONS, schema, false, false);
        for (String u : userDictionary) {
            d.userIndex.put(u, d.userIds.size());
            d.userIds.add(u);
        }
        for (String i : itemDictionary) {
            d.itemIndex.put(i, d.itemIds.size());
            d.itemIds.add(i);
        }
        if (eventTypeDictionary != null) {
            for (String e : eventTypeDictionary) {
                d.eventTypeIndex.put(e, d.eventTypes.size());
                d.eventTypes.add(e);
            }
        }
        d.users = users;
        d.items = items;
        d.timestamps = timestamps;
        d.eventTypeColumn = eventTypes;
        d.eventValueColumn = eventValues;
        d.size = size;
        return d;
    }

    /** Sets the impressions of interactions built by {@link #ofInteractions} (arrays adopted; -1 = none). */
    void adoptImpressions(String[] dictionary, int[] column) {
        for (String v : dictionary) {
            impressionIndex.put(v, impressionValues.size());
            impressionValues.add(v);
        }
        impressionColumn = column;
    }

    /** Builds an items or users dataset from records (the map is adopted). */
    static DatasetData ofRecords(DatasetSchema schema, LinkedHashMap<String, Map<String, String>> records) {
        DatasetData d = new DatasetData(schema.datasetType(), schema, false, false);
        d.records.putAll(records);
        return d;
    }

    /**
     * The dataset type.
     *
     * @return the type
     */
    public DatasetType type() {
        return type;
    }

    /**
     * The schema the data was imported with, if known.
     *
     * @return the schema or null
     */
    public @Nullable DatasetSchema schema() {
        return schema;
    }

    // ------------------------------------------------------------------------------------------ interactions

    /**
     * The number of interactions (for interactions datasets) or records (items and users).
     *
     * @return the count
     */
    public synchronized int size() {
        return type == DatasetType.INTERACTIONS ? size : records.size();
    }

    /**
     * Appends one interaction, for example from PutEvents; it is used by the next training.
     *
     * @param userId the user id
     * @param itemId the item id
     * @param timestamp epoch seconds
     * @param eventType the event type, or null
     * @param eventValue the event value, or null
     */
    public synchronized void appendInteraction(
            String userId, String itemId, long timestamp, @Nullable String eventType, @Nullable Float eventValue) {
        appendInteraction(userId, itemId, timestamp, eventType, eventValue, null);
    }

    /**
     * Appends one interaction with its impression, for example from PutEvents; it is used by the next training.
     *
     * @param userId the user id
     * @param itemId the item id
     * @param timestamp epoch seconds
     * @param eventType the event type, or null
     * @param eventValue the event value, or null
     * @param impression the items shown, {@code |}-separated, or null
     */
    public synchronized void appendInteraction(
            String userId,
            String itemId,
            long timestamp,
            @Nullable String eventType,
            @Nullable Float eventValue,
            @Nullable String impression) {
        requireType(DatasetType.INTERACTIONS);
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(itemId, "itemId");
        ensureCapacity(size + 1);
        users[size] = intern(userIds, userIndex, userId);
        items[size] = intern(itemIds, itemIndex, itemId);
        timestamps[size] = timestamp;
        if (eventType != null && eventTypeColumn == null) {
            eventTypeColumn = new int[users.length];
            Arrays.fill(eventTypeColumn, 0, size, -1);
        }
        if (eventTypeColumn != null) {
            eventTypeColumn[size] = eventType == null ? -1 : intern(eventTypes, eventTypeIndex, eventType);
        }
        if (eventValue != null && eventValueColumn == null) {
            eventValueColumn = new float[users.length];
            Arrays.fill(eventValueColumn, 0, size, Float.NaN);
        }
        if (eventValueColumn != null) {
            eventValueColumn[size] = eventValue == null ? Float.NaN : eventValue;
        }
        if (impression != null && impressionColumn == null) {
            impressionColumn = new int[users.length];
            Arrays.fill(impressionColumn, 0, size, -1);
        }
        if (impressionColumn != null) {
            impressionColumn[size] = impression == null ? -1 : intern(impressionValues, impressionIndex, impression);
        }
        size++;
    }

    /** Appends all interactions of {@code other} (the caller holds {@code other}'s lock), remapping ids in bulk. */
    private synchronized void appendAll(DatasetData other) {
        int[] userMap = remap(other.userIds, userIds, userIndex);
        int[] itemMap = remap(other.itemIds, itemIds, itemIndex);
        int[] typeMap = remap(other.eventTypes, eventTypes, eventTypeIndex);
        int[] impressionMap = remap(other.impressionValues, impressionValues, impressionIndex);
        int n = other.size;
        ensureCapacity(size + n);
        if (other.eventTypeColumn != null && eventTypeColumn == null) {
            eventTypeColumn = new int[users.length];
            Arrays.fill(eventTypeColumn, 0, size, -1);
        }
        if (other.eventValueColumn != null && eventValueColumn == null) {
            eventValueColumn = new float[users.length];
            Arrays.fill(eventValueColumn, 0, size, Float.NaN);
        }
        if (other.impressionColumn != null && impressionColumn == null) {
            impressionColumn = new int[users.length];
            Arrays.fill(impressionColumn, 0, size, -1);
        }
        for (int i = 0; i < n; i++) {
            int at = size + i;
            users[at] = userMap[other.users[i]];
            items[at] = itemMap[other.items[i]];
            timestamps[at] = other.timestamps[i];
            if (eventTypeColumn != null) {
                int t = other.eventTypeColumn == null ? -1 : other.eventTypeColumn[i];
                eventTypeColumn[at] = t < 0 ? -1 : typeMap[t];
            }
            if (eventValueColumn != null) {
                eventValueColumn[at] = other.eventValueColumn == null ? Float.NaN : other.eventValueColumn[i];
            }
            if (impressionColumn != null) {
                int m = other.impressionColumn == null ? -1 : other.impressionColumn[i];
                impressionColumn[at] = m < 0 ? -1 : impressionMap[m];
            }
        }
        size += n;
    }

    private static int[] remap(List<String> from, List<String> ids, Map<String, Integer> index) {
        int[] map = new int[from.size()];
        for (int k = 0; k < map.length; k++) {
            map[k] = intern(ids, index, from.get(k));
        }
        return map;
    }

    private static int intern(List<String> ids, Map<String, Integer> index, String id) {
        Integer i = index.get(id);
        if (i != null) {
            return i;
        }
        int n = ids.size();
        ids.add(id);
        index.put(id, n);
        return n;
    }

    private void ensureCapacity(int needed) {
        if (needed <= users.length) {
            return;
        }
        int cap = Math.max(needed, users.length * 2);
        users = Arrays.copyOf(users, cap);
        items = Arrays.copyOf(items, cap);
        timestamps = Arrays.copyOf(timestamps, cap);
        if (eventTypeColumn != null) {
            eventTypeColumn = Arrays.copyOf(eventTypeColumn, cap);
        }
        if (eventValueColumn != null) {
            eventValueColumn = Arrays.copyOf(eventValueColumn, cap);
        }
        if (impressionColumn != null) {
            impressionColumn = Arrays.copyOf(impressionColumn, cap);
        }
    }

    /**
     * The number of distinct users in the interactions.
     *
     * @return the count
     */
    public synchronized int userCount() {
        return userIds.size();
    }

    /**
     * The number of distinct items in the interactions.
     *
     * @return the count
     */
    public synchronized int itemCount() {
        return itemIds.size();
    }

    /**
     * The user id for a user index.
     *
     * @param index the index, from 0 to {@link #userCount()} - 1
     * @return the id
     */
    public synchronized String userId(int index) {
        return userIds.get(index);
    }

    /**
     * The item id for an item index.
     *
     * @param index the index, from 0 to {@link #itemCount()} - 1
     * @return the id
     */
    public synchronized String itemId(int index) {
        return itemIds.get(index);
    }

    /**
     * The item ids in index order (a copy).
     *
     * @return the ids
     */
    public synchronized String[] itemIdArray() {
        return itemIds.toArray(new String[0]);
    }

    /**
     * The user ids in index order (a copy).
     *
     * @return the ids
     */
    public synchronized String[] userIdArray() {
        return userIds.toArray(new String[0]);
    }

    /**
     * The index of a user, or -1.
     *
     * @param userId the id
     * @return the index
     */
    public synchronized int userIndex(String userId) {
        Integer i = userIndex.get(userId);
        return i == null ? -1 : i;
    }

    /**
     * The index of an item, or -1.
     *
     * @param itemId the id
     * @return the index
     */
    public synchronized int itemIndex(String itemId) {
        Integer i = itemIndex.get(itemId);
        return i == null ? -1 : i;
    }

    /**
     * The user index of each interaction (a copy of length {@link #size()}).
     *
     * @return the column
     */
    public synchronized int[] userColumn() {
        return Arrays.copyOf(users, size);
    }

    /**
     * The item index of each interaction (a copy of length {@link #size()}).
     *
     * @return the column
     */
    public synchronized int[] itemColumn() {
        return Arrays.copyOf(items, size);
    }

    /**
     * The timestamp (epoch seconds) of each interaction (a copy of length {@link #size()}).
     *
     * @return the column
     */
    public synchronized long[] timestampColumn() {
        return Arrays.copyOf(timestamps, size);
    }

    /**
     * The event type of interaction {@code i}.
     *
     * @param i the interaction position
     * @return the event type, or null when absent
     */
    public synchronized @Nullable String eventTypeAt(int i) {
        if (eventTypeColumn == null || eventTypeColumn[i] < 0) {
            return null;
        }
        return eventTypes.get(eventTypeColumn[i]);
    }

    /**
     * The event value of interaction {@code i}.
     *
     * @param i the interaction position
     * @return the value, or null when absent
     */
    public synchronized @Nullable Float eventValueAt(int i) {
        if (eventValueColumn == null || Float.isNaN(eventValueColumn[i])) {
            return null;
        }
        return eventValueColumn[i];
    }

    /**
     * The impression of interaction {@code i}: the items shown, {@code |}-separated.
     *
     * @param i the interaction position
     * @return the impression, or null when absent
     */
    public synchronized @Nullable String impressionAt(int i) {
        if (impressionColumn == null || impressionColumn[i] < 0) {
            return null;
        }
        return impressionValues.get(impressionColumn[i]);
    }

    /**
     * The impression of each interaction (a copy of length {@link #size()}; null entries for none), or null when no
     * interaction has one.
     *
     * @return the column, or null
     */
    public synchronized String @Nullable [] impressionColumn() {
        int[] col = impressionColumn;
        if (col == null) {
            return null;
        }
        String[] out = new String[size];
        for (int i = 0; i < size; i++) {
            out[i] = col[i] < 0 ? null : impressionValues.get(col[i]);
        }
        return out;
    }

    /**
     * The interactions whose position {@code keep} accepts, as a new dataset with compact dictionaries (ids of users
     * and items left without interactions are dropped). The schema, event types, values and impressions are kept.
     *
     * @param keep accepts an interaction position ({@code 0 .. size()-1})
     * @return the filtered copy
     */
    public synchronized DatasetData filterInteractions(java.util.function.IntPredicate keep) {
        requireType(DatasetType.INTERACTIONS);
        DatasetData out = new DatasetData(type, schema, eventTypeColumn != null, eventValueColumn != null);
        for (int i = 0; i < size; i++) {
            if (keep.test(i)) {
                out.appendInteraction(
                        userIds.get(users[i]),
                        itemIds.get(items[i]),
                        timestamps[i],
                        eventTypeAt(i),
                        eventValueAt(i),
                        impressionAt(i));
            }
        }
        return out;
    }

    /**
     * A user's most recent interactions, oldest first: up to {@code max} by timestamp (later positions first on
     * equal timestamps).
     *
     * @param userId the user id
     * @param max the most events returned
     * @return the events; empty for an unknown user
     */
    public synchronized List<io.personalizekit.local.internal.recipe.UserEvent> eventsOf(String userId, int max) {
        Integer u = userIndex.get(userId);
        if (u == null || max <= 0) {
            return List.of();
        }
        buildUserIndex();
        int[] offsets = Objects.requireNonNull(userOffsets);
        int[] positions = Objects.requireNonNull(userItems);
        List<Integer> mine = new ArrayList<>();
        if (u + 1 < offsets.length) {
            for (int p = offsets[u]; p < offsets[u + 1]; p++) {
                mine.add(positions[p]);
            }
        }
        for (int i = indexedSize; i < size; i++) {
            if (users[i] == u) {
                mine.add(i);
            }
        }
        mine.sort((a, b) -> timestamps[a] != timestamps[b] ? Long.compare(timestamps[a], timestamps[b]) : a - b);
        List<io.personalizekit.local.internal.recipe.UserEvent> out = new ArrayList<>();
        for (int k = Math.max(0, mine.size() - max); k < mine.size(); k++) {
            int i = mine.get(k);
            out.add(new io.personalizekit.local.internal.recipe.UserEvent(
                    itemIds.get(items[i]), timestamps[i], eventTypeAt(i), eventValueAt(i), impressionAt(i)));
        }
        return out;
    }

    /**
     * The distinct event types seen, in first-seen order.
     *
     * @return the event types
     */
    public synchronized List<String> eventTypes() {
        return List.copyOf(eventTypes);
    }

    /**
     * The items a user interacted with, optionally only through some event types (for filters on
     * {@code Interactions.EVENT_TYPE}).
     *
     * @param userId the user id
     * @param eventTypes the event types to consider, or null (or a set containing {@code "*"}) for all
     * @return the item ids; empty for an unknown user
     */
    public synchronized Set<String> itemsInteractedBy(String userId, @Nullable Set<String> eventTypes) {
        Integer u = userIndex.get(userId);
        if (u == null) {
            return Set.of();
        }
        boolean all = eventTypes == null || eventTypes.contains("*");
        buildUserIndex();
        int[] offsets = Objects.requireNonNull(userOffsets);
        int[] positions = Objects.requireNonNull(userItems);
        Set<String> out = new HashSet<>();
        if (u + 1 < offsets.length) {
            for (int p = offsets[u]; p < offsets[u + 1]; p++) {
                addIfType(out, positions[p], all, eventTypes);
            }
        }
        for (int i = indexedSize; i < size; i++) {
            if (users[i] == u) {
                addIfType(out, i, all, eventTypes);
            }
        }
        return out;
    }

    private void addIfType(Set<String> out, int position, boolean all, @Nullable Set<String> types) {
        if (!all) {
            String t = eventTypeAt(position);
            if (t == null || !containsIgnoreCase(Objects.requireNonNull(types), t)) {
                return;
            }
        }
        out.add(itemIds.get(items[position]));
    }

    private static boolean containsIgnoreCase(Set<String> set, String value) {
        if (set.contains(value)) {
            return true;
        }
        for (String s : set) {
            if (s.equalsIgnoreCase(value)) {
                return true;
            }
        }
        return false;
    }

    private void buildUserIndex() {
        if (userOffsets != null && size - indexedSize < 4096) {
            return;
        }
        int nUsers = userIds.size();
        int[] offsets = new int[nUsers + 1];
        for (int i = 0; i < size; i++) {
            offsets[users[i] + 1]++;
        }
        for (int u = 0; u < nUsers; u++) {
            offsets[u + 1] += offsets[u];
        }
        int[] fill = Arrays.copyOf(offsets, nUsers);
        int[] positions = new int[size];
        for (int i = 0; i < size; i++) {
            positions[fill[users[i]]++] = i;
        }
        userOffsets = offsets;
        userItems = positions;
        indexedSize = size;
    }

    // ------------------------------------------------------------------------------------------ items / users

    /**
     * Inserts or replaces an item's record (PutItems). Keys are schema field names; camelCase keys as sent by
     * PutItems ({@code "genres"}, {@code "creationTimestamp"}) are mapped to the schema field whose name matches
     * ignoring case and underscores.
     *
     * @param itemId the item id
     * @param fields the metadata, field name to raw value
     */
    public void upsertItem(String itemId, Map<String, String> fields) {
        upsertRecord(DatasetType.ITEMS, "ITEM_ID", itemId, fields);
    }

    /**
     * Inserts or replaces a user's record (PutUsers); see {@link #upsertItem}.
     *
     * @param userId the user id
     * @param fields the metadata, field name to raw value
     */
    public void upsertUser(String userId, Map<String, String> fields) {
        upsertRecord(DatasetType.USERS, "USER_ID", userId, fields);
    }

    private synchronized void upsertRecord(
            DatasetType expected, String idField, String id, Map<String, String> fields) {
        requireType(expected);
        Objects.requireNonNull(id, "id");
        Map<String, String> record = new LinkedHashMap<>();
        record.put(idField, id);
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (e.getValue() != null) {
                record.put(schemaFieldName(e.getKey()), e.getValue());
            }
        }
        records.put(id, Collections.unmodifiableMap(record));
    }

    private String schemaFieldName(String key) {
        if (schema == null || schema.indexOf(key) >= 0) {
            return key;
        }
        String wanted = key.replace("_", "").toLowerCase(Locale.ROOT);
        for (SchemaField f : schema.fields()) {
            if (f.name().replace("_", "").toLowerCase(Locale.ROOT).equals(wanted)) {
                return f.name();
            }
        }
        return key;
    }

    /**
     * The record of an item or user: field name to raw value, including the id field, without null values.
     *
     * @param id the item or user id
     * @return the record, or null when there is none
     */
    public synchronized @Nullable Map<String, String> record(String id) {
        return records.get(id);
    }

    /**
     * The ids of all item or user records, in first-seen order (a copy).
     *
     * @return the ids
     */
    public synchronized List<String> recordIds() {
        return new ArrayList<>(records.keySet());
    }

    // ------------------------------------------------------------------------------------------ deleting users

    /**
     * Whether the dataset holds anything of a user: interactions (interactions and action interactions datasets) or
     * a record (users datasets).
     *
     * @param userId the user id
     * @return true when the user is present
     */
    public synchronized boolean hasUser(String userId) {
        if (type == DatasetType.ITEMS || type == DatasetType.ACTIONS) {
            return false;
        }
        if (type == DatasetType.USERS) {
            return records.containsKey(userId);
        }
        return userIndex.containsKey(userId)
                || records.values().stream().anyMatch(r -> userId.equals(r.get("USER_ID")));
    }

    /**
     * Removes everything of some users, in place: their interactions or action interactions (and, from the id
     * dictionaries, the users and the items nobody else interacted with), or their user records. Items and actions
     * datasets are left as they are. Readers holding this instance see the data with or without the users, never half of it.
     *
     * @param userIds the users to remove
     * @return the number of interactions or records removed
     */
    public synchronized int removeUsers(java.util.Collection<String> userIds) {
        if (type == DatasetType.USERS) {
            int before = records.size();
            userIds.forEach(records::remove);
            return before - records.size();
        }
        if (type == DatasetType.ITEMS || type == DatasetType.ACTIONS) {
            return 0;
        }
        // records of another type that name a user (action interactions kept as records)
        int before = records.size();
        records.values().removeIf(r -> r.get("USER_ID") != null && userIds.contains(r.get("USER_ID")));
        int removedRecords = before - records.size();
        boolean[] doomed = new boolean[this.userIds.size()];
        boolean any = false;
        for (String id : userIds) {
            Integer u = userIndex.get(id);
            if (u != null) {
                doomed[u] = true;
                any = true;
            }
        }
        if (!any) {
            return removedRecords;
        }
        List<String> oldUsers = new ArrayList<>(this.userIds);
        List<String> oldItems = new ArrayList<>(itemIds);
        this.userIds.clear();
        userIndex.clear();
        itemIds.clear();
        itemIndex.clear();
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (doomed[users[i]]) {
                continue;
            }
            users[kept] = intern(this.userIds, userIndex, oldUsers.get(users[i]));
            items[kept] = intern(itemIds, itemIndex, oldItems.get(items[i]));
            timestamps[kept] = timestamps[i];
            if (eventTypeColumn != null) {
                eventTypeColumn[kept] = eventTypeColumn[i];
            }
            if (eventValueColumn != null) {
                eventValueColumn[kept] = eventValueColumn[i];
            }
            kept++;
        }
        int removed = size - kept + removedRecords;
        size = kept;
        userOffsets = null;
        userItems = null;
        indexedSize = 0;
        return removed;
    }

    private void requireType(DatasetType expected) {
        if (type != expected) {
            throw new IllegalStateException("This operation needs a " + expected + " dataset, but this is " + type);
        }
    }

    @Override
    public synchronized String toString() {
        return "DatasetData{type=" + type + ", size=" + size() + "}";
    }
}
