package io.personalizekit.examples.snippets;

import io.personalizekit.cache.CacheKeyspace;
import io.personalizekit.cache.RecommendationStore;
import io.personalizekit.exception.PipelineStepException;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.resource.Deployment;
import io.personalizekit.retrain.CacheRefresh;
import io.personalizekit.retrain.CandidateSource;
import io.personalizekit.retrain.GateReport;
import io.personalizekit.retrain.MetricComparison;
import io.personalizekit.retrain.QualityGate;
import io.personalizekit.retrain.RetrainListener;
import io.personalizekit.retrain.RetrainResult;
import io.personalizekit.retrain.RetrainStep;
import io.personalizekit.retrain.RetrainingLoop;
import io.personalizekit.schema.DatasetType;
import java.util.List;
import software.amazon.awssdk.services.personalize.PersonalizeClient;

/** Samples of docs/retraining.md. */
final class RetrainingSnippets {
    private RetrainingSnippets() {}

    static RetrainResult weekly(
            PersonalizeClient personalize,
            Deployment news,
            SimilarItemsClient similar,
            RecommendationStore store,
            CacheKeyspace keyspace,
            List<String> articleIds,
            String roleArn) {
        try (RetrainingLoop loop = RetrainingLoop.builder()
                .personalizeClient(personalize) // borrowed: never closed by the loop
                .deployment(news) // its datasets, solution and campaign
                .qualityGate(QualityGate.defaults()) // no metric more than 2 % worse than the live version's
                .cacheRefresh(CacheRefresh.builder()
                        .client(similar) // the fetcher asks the campaign through it
                        .store(store)
                        .keyspace(keyspace) // the readers' keyspace; the new version gets its own
                        .itemIds(articleIds)
                        .build())
                .build()) {
            RetrainResult result = loop.run(r -> r.runId("2026-11-28") // names the run: a re-run resumes it
                    .addImport(DatasetType.INTERACTIONS, "s3://news-data/interactions/2026-11-28.csv")
                    .roleArn(roleArn));
            System.out.println(result.report()); // both metric sets side by side, and what was done
            return result;
        }
    }

    static QualityGate gate() {
        QualityGate gate = QualityGate.builder()
                .metrics(List.of(QualityGate.NDCG_AT_25, QualityGate.PRECISION_AT_25, QualityGate.COVERAGE))
                .maxRelativeDrop(0.02) // or maxAbsoluteDrop(0.01), in the metric's own unit
                .build();
        return gate;
    }

    static void readTheVerdict(RetrainResult result) {
        switch (result.outcome()) {
            case PROMOTED:
                System.out.println("serving " + result.servingVersion().orElseThrow());
                break;
            case REFUSED:
                GateReport gate = result.gate().orElseThrow();
                for (MetricComparison m : gate.failures()) {
                    System.out.println(m.metric() + ": " + m.note()); // "worse by 75.0 % (allowed 2.0 %)"
                }
                break;
            default: // NO_CANDIDATE: automatic training has not made a newer version yet
                break;
        }
    }

    static RetrainingLoop automatic(PersonalizeClient personalize, Deployment news) {
        RetrainingLoop loop = RetrainingLoop.builder()
                .personalizeClient(personalize)
                .deployment(news)
                .candidateSource(CandidateSource.LATEST_AUTOMATIC) // judge what automatic training made; train nothing
                .build();
        return loop;
    }

    static RetrainResult resume(RetrainingLoop loop) {
        try {
            return loop.run(r -> r.runId("2026-11-28"));
        } catch (PipelineStepException e) {
            System.out.println(e.step() + " failed: " + e.getCause()); // an import or a training CREATE FAILED, ...
            return loop.run(r -> r.runId("2026-11-28")); // the same id: nothing is imported or trained twice
        }
    }

    static RetrainListener progress() {
        RetrainListener listener = new RetrainListener() {
            @Override
            public void onStepCompleted(RetrainStep step, String detail) {
                System.out.println(step + ": " + detail);
            }
        };
        return listener;
    }
}
