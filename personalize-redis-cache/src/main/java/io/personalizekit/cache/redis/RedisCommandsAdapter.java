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
