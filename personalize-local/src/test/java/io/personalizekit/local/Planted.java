package io.personalizekit.local;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Deterministic data with planted structure, for the quality tests of the item recipes: items and users that follow
 * topics, and actions and users that follow action types. Everything comes from fixed seeds, so every run sees the
 * same data.
 */
public final class Planted {
    /** Items schema: an item name, the topic as a categorical, and a textual description. */
    public static final String ITEMS_SCHEMA = "{\"type\":\"record\",\"name\":\"Items\","
            + "\"namespace\":\"com.amazonaws.personalize.schema\",\"fields\":["
            + "{\"name\":\"ITEM_ID\",\"type\":\"string\"},"
            + "{\"name\":\"TITLE\",\"type\":\"string\",\"itemName\":true},"
            + "{\"name\":\"GENRE\",\"type\":[\"null\",\"string\"],\"categorical\":true},"
            + "{\"name\":\"DESCRIPTION\",\"type\":[\"null\",\"string\"],\"textual\":true}],\"version\":\"1.0\"}";

    /** Interactions schema: the three required fields. */
    public static final String INTERACTIONS_SCHEMA = "{\"type\":\"record\",\"name\":\"Interactions\","
            + "\"namespace\":\"com.amazonaws.personalize.schema\",\"fields\":["
            + "{\"name\":\"USER_ID\",\"type\":\"string\"},"
            + "{\"name\":\"ITEM_ID\",\"type\":\"string\"},"
            + "{\"name\":\"TIMESTAMP\",\"type\":\"long\"}],\"version\":\"1.0\"}";

    /** Actions schema: the reserved VALUE, TYPE, EXPIRATION_TIMESTAMP and REPEAT_FREQUENCY, and a categorical. */
    public static final String ACTIONS_SCHEMA = "{\"type\":\"record\",\"name\":\"Actions\","
            + "\"namespace\":\"com.amazonaws.personalize.schema\",\"fields\":["
            + "{\"name\":\"ACTION_ID\",\"type\":\"string\"},"
            + "{\"name\":\"VALUE\",\"type\":[\"null\",\"long\"]},"
            + "{\"name\":\"TYPE\",\"type\":[\"null\",\"string\"]},"
            + "{\"name\":\"CHANNEL\",\"type\":[\"null\",\"string\"],\"categorical\":true},"
            + "{\"name\":\"EXPIRATION_TIMESTAMP\",\"type\":[\"null\",\"long\"]},"
            + "{\"name\":\"REPEAT_FREQUENCY\",\"type\":[\"null\",\"long\"]}],\"version\":\"1.0\"}";

    /** Action interactions schema, with the record name the service's own examples use. */
    public static final String ACTION_INTERACTIONS_SCHEMA = "{\"type\":\"record\",\"name\":\"ActionInteractions\","
            + "\"namespace\":\"com.amazonaws.personalize.schema\",\"fields\":["
            + "{\"name\":\"USER_ID\",\"type\":\"string\"},"
            + "{\"name\":\"ACTION_ID\",\"type\":\"string\"},"
            + "{\"name\":\"EVENT_TYPE\",\"type\":\"string\"},"
            + "{\"name\":\"TIMESTAMP\",\"type\":\"long\"}],\"version\":\"1.0\"}";

    /** The first timestamp of generated interactions (2023-11-14). */
    public static final long T0 = 1_700_000_000L;

    private static final String[] SYLLABLES = {
        "ka", "lo", "mi", "ner", "pa", "qui", "ro", "sa", "tu", "ve", "xo", "zan", "bri", "dul", "fen", "gor", "hal",
        "jis", "kev", "lum"
    };

    private Planted() {}

    /** Items and users that follow topics. */
    public static final class Topics {
        /** The topics, {@code topic0} ... */
        public final List<String> topics = new ArrayList<>();
        /** Per item id, its topic. */
        public final Map<String, String> topicOfItem = new LinkedHashMap<>();
        /** Per user id, the topic the user mostly reads. */
        public final Map<String, String> topicOfUser = new LinkedHashMap<>();
        /** The items CSV ({@link #ITEMS_SCHEMA}). */
        public final String itemsCsv;
        /** The interactions CSV ({@link #INTERACTIONS_SCHEMA}), time-ordered per user. */
        public final String interactionsCsv;

