package io.personalizekit.cache;

import io.personalizekit.recommend.SimilarItems;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Where cached similar-items lists live: the SPI behind {@link CachingSimilarItemsClient} and {@link
 * RecommendationFetcher}. Core ships {@link InMemoryRecommendationStore}; {@code personalize-redis-cache} ships a
 * Redis implementation.
 *
 * <h2>Model</h2>
 *
 * Lists are grouped by {@link CacheKeyspace} and, inside a keyspace, by <em>generation</em>: a numbered, complete
 * set of lists. At most one generation of a keyspace is <em>active</em>; readers ({@link #get}, {@link #getAll})
 * and read-through writes ({@link #put}) only ever touch the active generation, or generation {@value
 * #LIVE_GENERATION} when none was activated yet. A bulk job starts a new <em>pending</em> generation with {@link
 * #beginGeneration}, fills it with {@link #putAll(CacheKeyspace, long, Collection)}, and switches readers to it with
 * {@link #activate}, which is atomic: a reader sees either the old generation or the whole new one, never a mix.
 * {@code activate} <em>retires</em> older generations: a retired generation never receives another write, and it
 * stays readable, whole, for as long as readers may still be using it (a store whose readers cache the active
 * generation number, as the Redis one does, keeps it for a grace period longer than that cache), then it is removed.
 * The pending generation and the item ids already written to it ({@link #itemIds}) are the bulk job's checkpoint: a
 * crashed run resumes by writing only what is missing.
 *
 * <h2>Contract for implementations</h2>
 *
 * <ul>
 *   <li>Thread-safe; one instance is shared by the whole application.
 *   <li>Values round-trip exactly: item ids, scores, metadata, recommendation id, fetch time and source ({@link
 *       io.personalizekit.recommend.ResultSource#FALLBACK} and {@code BATCH} must survive). {@link SimilarItemsCodec}
 *       is a compact encoding for stores that keep bytes or strings.
 *   <li>Failures (store down, timeouts) are thrown as unchecked exceptions; callers decide whether to degrade.
 *       Calls must be bounded in time (a command timeout), never block indefinitely.
 *   <li>{@link #close()} releases only what the store created itself.
 * </ul>
 */
public interface RecommendationStore extends AutoCloseable {

    /** The generation read and written before any generation was activated: {@value}. */
    long LIVE_GENERATION = 0L;

    /**
     * The list for one seed in the active generation.
     *
     * @param keyspace the keyspace
     * @param itemId the seed item id
     * @return the stored list, or empty when absent (or expired)
     */
    Optional<SimilarItems> get(CacheKeyspace keyspace, String itemId);

    /**
     * The lists for several seeds in the active generation, all read from the same generation.
     *
     * @param keyspace the keyspace
     * @param itemIds the seed item ids
     * @return the lists found, by seed item id; absent seeds are missing from the map
     */
    Map<String, SimilarItems> getAll(CacheKeyspace keyspace, Collection<String> itemIds);

    /**
     * Writes one list into the active generation (a read-through write), replacing any list for the same seed.
     * Implementations check, atomically with the write, that the generation written is still the active one: a write
     * racing {@link #activate} goes into the new active generation or is dropped, and never lands in (or recreates) a
     * retired generation.
     *
     * @param keyspace the keyspace
     * @param items the list; its seed item id is the key
     */
    void put(CacheKeyspace keyspace, SimilarItems items);

    /**
     * Writes many lists into one generation, in as few round trips as the store allows.
     *
     * @param keyspace the keyspace
     * @param generation the generation, usually a pending one from {@link #beginGeneration}
     * @param items the lists; each seed item id is a key
     */
    void putAll(CacheKeyspace keyspace, long generation, Collection<SimilarItems> items);

    /**
     * Starts a new pending generation, numbered higher than every generation before it, and records it as the
     * keyspace's pending generation (replacing any earlier pending one).
     *
     * @param keyspace the keyspace
     * @return the new generation number
     */
    long beginGeneration(CacheKeyspace keyspace);

    /**
     * The pending generation, started and not yet activated.
     *
     * @param keyspace the keyspace
     * @return the generation, or empty
     */
    OptionalLong pendingGeneration(CacheKeyspace keyspace);

    /**
     * The active generation.
     *
     * @param keyspace the keyspace
     * @return the generation, or empty when none was activated ({@value #LIVE_GENERATION} is then read)
     */
    OptionalLong activeGeneration(CacheKeyspace keyspace);

    /**
     * The seed item ids present in a generation.
     *
     * @param keyspace the keyspace
     * @param generation the generation
     * @return the ids; empty when the generation holds nothing
     */
    Set<String> itemIds(CacheKeyspace keyspace, long generation);

    /**
     * Atomically makes a generation the active one, clears the pending mark if it pointed at it, and retires older
     * generations of the keyspace: no more writes go into them, readers still holding one keep reading it whole until
     * they see the switch, and then they are removed.
     *
     * @param keyspace the keyspace
     * @param generation the generation to activate
     */
    void activate(CacheKeyspace keyspace, long generation);

    /**
     * The keyspaces of a campaign that hold an active generation, that is, that a bulk job filled and {@linkplain
     * #activate activated}. {@link CachingSimilarItemsClient} asks it (rarely: once per keyspace and check
     * interval, on a miss) to tell a reader whose keyspace matches none of them that a fetcher fills lists of
     * another request shape, instead of missing silently. Implementations record the keyspace in {@link
     * #activate}; lists written only by read-through ({@link #put}) do not count.
     *
     * @param campaignArn the campaign
     * @return the keyspaces with an active generation; empty when there are none, or when the store does not
     *     record them (this default)
     */
    default Set<CacheKeyspace> activeKeyspaces(String campaignArn) {
        return Set.of();
    }

    /** Releases what the store created itself; connections passed in are borrowed and left open. */
    @Override
    void close();
}
