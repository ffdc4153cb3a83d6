package io.personalizekit.examples.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import io.personalizekit.cache.CacheKeyspace;
import io.personalizekit.cache.CachingSimilarItemsClient;
import io.personalizekit.cache.FetchSummary;
import io.personalizekit.cache.InMemoryRecommendationStore;
import io.personalizekit.cache.RecommendationFetcher;
import io.personalizekit.csv.DatasetProfile;
import io.personalizekit.examples.news.Article;
import io.personalizekit.examples.news.NewsCatalog;
import io.personalizekit.recommend.RecommendedItem;
import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.recommend.SimilarItemsRequest;
import io.personalizekit.resource.CampaignRef;
import io.personalizekit.resource.Deployment;
import io.personalizekit.resource.SolutionVersionRef;
import io.personalizekit.schema.BoundSchema;
import io.personalizekit.schema.DatasetSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the guides' samples that need no server, so what the guides say they do is what they do. */
class SnippetsBehaviourTest {
    private static final Instant NOW = Instant.parse("2026-11-28T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void schemas_renderParseAndHeader() {
        DatasetSchema items = SchemasAndCsvSnippets.itemsSchema().schema();
        assertThat(SchemasAndCsvSnippets.renderAndParse(items)).isEqualTo("true [ITEM_ID, LABELS, CREATION_TIMESTAMP]");
        assertThat(SchemasAndCsvSnippets.interactionsSchema().schema().fieldNames())
                .containsExactly("USER_ID", "ITEM_ID", "TIMESTAMP");
        assertThat(SchemasAndCsvSnippets.unboundInteractionsSchema())
                .isEqualTo(SchemasAndCsvSnippets.interactionsSchema().schema());
        assertThat(SchemasAndCsvSnippets.richerItemsSchema().fieldNames()).hasSize(6);
    }

    @Test
    void schemaRuleViolation_namesTheField() {
        assertThat(SchemasAndCsvSnippets.schemaRuleViolation()).startsWith("TIMESTAMP: ");
    }

    @Test
    void writers_writeTheArticleFlowAndValidate() throws Exception {
        NewsCatalog catalog = NewsCatalog.generate(7, 300, 200, NOW);
        BoundSchema<Article> items = SchemasAndCsvSnippets.itemsSchema();
        assertThat(SchemasAndCsvSnippets.writeArticles(items, catalog.articles(), dir))
                .isEqualTo(300);
        assertThat(Files.readAllLines(dir.resolve("items.csv")).get(0)).isEqualTo("ITEM_ID,LABELS,CREATION_TIMESTAMP");
        DatasetProfile profile = SchemasAndCsvSnippets.writeReadings(
                SchemasAndCsvSnippets.interactionsSchema(), catalog.readings(), dir);
        assertThat(profile.meetsMinimums()).isTrue();
        assertThat(dir.resolve("interactions.csv")).exists();
        assertThat(SchemasAndCsvSnippets.validateExistingFile(items.schema(), dir.resolve("items.csv")))
                .isTrue();
        long withoutLabels =
                catalog.articles().stream().filter(a -> a.labels().isEmpty()).count();
        assertThat(SchemasAndCsvSnippets.readFile(dir.resolve("items.csv"))).isEqualTo(withoutLabels);
    }

    @Test
    void writeReadings_whenTooFewInteractions_abortsTheFile() {
        NewsCatalog small = NewsCatalog.generate(7, 20, 5, NOW);
        DatasetProfile profile =
                SchemasAndCsvSnippets.writeReadings(SchemasAndCsvSnippets.interactionsSchema(), small.readings(), dir);
        assertThat(profile.meetsMinimums()).isFalse();
        assertThat(dir.resolve("interactions.csv")).doesNotExist();
    }

