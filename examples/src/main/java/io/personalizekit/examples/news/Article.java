package io.personalizekit.examples.news;

import java.time.Instant;
import java.util.List;

/**
 * A news article as the news team's CMS knows it.
 *
 * @param id the article id (ITEM_ID)
 * @param labels the article's topics, primary topic first (LABELS)
 * @param createdAt when it was published (CREATION_TIMESTAMP)
 */
public record Article(String id, List<String> labels, Instant createdAt) {
    /**
     * The article's primary topic.
     *
     * @return the first label
     */
    public String primaryTopic() {
        return labels.get(0);
    }
}
