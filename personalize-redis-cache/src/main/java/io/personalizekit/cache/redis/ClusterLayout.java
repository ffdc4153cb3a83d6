package io.personalizekit.cache.redis;

import java.util.List;
import java.util.StringJoiner;

/**
 * Where a generation's lists live on a Redis Cluster: spread over {@code buckets} hashes, each under its own hash tag
 * (so its own slot), while the keyspace's small control keys (active and pending pointers, counter, the set of begun
 * generations) keep the keyspace's hash tag, so the scripts that switch generations touch one slot. See {@link
 * RedisRecommendationStore} for the whole layout and decision D23 in docs/design/decisions.md for why.
 *
 * <p>An item's bucket is a stable function of its id ({@link #bucketOf}): {@link String#hashCode()} (specified by the
 * Java language, identical in every JVM) mixed by the murmur3 finaliser, modulo the bucket count. Changing the
 * function or the count moves items between buckets, so every process sharing a keyspace must use the same count.
 */
final class ClusterLayout {
    /**
     * The field that marks a bucket of a retired generation: a read-through write that meets it writes nothing and
     * reads the pointer again. It starts with NUL, which no Personalize item id holds.
     */
    static final String RETIRED_FIELD = "\u0000retired";

    /**
     * Begins a generation (KEYS: seq, active, pending, generations set; ARGV: pending TTL seconds, 0 for none): the
     * single-node script plus recording the number in the set of begun generations, which {@code activate} retires
     * later (a cluster has no one SCAN that finds every bucket).
     */
    static final String BEGIN_SCRIPT = "local n = redis.call('INCR', KEYS[1]) "
            + "local a = tonumber(redis.call('GET', KEYS[2]) or '-1') "
            + "if n <= a then n = a + 1 redis.call('SET', KEYS[1], n) end "
            + "if tonumber(ARGV[1]) > 0 then redis.call('SET', KEYS[3], n, 'EX', ARGV[1]) "
            + "else redis.call('SET', KEYS[3], n) end "
            + "redis.call('SADD', KEYS[4], n) "
            + "return n";

    /**
     * Flips the pointer (KEYS: active, pending; ARGV: generation) and clears the pending mark if it named this
     * generation; returns the previously active generation, or -1 when none was.
     */
    static final String ACTIVATE_SCRIPT = "local old = redis.call('GET', KEYS[1]) "
            + "redis.call('SET', KEYS[1], ARGV[1]) "
            + "if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end "
            + "if old then return tonumber(old) end "
            + "return -1";

    /** The begun generations other than ARGV[1] (the active one) and the pending one (KEYS: generations, pending). */
    static final String OLD_GENERATIONS_SCRIPT = "local p = redis.call('GET', KEYS[2]) "
            + "local out = {} "
            + "for _, g in ipairs(redis.call('SMEMBERS', KEYS[1])) do "
            + "if g ~= ARGV[1] and g ~= p then table.insert(out, g) end "
            + "end "
            + "return out";

    /** Removes retired generations (ARGV) from the set of begun generations (KEYS[1]). */
    static final String FORGET_SCRIPT = "return redis.call('SREM', KEYS[1], unpack(ARGV))";

    /** Restarts a bucket's TTL (KEYS[1]; ARGV[1] seconds); 1 when the bucket exists. */
    static final String EXPIRE_SCRIPT = "return redis.call('EXPIRE', KEYS[1], ARGV[1])";

    /**
     * Retires one bucket (KEYS[1]): marks it with ARGV[1] (creating it if absent, so a late write cannot recreate it
     * whole) and makes it expire within ARGV[2] milliseconds unless it expires sooner; 1 when shortened.
     */
    static final String RETIRE_SCRIPT = "redis.call('HSET', KEYS[1], ARGV[1], '1') "
            + "local t = redis.call('PTTL', KEYS[1]) "
            + "if t == -1 or t > tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end "
            + "return 0";

    /**
     * A read-through write into one bucket (KEYS[1]) unless it is retired (ARGV[1] the mark): HSET ARGV[2] ARGV[3],
     * then EXPIRE ARGV[4] seconds when positive. Returns 1 when written, 0 when the bucket is retired.
     */
    static final String PUT_SCRIPT = "if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 0 end "
            + "redis.call('HSET', KEYS[1], ARGV[2], ARGV[3]) "
            + "if tonumber(ARGV[4]) > 0 then redis.call('EXPIRE', KEYS[1], ARGV[4]) end "
            + "return 1";

    private final String keyPrefix;
    private final int buckets;

    ClusterLayout(String keyPrefix, int buckets) {
        this.keyPrefix = keyPrefix;
        this.buckets = buckets;
    }

    int buckets() {
        return buckets;
    }

    /** The bucket of an item id: stable across JVMs and versions (see the class comment). */
    int bucketOf(String itemId) {
        int h = itemId.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return Integer.remainderUnsigned(h, buckets);
    }

    /** {@code P{K/b}:g:n}: bucket {@code b} of generation {@code n} of keyspace {@code K}, in the slot of {@code K/b}. */
    String bucketKey(String keyspaceId, long generation, int bucket) {
        return keyPrefix + "{" + keyspaceId + "/" + bucket + "}:g:" + generation;
    }

    /** Every bucket key of a generation, indexed by bucket. */
    String[] bucketKeys(String keyspaceId, long generation) {
        String[] keys = new String[buckets];
        for (int b = 0; b < buckets; b++) {
            keys[b] = bucketKey(keyspaceId, generation, b);
        }
        return keys;
    }

    /** The seed nodes without credentials, for messages. */
    static String describe(List<RedisEndpoint> seeds) {
        StringJoiner j = new StringJoiner(",", "cluster[", "]");
        for (RedisEndpoint seed : seeds) {
            String host = seed.host().indexOf(':') >= 0 ? "[" + seed.host() + "]" : seed.host();
            j.add((seed.ssl() ? "rediss://" : "redis://") + host + ":" + seed.port());
        }
        return j.toString();
    }
}
