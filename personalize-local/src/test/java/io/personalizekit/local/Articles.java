package io.personalizekit.local;

import java.util.List;

/**
 * Deterministic news-article data in the article's shape: items with {@code LABELS}, and users reading several
 * articles of their favourite topic.
 */
final class Articles {
    static final List<String> TOPICS =
            List.of("SPORTS", "SCIENCE", "POLITICS", "ENTERTAINMENT", "HEALTH", "ECONOMICS", "TECHNOLOGY", "COVID");
    static final int ITEMS = 200;
    static final int USERS = 120;

    private Articles() {}

    static String topicOf(int item) {
        return TOPICS.get(item % TOPICS.size());
    }

    static String itemsCsv() {
        StringBuilder b = new StringBuilder("ITEM_ID,LABELS,CREATION_TIMESTAMP\n");
        for (int i = 1; i <= ITEMS; i++) {
            b.append(i)
                    .append(',')
                    .append(topicOf(i))
                    .append('|')
                    .append(topicOf(i + 3))
                    .append(',')
                    .append(1570000000L + i * 1000L)
                    .append('\n');
        }
        return b.toString();
    }

    /** Each user reads 12 articles of one topic: 1,440 interactions, every user with at least 2. */
    static String interactionsCsv() {
        StringBuilder b = new StringBuilder("USER_ID,ITEM_ID,TIMESTAMP\n");
        long t = 1586731606L;
        for (int u = 1; u <= USERS; u++) {
            int topic = u % TOPICS.size();
            for (int k = 0; k < 12; k++) {
                int item = topic + TOPICS.size() * ((u * 7 + k * 3) % (ITEMS / TOPICS.size()));
                if (item == 0) {
                    item = TOPICS.size();
                }
                b.append(u).append(',').append(item).append(',').append(t++).append('\n');
            }
        }
        return b.toString();
    }
}
