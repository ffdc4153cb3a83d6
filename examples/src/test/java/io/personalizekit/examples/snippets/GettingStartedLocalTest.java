package io.personalizekit.examples.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import io.personalizekit.batch.BatchJob;
import io.personalizekit.batch.BatchSimilarItems;
import io.personalizekit.cache.CacheKeyspace;
import io.personalizekit.cache.CachingSimilarItemsClient;
import io.personalizekit.cache.FetchSummary;
import io.personalizekit.cache.InMemoryRecommendationStore;
import io.personalizekit.examples.news.Article;
import io.personalizekit.examples.news.NewsCatalog;
import io.personalizekit.local.PersonalizeLocalExtension;
import io.personalizekit.pipeline.PipelineOrchestrator;
import io.personalizekit.pipeline.PipelineSpec;
import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.resource.Deployment;
import io.personalizekit.waiter.ResourceWaiter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Runs getting-started's provisioning and the seeding-and-batch guide's batch samples against personalize-local:
 * the pipeline of getting-started, GetRecommendations, a batch job over every article, and its output loaded into
 * the cache the API reads.
 */
class GettingStartedLocalTest {
    @RegisterExtension
    static final PersonalizeLocalExtension LOCAL = PersonalizeLocalExtension.withOptions(o -> o.timeScale(0));

    private static final String ROLE = "arn:aws:iam::000000000000:role/PersonalizeS3";

    @TempDir
    Path dir;

    @Test
    void articleFlow_provisionsServesAndFillsTheCacheFromABatchJob(
            PersonalizeClient personalize, PersonalizeRuntimeClient runtime, S3Client s3, ResourceWaiter waiter) {
        NewsCatalog news = NewsCatalog.generate(11, 80, 120, Instant.now());
        s3.createBucket(b -> b.bucket("news-personalize-data"));

        PipelineSpec spec = GettingStartedSnippets.provision(personalize, s3, news, dir, "news-personalize-data", ROLE);
        Deployment deployment;
        try (PipelineOrchestrator pipeline = PipelineOrchestrator.builder()
                .personalizeClient(personalize)
                .waiter(waiter) // the emulator's: fits its pace
                .build()) {
            deployment = pipeline.run(spec).deployment();
        }
        assertThat(GettingStartedSnippets.getRecommendations(runtime, deployment))
                .hasSize(25);
        assertThat(deployment.solutionVersion().arn())
                .isEqualTo(personalize
                        .describeCampaign(
                                r -> r.campaignArn(deployment.campaign().arn()))
                        .campaign()
                        .solutionVersionArn());

        BatchSimilarItems batch = BatchSimilarItems.builder()
                .personalizeClient(personalize)
                .s3Client(s3)
                .roleArn(ROLE)
                .resourceWaiter(waiter)
                .build();
        List<String> ids = news.articles().stream().map(Article::id).collect(Collectors.toList());
        BatchJob job = SeedingAndBatchSnippets.runBatch(batch, deployment, ids);
        assertThat(job.resultsLocation().uri())
                .isEqualTo("s3://news-personalize-data/batch/out/2026-11-28/articles.json.out");
        assertThat(SeedingAndBatchSnippets.readResults(batch, job)).isEqualTo(80);

        InMemoryRecommendationStore store = InMemoryRecommendationStore.create();
        CacheKeyspace keyspace = GettingStartedSnippets.keyspace(deployment);
        try (SimilarItemsClient live = SimilarItemsClient.builder()
                        .runtimeClient(runtime)
                        .deployment(deployment)
                        .build();
                CachingSimilarItemsClient cached = ServingAndCachingSnippets.cached(live, store, keyspace)) {
            FetchSummary summary = SeedingAndBatchSnippets.loadBatchOutput(s3, job, live, store, keyspace, dir);
            assertThat(summary.activated()).isTrue();
            assertThat(summary.total()).isEqualTo(80);
            assertThat(summary.failed()).isZero();
            assertThat(cached.similarTo("article-3").source()).isEqualTo(ResultSource.BATCH);
            assertThat(cached.stats().liveCallCount()).isZero();
        }
    }
}
