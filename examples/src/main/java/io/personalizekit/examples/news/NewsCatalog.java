package io.personalizekit.examples.news;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * A deterministic news catalogue and reading activity: the same seed always gives the same articles and
 * readings. Articles carry one to three topics (primary first); readers mostly read within one or two favourite
 * topics, so a similar-items model has real structure to find.
 */
public final class NewsCatalog {
    /** The topics articles are labelled with. */
    public static final List<String> TOPICS = List.of(
            "POLITICS",
            "SPORTS",
            "SCIENCE",
            "TECHNOLOGY",
            "HEALTH",
            "ECONOMICS",
            "ENTERTAINMENT",
            "LIFESTYLE",
            "EDUCATION",
            "TRAVEL",
            "CLIMATE",
            "INTERNATIONAL");

    private final List<Article> articles;
    private final List<Reading> readings;

    private NewsCatalog(List<Article> articles, List<Reading> readings) {
        this.articles = Collections.unmodifiableList(articles);
        this.readings = Collections.unmodifiableList(readings);
    }

    /**
     * Generates a catalogue.
     *
     * @param seed the random seed; the same seed gives the same data
     * @param articleCount how many articles
     * @param userCount how many readers
     * @param now the end of the time range; articles spread over the 180 days before it
     * @return the catalogue
     */
    public static NewsCatalog generate(long seed, int articleCount, int userCount, Instant now) {
        Random rnd = new Random(seed);
        Instant start = now.minus(Duration.ofDays(180));
        long span = Duration.between(start, now).getSeconds() - 86_400;
        List<Article> articles = new ArrayList<>(articleCount);
        Map<String, List<Article>> byTopic = new TreeMap<>();
        for (int i = 1; i <= articleCount; i++) {
            String primary = TOPICS.get(rnd.nextInt(TOPICS.size()));
            Set<String> labels = new LinkedHashSet<>();
            labels.add(primary);
            int extra = rnd.nextInt(3);
            while (labels.size() < 1 + extra) {
                labels.add(TOPICS.get(rnd.nextInt(TOPICS.size())));
            }
            Instant created = start.plusSeconds((long) (rnd.nextDouble() * span));
            Article a = new Article("article-" + i, List.copyOf(labels), created);
            articles.add(a);
            byTopic.computeIfAbsent(primary, t -> new ArrayList<>()).add(a);
        }
        List<Reading> readings = new ArrayList<>();
        for (int u = 1; u <= userCount; u++) {
            String user = "reader-" + u;
            String first = TOPICS.get(rnd.nextInt(TOPICS.size()));
            String second = TOPICS.get(rnd.nextInt(TOPICS.size()));
            int count = 8 + rnd.nextInt(25);
            for (int r = 0; r < count; r++) {
                double p = rnd.nextDouble();
                Article a;
                if (p < 0.65) {
                    a = pick(byTopic.get(first), articles, rnd);
                } else if (p < 0.9) {
                    a = pick(byTopic.get(second), articles, rnd);
                } else {
                    a = articles.get(rnd.nextInt(articles.size()));
                }
                long window = Math.max(60, Duration.between(a.createdAt(), now).getSeconds() - 60);
                Instant at = a.createdAt().plusSeconds(60 + (long) (rnd.nextDouble() * Math.min(window, 14 * 86_400L)));
                readings.add(new Reading(user, a.id(), at.isAfter(now) ? now.minusSeconds(1) : at));
            }
        }
        return new NewsCatalog(articles, readings);
    }

    private static Article pick(List<Article> topic, List<Article> all, Random rnd) {
        List<Article> from = topic == null || topic.isEmpty() ? all : topic;
        // Skewed towards the head of the list, so some articles are popular.
        int i = (int) (from.size() * Math.pow(rnd.nextDouble(), 1.6));
        return from.get(Math.min(i, from.size() - 1));
    }

    /**
     * The articles, in id order.
     *
     * @return an unmodifiable list
     */
    public List<Article> articles() {
        return articles;
    }

    /**
     * The readings.
     *
     * @return an unmodifiable list
     */
    public List<Reading> readings() {
        return readings;
    }
}