        private Topics(int nTopics, int itemsPerTopic, int users, int perUser, double onTopic) {
            Random r = new Random(20_240_601L);
            List<String> common = new ArrayList<>();
            for (int w = 0; w < 60; w++) {
                common.add(word(r, 2));
            }
            List<List<String>> vocab = new ArrayList<>();
            for (int t = 0; t < nTopics; t++) {
                topics.add("topic" + t);
                List<String> v = new ArrayList<>();
                for (int w = 0; w < 15; w++) {
                    v.add(word(r, 3));
                }
                vocab.add(v);
            }
            StringBuilder items = new StringBuilder("ITEM_ID,TITLE,GENRE,DESCRIPTION\n");
            List<List<String>> itemsOfTopic = new ArrayList<>();
            int id = 0;
            for (int t = 0; t < nTopics; t++) {
                itemsOfTopic.add(new ArrayList<>());
            }
            for (int k = 0; k < itemsPerTopic; k++) {
                for (int t = 0; t < nTopics; t++) {
                    String item = "item" + (id++);
                    topicOfItem.put(item, topics.get(t));
                    itemsOfTopic.get(t).add(item);
                    List<String> words = new ArrayList<>();
                    // a description of 30 words: a third from the topic's vocabulary, the rest common words
                    for (int w = 0; w < 30; w++) {
                        List<String> from = w % 3 == 0 ? vocab.get(t) : common;
                        words.add(from.get(r.nextInt(from.size())));
                    }
                    Collections.shuffle(words, r);
                    String title = "The " + common.get(r.nextInt(common.size())) + " " + item;
                    items.append(item)
                            .append(',')
                            .append(title)
                            .append(',')
                            .append(topics.get(t))
                            .append(",\"")
                            .append(String.join(" ", words))
                            .append(".\"\n");
                }
            }
            itemsCsv = items.toString();
            StringBuilder interactions = new StringBuilder("USER_ID,ITEM_ID,TIMESTAMP\n");
            List<String> allItems = new ArrayList<>(topicOfItem.keySet());
            for (int u = 0; u < users; u++) {
                String user = "user" + u;
                int t = u % nTopics;
                topicOfUser.put(user, topics.get(t));
                for (int k = 0; k < perUser; k++) {
                    List<String> from = r.nextDouble() < onTopic ? itemsOfTopic.get(t) : allItems;
                    interactions
                            .append(user)
                            .append(',')
                            .append(from.get(r.nextInt(from.size())))
                            .append(',')
                            .append(T0 + u * 7L + k * 3600L)
                            .append('\n');
                }
            }
            interactionsCsv = interactions.toString();
        }

        /** Same-topic items. */
        public List<String> itemsOf(String topic) {
            List<String> out = new ArrayList<>();
            topicOfItem.forEach((item, t) -> {
                if (t.equals(topic)) {
                    out.add(item);
                }
            });
            return out;
        }
    }

    /**
     * Items and users that follow topics.
     *
     * @param nTopics the number of topics
     * @param itemsPerTopic items per topic
     * @param users the number of users (user {@code u} follows topic {@code u % nTopics})
     * @param perUser interactions per user
     * @param onTopic the share of a user's interactions within the user's topic
     * @return the data
     */
    public static Topics topics(int nTopics, int itemsPerTopic, int users, int perUser, double onTopic) {
        return new Topics(nTopics, itemsPerTopic, users, perUser, onTopic);
    }

