package io.personalizekit.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.schema.DatasetType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class QualityGateTest {
    private static final String LIVE = "arn:aws:personalize:us-east-1:123456789012:solution/news/1a2b3c4d";
    private static final String NEW = "arn:aws:personalize:us-east-1:123456789012:solution/news/5e6f7a8b";

    @Test
    void evaluate_byDefault_checksEveryLiveMetricAtTwoPercentRelative() {
        GateReport r = QualityGate.defaults()
                .evaluate(
                        LIVE,
                        Map.of("coverage", 0.50, "precision_at_25", 0.100),
                        NEW,
                        Map.of("coverage", 0.491, "precision_at_25", 0.0979, "extra", 1.0));

        assertThat(r.comparisons()).extracting(MetricComparison::metric).containsExactly("coverage", "precision_at_25");
        assertThat(r.comparisons().get(0).passed()).isTrue(); // 1.8 % lower
        assertThat(r.comparisons().get(1).passed()).isFalse(); // 2.1 % lower
        assertThat(r.passed()).isFalse();
        assertThat(r.table()).contains("gate: REFUSED (1 of 2 metrics worse than allowed)");
    }

    @Test
    void evaluate_whenTheCandidateLacksACheckedMetric_refusesIt() {
        GateReport r = QualityGate.builder()
                .addMetric(QualityGate.COVERAGE)
                .build()
                .evaluate(LIVE, Map.of("coverage", 0.5), NEW, Map.of());

        assertThat(r.passed()).isFalse();
        assertThat(r.failures())
                .singleElement()
                .satisfies(c -> assertThat(c.note()).isEqualTo("missing in the candidate"));
    }

    @Test
    void evaluate_whenTheLiveVersionLacksACheckedMetric_passesThatMetric() {
        GateReport r = QualityGate.builder()
                .addMetric(QualityGate.COVERAGE)
                .build()
                .evaluate(LIVE, Map.of(), NEW, Map.of("coverage", 0.1));

        assertThat(r.passed()).isTrue();
        assertThat(r.comparisons().get(0).note()).isEqualTo("no live value to compare");
    }

    @Test
    void evaluate_withNothingToCompare_refuses() {
        assertThat(QualityGate.defaults()
                        .evaluate(LIVE, Map.of(), NEW, Map.of())
                        .passed())
                .isFalse();
    }

    @Test
    void evaluate_withAnAbsoluteTolerance_allowsThatMuchLower() {
        QualityGate gate = QualityGate.builder().maxAbsoluteDrop(0.05).build();

        assertThat(gate.evaluate(LIVE, Map.of("m", 0.30), NEW, Map.of("m", 0.25))
                        .passed())
                .isTrue();
        assertThat(gate.evaluate(LIVE, Map.of("m", 0.30), NEW, Map.of("m", 0.2499))
                        .passed())
                .isFalse();
    }

    @Test
    void builder_rejectsBadValues() {
        assertThatThrownBy(() -> QualityGate.builder().maxRelativeDrop(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> QualityGate.builder().maxRelativeDrop(-0.1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QualityGate.builder().maxAbsoluteDrop(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> QualityGate.builder().addMetric(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QualityGate.builder().metrics(List.of("coverage", "coverage")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("coverage");
    }

    @Test
    void request_rejectsBadRunIdsAndLocations() {
        assertThatThrownBy(() -> RetrainRequest.builder().runId("-weekly"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-weekly");
        assertThatThrownBy(() -> RetrainRequest.builder().runId("x".repeat(25)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("24");
        assertThatThrownBy(() -> RetrainRequest.builder().addImport(DatasetType.INTERACTIONS, "/tmp/a.csv"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/tmp/a.csv");
        assertThatThrownBy(() -> RetrainRequest.builder().build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("runId");
    }

    @Test
    void names_fitSixtyThreeCharacters() {
        String longName = "n".repeat(63);
        assertThat(RetrainingLoop.versionName(longName, "2026-11-28"))
                .hasSize(63)
                .endsWith("-2026-11-28");
        assertThat(RetrainingLoop.importJobName(longName, "2026-11-28", 1))
                .hasSize(63)
                .endsWith("-2026-11-28-2");
        assertThat(RetrainingLoop.importJobName("news-interactions", "w1", 0)).isEqualTo("news-interactions-w1");
    }
}
