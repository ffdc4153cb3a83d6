package io.personalizekit.local;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Planted data where users follow topics, for the recipes' quality tests: {@value #TOPICS} topics of
 * {@value #ITEMS_PER_TOPIC} items each (item {@code t<topic>-<rank>}, lower ranks more popular within the topic);
 * user {@code u<n>} follows topic {@code n % TOPICS} and reads distinct items, 85 % of them in the topic (ranks drawn
 * with a skew towards popular items), the rest anywhere. Each user's last read is in the topic and held out of the
 * interactions ({@link #heldOut}): the "next read" the tests look for. Timestamps rise by one second per read, users
 * interleaved. Deterministic for a seed.
 */
public final class TopicReaders {
    /** The number of topics. */
    public static final int TOPICS = 20;
    /** The number of items per topic. */
    public static final int ITEMS_PER_TOPIC = 30;
    /** The first interaction's timestamp. */
    public static final long START = 1_700_000_000L;

    /** One interaction. */
    public record Read(String user, String item, long timestamp) {}

    /** The interactions, without the held-out reads, in time order. */
    public final List<Read> reads = new ArrayList<>();
    /** Per user, the held-out next read (an item of the user's topic the user had not read). */
    public final Map<String, String> heldOut = new LinkedHashMap<>();
    /** Per user, the items read (training interactions). */
    public final Map<String, Set<String>> readBy = new LinkedHashMap<>();

    /**
     * Generates the data.
     *
     * @param users the number of users
     * @param readsPerUser the training reads per user (the held-out read comes on top)
     * @param seed the random seed
     */
    public TopicReaders(int users, int readsPerUser, long seed) {
        Random r = new Random(seed);
        List<List<String>> plans = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            int topic = topicOfUser(u);
            Set<String> seen = new HashSet<>();
            List<String> plan = new ArrayList<>();
            while (plan.size() < readsPerUser) {
                int t = r.nextDouble() < 0.85 ? topic : r.nextInt(TOPICS);
                String item = item(t, skewedRank(r));
                if (seen.add(item)) {
                    plan.add(item);
                }
            }
            String next;
            do {
                next = item(topic, skewedRank(r));
            } while (seen.contains(next));
            plans.add(plan);
            heldOut.put(user(u), next);
            readBy.put(user(u), Collections.unmodifiableSet(seen));
        }
        long ts = START;
        for (int k = 0; k < readsPerUser; k++) {
            for (int u = 0; u < users; u++) {
                reads.add(new Read(user(u), plans.get(u).get(k), ts++));
            }
        }
    }

    private static int skewedRank(Random r) {
        return (int) Math.floor(Math.pow(r.nextDouble(), 1.5) * ITEMS_PER_TOPIC);
    }

    /**
     * A user's id.
     *
     * @param n the user number
     * @return {@code u<n>}
     */
    public static String user(int n) {
        return "u" + n;
    }

    /**
     * An item's id.
     *
     * @param topic the topic
     * @param rank the rank within the topic
     * @return {@code t<topic>-<rank>}
     */
    public static String item(int topic, int rank) {
        return "t" + topic + "-" + rank;
    }

    /**
     * The topic a user follows.
     *
     * @param n the user number
     * @return the topic
     */
    public static int topicOfUser(int n) {
        return n % TOPICS;
    }

    /**
     * The topic of an item.
     *
     * @param itemId the item id
     * @return its topic
     */
    public static int topicOfItem(String itemId) {
        return Integer.parseInt(itemId.substring(1, itemId.indexOf('-')));
    }

    /**
     * The interactions as a CSV with {@code USER_ID,ITEM_ID,TIMESTAMP}.
     *
     * @return the CSV
     */
    public String interactionsCsv() {
        StringBuilder sb = new StringBuilder("USER_ID,ITEM_ID,TIMESTAMP\n");
        for (Read read : reads) {
            sb.append(read.user())
                    .append(',')
                    .append(read.item())
                    .append(',')
                    .append(read.timestamp())
                    .append('\n');
        }
        return sb.toString();
    }

    /**
     * The interactions as a CSV with {@code USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE}, every one of the given type.
     *
     * @param eventType the event type
     * @return the CSV
     */
    public String interactionsCsv(String eventType) {
        StringBuilder sb = new StringBuilder("USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\n");
        for (Read read : reads) {
            sb.append(read.user()).append(',').append(read.item()).append(',').append(read.timestamp());
            sb.append(',').append(eventType).append('\n');
        }
        return sb.toString();
    }

    /**
     * The items as a CSV with {@code ITEM_ID,TOPIC,CREATION_TIMESTAMP} (TOPIC categorical).
     *
     * @return the CSV
     */
    public static String itemsCsv() {
        StringBuilder sb = new StringBuilder("ITEM_ID,TOPIC,CREATION_TIMESTAMP\n");
        for (int t = 0; t < TOPICS; t++) {
            for (int k = 0; k < ITEMS_PER_TOPIC; k++) {
                sb.append(item(t, k))
                        .append(",topic")
                        .append(t)
                        .append(',')
                        .append(START - 86_400 - k)
                        .append('\n');
            }
        }
        return sb.toString();
    }

    /** The items schema of {@link #itemsCsv()}. */
    public static final String ITEMS_SCHEMA = "{\"type\":\"record\",\"name\":\"Items\","
            + "\"namespace\":\"com.amazonaws.personalize.schema\",\"fields\":["
            + "{\"name\":\"ITEM_ID\",\"type\":\"string\"},"
            + "{\"name\":\"TOPIC\",\"type\":\"string\",\"categorical\":true},"
            + "{\"name\":\"CREATION_TIMESTAMP\",\"type\":\"long\"}],\"version\":\"1.0\"}";
}