    /** Actions of a few types and users who take the actions of one type. */
    public static final class Actions {
        /** The action types. */
        public final List<String> types = List.of("email", "app", "loyalty", "survey");
        /** Per action id, its type. */
        public final Map<String, String> typeOfAction = new LinkedHashMap<>();
        /** Per user id, the type of action the user takes. */
        public final Map<String, String> typeOfUser = new LinkedHashMap<>();
        /** Per user id, the actions the user never saw. */
        public final Map<String, List<String>> unseen = new LinkedHashMap<>();
        /** The actions CSV ({@link #ACTIONS_SCHEMA}). */
        public final String actionsCsv;
        /** The action interactions CSV ({@link #ACTION_INTERACTIONS_SCHEMA}). */
        public final String actionInteractionsCsv;
        /** Item interactions CSV ({@link #INTERACTIONS_SCHEMA}), for the service's minimums. */
        public final String interactionsCsv;
        /** The last action interaction's timestamp (each user's k-th exposure is on day 2k). */
        public final long lastTimestamp;

        private Actions(int perType, int users, int exposuresPerUser) {
            Random r = new Random(20_240_602L);
            StringBuilder actions =
                    new StringBuilder("ACTION_ID,VALUE,TYPE,CHANNEL,EXPIRATION_TIMESTAMP,REPEAT_FREQUENCY\n");
            for (String type : types) {
                for (int k = 0; k < perType; k++) {
                    String id = type + "-" + k;
                    typeOfAction.put(id, type);
                    actions.append(id)
                            .append(',')
                            .append(1 + r.nextInt(10))
                            .append(',')
                            .append(type)
                            .append(',')
                            .append(k % 2 == 0 ? "web" : "mobile")
                            .append(",,\n");
                }
            }
            actionsCsv = actions.toString();
            List<String> all = new ArrayList<>(typeOfAction.keySet());
            StringBuilder events = new StringBuilder("USER_ID,ACTION_ID,EVENT_TYPE,TIMESTAMP\n");
            long last = T0;
            for (int u = 0; u < users; u++) {
                String user = "user" + u;
                String type = types.get(u % types.size());
                typeOfUser.put(user, type);
                List<String> shown = new ArrayList<>(all);
                Collections.shuffle(shown, r);
                List<String> seen = shown.subList(0, exposuresPerUser);
                unseen.put(user, new ArrayList<>(shown.subList(exposuresPerUser, shown.size())));
                int k = 0;
                for (String action : seen) {
                    // the k-th exposure of every user is on day 2k, so the data spans a few weeks
                    long t = T0 + (k++) * 2L * 86_400 + u * 13L;
                    events.append(user)
                            .append(',')
                            .append(action)
                            .append(",Viewed,")
                            .append(t)
                            .append('\n');
                    boolean own = typeOfAction.get(action).equals(type);
                    if (own ? r.nextDouble() < 0.8 : r.nextDouble() < 0.9) {
                        t += 60;
                        events.append(user)
                                .append(',')
                                .append(action)
                                .append(own ? ",Taken," : ",Not taken,")
                                .append(t)
                                .append('\n');
                    }
                    last = Math.max(last, t);
                }
            }
            actionInteractionsCsv = events.toString();
            lastTimestamp = last;
            StringBuilder interactions = new StringBuilder("USER_ID,ITEM_ID,TIMESTAMP\n");
            for (int u = 0; u < Math.max(100, users); u++) {
                for (int k = 0; k < 12; k++) {
                    interactions
                            .append("user")
                            .append(u)
                            .append(",item")
                            .append(r.nextInt(200))
                            .append(',')
                            .append(T0 + u * 11L + k * 60L)
                            .append('\n');
                }
            }
            interactionsCsv = interactions.toString();
        }
    }

    /**
     * Actions and users that follow action types: each user sees {@code exposuresPerUser} random actions
     * ({@code Viewed}), takes those of the user's type with probability 0.8 and declines the others with
     * probability 0.9 ({@code Not taken}).
     *
     * @param perType actions per type
     * @param users the number of users (user {@code u} takes type {@code u % 4})
     * @param exposuresPerUser actions each user sees
     * @return the data
     */
    public static Actions actions(int perType, int users, int exposuresPerUser) {
        return new Actions(perType, users, exposuresPerUser);
    }

    private static String word(Random r, int syllables) {
        StringBuilder b = new StringBuilder();
        for (int s = 0; s < syllables; s++) {
            b.append(SYLLABLES[r.nextInt(SYLLABLES.length)]);
        }
        return b.toString();
    }
}
