package io.personalizekit.cache;

import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.recommend.UserRecommendations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The embedded {@link RecommendationStore}: lists kept on the heap, per keyspace and generation. Thread-safe;
 * activation is atomic (readers resolve the active generation once per call, so none keeps reading a retired one,
 * and retired generations are dropped at once). Holds no resources: {@link #close()} clears it.
 *
 * <p>An optional time to live drops a generation's entries that long after they were written (checked on read, with
 * the injected clock). Memory: roughly 100 bytes plus the item ids per list.
 *
 * <p>As a {@link UserRecommendationStore} it keeps users' lists in a map per user, each entry with the time to live
 * it was written with (expired entries are dropped when read, and swept every few thousand writes).
 */
public final class InMemoryRecommendationStore implements RecommendationStore, UserRecommendationStore {
    private final Clock clock;
    private final @Nullable Duration ttl;
    private final ConcurrentHashMap<CacheKeyspace, Space> spaces = new ConcurrentHashMap<>();
    /** User id to keyspace id to entry. */
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, UserEntry>> users = new ConcurrentHashMap<>();

    private final java.util.concurrent.atomic.AtomicLong userWrites = new java.util.concurrent.atomic.AtomicLong();
    private static final int SWEEP_EVERY = 4096;

    /**
     * Runs on the activating thread right after a generation is published, before {@code activate} returns: a test
     * reads the store here, at the first instant readers can see the new generation. Package-private, tests only.
     */
    volatile Runnable afterPublish = () -> {};

    private InMemoryRecommendationStore(Builder b) {
        this.clock = b.clock;
        this.ttl = b.ttl;
    }

