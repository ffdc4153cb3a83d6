package io.personalizekit.examples;

import io.personalizekit.cache.CachingSimilarItemsClient;
import io.personalizekit.cache.redis.RedisRecommendationStore;
import io.personalizekit.recommend.SimilarItems;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A Redis-cached lookup service, the serving half of the article's system: the news flow runs once (small
 * catalogue, embedded personalize-local) and its fetcher fills Redis; then a {@link CachingSimilarItemsClient}
 * over a {@link RedisRecommendationStore} answers lookups from Redis, and would ask Personalize only on a miss.
 *
 * <pre>{@code
 * java ... io.personalizekit.examples.RedisLookupExample redis://127.0.0.1:6379 article-1 article-2
 * }</pre>
 */
public final class RedisLookupExample {
    private RedisLookupExample() {}

    /**
     * Runs the example.
     *
     * @param args the Redis URI, then the article ids to look up (default: article-1 to article-3)
     */
    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: RedisLookupExample redis://HOST:PORT [article-id ...]");
            System.exit(2);
            return;
        }
        List<String> ids = args.length > 1
                ? List.of(args).subList(1, args.length)
                : List.of("article-1", "article-2", "article-3");
        run(args[0], ids, System.out);
    }

    /**
     * Fills Redis through the news flow, then looks the given articles up through the cache.
     *
     * @param redisUri the Redis to use
     * @param articleIds the articles to look up
     * @param out where the lookups are printed
     */
    public static void run(String redisUri, List<String> articleIds, PrintStream out) {
        Path work = tempDir();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        String[] newsArgs = {
            "--articles", "600", "--readers", "500", "--redis-url", redisUri, "--work-dir", work.toString()
        };
        try (NewsArticlesExample news = NewsArticlesExample.start(newsArgs, quiet);
                RedisRecommendationStore store = RedisRecommendationStore.builder()
                        .redisUri(redisUri)
                        .keyPrefix("news:")
                        .build();
                CachingSimilarItemsClient lookup = CachingSimilarItemsClient.builder()
                        .delegate(news.similarItemsClient())
                        .store(store)
                        .keyspace(news.keyspace()) // the lists the news flow's fetcher wrote
                        .ttl(Duration.ofDays(14))
                        .build()) {
            out.println("Similar articles from Redis (" + redisUri.replaceAll("//[^@/]*@", "//***@") + "):");
            for (String id : articleIds) {
                SimilarItems similar = lookup.similarTo(id);
                List<String> top = similar.itemIds();
                out.printf(
                        Locale.ROOT,
                        "  %-12s %-6s %2d articles, first %s%n",
                        id,
                        similar.source(),
                        top.size(),
                        top.subList(0, Math.min(5, top.size())));
            }
            out.println("  " + lookup.stats());
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("redis-lookup-example");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
