package io.personalizekit.cache.redis;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The few Redis commands {@link RedisRecommendationStore} sends, over one client library. The store keeps the key
 * layout and the scripts; an adapter only moves commands and replies, bounds each call by the command timeout and
 * throws a {@link RuntimeException} (with the client's cause) on any failure. Implementations are thread-safe.
 */
interface RedisCommandsAdapter extends AutoCloseable {

    /** HGET: the field's value, or null. */
    @Nullable
    String hget(String key, String field);

    /** HMGET: one value (or null) per field, in order. */
    List<@Nullable String> hmget(String key, String[] fields);

    /**
     * HSET of each chunk, then EXPIRE when {@code ttlSeconds > 0}, pipelined; waits for every reply, at most one
     * command timeout per command.
     */
    void hsetChunks(String key, List<Map<String, String>> chunks, long ttlSeconds);

    /**
     * HSET of each key's chunks, then EXPIRE of each key when {@code ttlSeconds > 0}, all pipelined (on a cluster,
     * grouped by node); waits for every reply.
     */
    void hsetMany(Map<String, List<Map<String, String>>> chunksByKey, long ttlSeconds);

    /** HMGET of several keys, pipelined: per key (in order), one value (or null) per field, in order. */
    List<List<@Nullable String>> hmgetMany(List<String> keys, List<String[]> fields);

    /**
     * One EVAL per key (a script taking exactly one key, so each call stays in its key's slot), pipelined; returns
     * the sum of the integer replies.
     */
    long evalEach(String script, List<String> keys, String... args);

    /** EVAL of a script returning a list of strings (or an empty one). */
    List<String> evalList(String script, String[] keys, String... args);

    /** EVAL of a script returning an integer. */
    long evalLong(String script, String[] keys, String... args);

    /** GET: the value, or null. */
    @Nullable
    String get(String key);

    /** HKEYS. */
    Set<String> hkeys(String key);

    /** Every key matching a glob pattern, by a SCAN loop. */
    List<String> scan(String pattern);

    /** Where the adapter connects, for messages; never the password. */
    String description();

    /** Releases what the adapter created; borrowed clients stay open. */
    @Override
    void close();
}