    /**
     * A store with no time to live.
     *
     * @return the store
     */
    public static InMemoryRecommendationStore create() {
        return builder().build();
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    private static final class Entry {
        final SimilarItems items;
        final Instant writtenAt;

        Entry(SimilarItems items, Instant writtenAt) {
            this.items = items;
            this.writtenAt = writtenAt;
        }
    }

    private static final class UserEntry {
        final UserRecommendations list;
        final Instant expiresAt;

        UserEntry(UserRecommendations list, Instant expiresAt) {
            this.list = list;
            this.expiresAt = expiresAt;
        }
    }

    private static final class Space {
        /** The active generation's number and map, swapped as one reference so readers never see a mix. */
        volatile Active active = new Active(-1, new ConcurrentHashMap<>());

        volatile long pending = -1;
        long sequence;
        final ConcurrentHashMap<Long, ConcurrentHashMap<String, Entry>> generations = new ConcurrentHashMap<>();

        ConcurrentHashMap<String, Entry> generation(long g) {
            Active a = active;
            if (g == a.number || (g == LIVE_GENERATION && a.number < 0)) {
                return a.entries;
            }
            return generations.computeIfAbsent(g, k -> new ConcurrentHashMap<>());
        }
    }

    private static final class Active {
        final long number;
        final ConcurrentHashMap<String, Entry> entries;

        Active(long number, ConcurrentHashMap<String, Entry> entries) {
            this.number = number;
            this.entries = entries;
        }
    }

    private Space space(CacheKeyspace keyspace) {
        return spaces.computeIfAbsent(Objects.requireNonNull(keyspace, "keyspace"), k -> new Space());
    }

    private @Nullable SimilarItems live(@Nullable Entry e) {
        if (e == null) {
            return null;
        }
        if (ttl != null && !e.writtenAt.plus(ttl).isAfter(clock.instant())) {
            return null;
        }
        return e.items;
    }

    @Override
    public Optional<SimilarItems> get(CacheKeyspace keyspace, String itemId) {
        return Optional.ofNullable(live(space(keyspace).active.entries.get(itemId)));
    }

    @Override
    public Map<String, SimilarItems> getAll(CacheKeyspace keyspace, Collection<String> itemIds) {
        Map<String, Entry> g = space(keyspace).active.entries;
        Map<String, SimilarItems> found = new HashMap<>();
        for (String id : itemIds) {
            SimilarItems items = live(g.get(id));
            if (items != null) {
                found.put(id, items);
            }
        }
        return found;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Done under the keyspace's lock, which {@link #activate} also holds, so a write racing a switch lands in the
     * new active generation, never in the one just retired.
     */
    @Override
    public void put(CacheKeyspace keyspace, SimilarItems items) {
        Space s = space(keyspace);
        Entry e = new Entry(items, clock.instant());
        synchronized (s) {
            s.active.entries.put(items.seedItemId(), e);
        }
    }

    @Override
    public void putAll(CacheKeyspace keyspace, long generation, Collection<SimilarItems> items) {
        Map<String, Entry> g = space(keyspace).generation(generation);
        Instant now = clock.instant();
        for (SimilarItems i : items) {
            g.put(i.seedItemId(), new Entry(i, now));
        }
    }

    @Override
    public long beginGeneration(CacheKeyspace keyspace) {
        Space s = space(keyspace);
        synchronized (s) {
            s.sequence = Math.max(s.sequence, Math.max(s.active.number, s.pending)) + 1;
            s.pending = s.sequence;
            return s.sequence;
        }
    }

    @Override
    public OptionalLong pendingGeneration(CacheKeyspace keyspace) {
        long p = space(keyspace).pending;
        return p < 0 ? OptionalLong.empty() : OptionalLong.of(p);
    }

    @Override
    public OptionalLong activeGeneration(CacheKeyspace keyspace) {
        long a = space(keyspace).active.number;
        return a < 0 ? OptionalLong.empty() : OptionalLong.of(a);
    }

    @Override
    public Set<String> itemIds(CacheKeyspace keyspace, long generation) {
        Space s = space(keyspace);
        Active a = s.active;
        Map<String, Entry> g = a.number == generation || (generation == LIVE_GENERATION && a.number < 0)
                ? a.entries
                : s.generations.get(generation);
        if (g == null) {
            return Set.of();
        }
        Set<String> ids = new HashSet<>();
        g.forEach((id, e) -> {
            if (live(e) != null) {
                ids.add(id);
            }
        });
        return ids;
    }

    @Override
    public void activate(CacheKeyspace keyspace, long generation) {
        Space s = space(keyspace);
        synchronized (s) {
            if (s.active.number == generation) {
                return;
            }
            ConcurrentHashMap<String, Entry> entries = s.generations.remove(generation);
            publish(s, new Active(generation, entries == null ? new ConcurrentHashMap<>() : entries));
            if (s.pending == generation) {
                s.pending = -1;
            }
            long keep = s.pending;
            s.generations.keySet().removeIf(g -> g != keep);
        }
    }

    @Override
    public Set<CacheKeyspace> activeKeyspaces(String campaignArn) {
        Objects.requireNonNull(campaignArn, "campaignArn");
        Set<CacheKeyspace> active = new HashSet<>();
        spaces.forEach((k, s) -> {
            if (s.active.number >= 0 && k.campaignArn().equals(campaignArn)) {
                active.add(k);
            }
        });
        return active;
    }

    @Override
    public Optional<UserRecommendations> getUser(UserKeyspace keyspace, String userId) {
        Objects.requireNonNull(keyspace, "keyspace");
        Map<String, UserEntry> lists = users.get(Objects.requireNonNull(userId, "userId"));
        UserEntry e = lists == null ? null : lists.get(keyspace.id());
        if (e == null || !e.expiresAt.isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(e.list);
    }

    @Override
    public void putUser(UserKeyspace keyspace, String userId, UserRecommendations list, Duration timeToLive) {
        Objects.requireNonNull(keyspace, "keyspace");
        Objects.requireNonNull(list, "list");
        if (timeToLive.isZero() || timeToLive.isNegative()) {
            throw new IllegalArgumentException("timeToLive must be positive, but it is " + timeToLive);
        }
        Instant now = clock.instant();
        users.computeIfAbsent(Objects.requireNonNull(userId, "userId"), u -> new ConcurrentHashMap<>())
                .put(keyspace.id(), new UserEntry(list, now.plus(timeToLive)));
        if (userWrites.incrementAndGet() % SWEEP_EVERY == 0) {
            users.forEach((u, lists) -> {
                lists.values().removeIf(e -> !e.expiresAt.isAfter(now));
                if (lists.isEmpty()) {
                    users.remove(u, lists);
                }
            });
        }
    }

    @Override
    public Set<String> invalidateUser(String userId) {
        Map<String, UserEntry> removed = users.remove(Objects.requireNonNull(userId, "userId"));
        if (removed == null) {
            return Set.of();
        }
        Instant now = clock.instant();
        Set<String> ids = new HashSet<>();
        removed.forEach((id, e) -> {
            if (e.expiresAt.isAfter(now)) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** Makes {@code a} the active generation: one volatile write, then {@link #afterPublish} (tests only). */
    private void publish(Space s, Active a) {
        s.active = a;
        afterPublish.run();
    }

    /** Drops every list. */
    @Override
    public void close() {
        spaces.clear();
        users.clear();
    }

    @Override
    public String toString() {
        return "InMemoryRecommendationStore{keyspaces=" + spaces.size() + ", users=" + users.size()
                + (ttl == null ? "" : ", ttl=" + ttl) + "}";
    }

    /** Builder of {@link InMemoryRecommendationStore}; not thread-safe. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private @Nullable Duration ttl;

        private Builder() {}

        /**
         * Sets how long an entry lives after it is written; unset means forever.
         *
         * @param ttl a positive duration, or {@code null} for no expiry
         * @return this builder
         * @throws IllegalArgumentException when zero or negative
         */
        public Builder ttl(@Nullable Duration ttl) {
            if (ttl != null && (ttl.isZero() || ttl.isNegative())) {
                throw new IllegalArgumentException("ttl must be positive, but it is " + ttl);
            }
            this.ttl = ttl;
            return this;
        }

        /**
         * Sets the clock used for the time to live; defaults to the UTC system clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the store.
         *
         * @return the store
         */
        public InMemoryRecommendationStore build() {
            return new InMemoryRecommendationStore(this);
        }
    }
}