    @Test
    void rejectedRow_namesTheRuleAndPublishesNothing() {
        SchemasAndCsvSnippets.writeRows(SchemasAndCsvSnippets.unboundInteractionsSchema(), dir);
        assertThat(dir.resolve("sample-interactions.csv"))
                .hasContent("USER_ID,ITEM_ID,TIMESTAMP\n35,2,1586731606\n54,3,1586735164");
        assertThat(SchemasAndCsvSnippets.rejectedRow(SchemasAndCsvSnippets.unboundInteractionsSchema(), dir))
                .isEqualTo("timestamp-millis in record 1 (line 2), field TIMESTAMP");
        assertThat(dir.resolve("interactions.csv")).doesNotExist();
    }

    @Test
    void policies_renderAllThreeDocuments() {
        assertThat(SchemasAndCsvSnippets.policies())
                .contains("personalize.amazonaws.com", "arn:aws:s3:::news-personalize-data/*", "123456789012");
    }

    /** A stand-in for the live client: answers "<seed>-a", "<seed>-b" and counts calls. */
    static final class CountingClient implements SimilarItemsClient {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public SimilarItems similarItems(SimilarItemsRequest request) {
            calls.incrementAndGet();
            return SimilarItems.builder()
                    .seedItemId(request.itemId())
                    .items(List.of(
                            RecommendedItem.of(request.itemId() + "-a"), RecommendedItem.of(request.itemId() + "-b")))
                    .fetchedAt(Instant.now())
                    .build();
        }

        @Override
        public void close() {}
    }

    @Test
    void fetcherFillsWhatTheCachingClientServes() throws Exception {
        NewsCatalog catalog = NewsCatalog.generate(7, 50, 10, NOW);
        SchemasAndCsvSnippets.writeArticles(SchemasAndCsvSnippets.itemsSchema(), catalog.articles(), dir);
        CountingClient live = new CountingClient();
        InMemoryRecommendationStore store = ServingAndCachingSnippets.inMemory();
        Deployment news = Deployment.builder()
                .campaign(CampaignRef.of("arn:aws:personalize:us-east-1:123456789012:campaign/news"))
                .solutionVersion(SolutionVersionRef.of("arn:aws:personalize:us-east-1:123456789012:solution/news/abc"))
                .build();
        CacheKeyspace keyspace = ServingAndCachingSnippets.keyspace(news);
        FetchSummary summary = ServingAndCachingSnippets.fetchAll(live, store, keyspace, dir.resolve("items.csv"));
        assertThat(summary.complete()).isTrue();
        assertThat(summary.activated()).isTrue();
        assertThat(live.calls).hasValue(50);
        try (CachingSimilarItemsClient cached = ServingAndCachingSnippets.cached(live, store, keyspace)) {
            SimilarItems hit = cached.similarTo("article-1");
            assertThat(hit.source()).isEqualTo(ResultSource.CACHE);
            assertThat(ServingAndCachingSnippets.present(hit))
                    .isEqualTo("Similar articles: [article-1-a, article-1-b]");
            assertThat(live.calls).hasValue(50);
            assertThat(ServingAndCachingSnippets.stats(cached)).startsWith("hit rate 1.0");
            RecommendationFetcher fetcher = RecommendationFetcher.builder()
                    .client(live)
                    .store(store)
                    .keyspace(keyspace)
                    .build();
            assertThat(ServingAndCachingSnippets.sameKeyspace(cached, fetcher)).isTrue();
            assertThat(ServingAndCachingSnippets.readerHistory(cached)).startsWith("article-42-a", "article-17-a");
        }
        assertThat(ServingAndCachingSnippets.present(SimilarItems.builder()
                        .seedItemId("x")
                        .fetchedAt(NOW)
                        .source(ResultSource.FALLBACK)
                        .build()))
                .startsWith("Popular now");
    }

    @Test
    void embeddedEmulator_createsADatasetGroup() {
        assertThat(TestingWithLocalSnippets.embedded())
                .isEqualTo("arn:aws:personalize:us-east-1:000000000000:dataset-group/news");
    }
}
