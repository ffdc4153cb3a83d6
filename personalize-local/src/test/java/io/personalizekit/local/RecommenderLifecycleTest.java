package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.testing.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.Recommender;
import software.amazon.awssdk.services.personalize.model.ResourceInUseException;
import software.amazon.awssdk.services.personalize.model.ResourceNotFoundException;
import software.amazon.awssdk.services.personalizeruntime.model.PredictedItem;

/**
 * A recommender's statuses on the service's nominal times (time scale 1, a clock the test moves): create, stop,
 * start, update, retraining every 7 days while ACTIVE, delete, and a restart with {@code dataDir}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RecommenderLifecycleTest {
    private static final String MOST_POPULAR = "arn:aws:personalize:::recipe/aws-vod-most-popular";

    private final FakeClock clock = new FakeClock(Instant.parse("2026-04-01T00:00:00Z"));
    private PersonalizeLocal local;
    private PersonalizeClient p;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (local != null) {
            local.stop();
        }
    }

    private void start() {
        local = PersonalizeLocal.builder()
                .clock(clock)
                .timeScale(1.0)
                .dataDir(dir)
                .build()
                .start();
        p = local.personalizeClient();
    }

    private Recommender describe(String arn) {
        return p.describeRecommender(r -> r.recommenderArn(arn)).recommender();
    }

    private List<String> popular(String arn) {
        return local
                .runtimeClient()
                .getRecommendations(r -> r.recommenderArn(arn).userId("u1").numResults(3))
                .itemList()
                .stream()
                .map(PredictedItem::itemId)
                .collect(Collectors.toList());
    }

    @Test
    void recommender_createsStopsStartsUpdatesRetrainsAndSurvivesARestart() {
        start();
        DomainData.Group group = DomainData.buildAdvancing(
                local, clock, "lifecycle", "VIDEO_ON_DEMAND", DomainData.vodInteractions(), null);
        String arn = p.createRecommender(
                        r -> r.name("popular").datasetGroupArn(group.arn()).recipeArn(MOST_POPULAR))
                .recommenderArn();
        assertThat(describe(arn).status()).isEqualTo("CREATE PENDING");
        assertThat(describe(arn).modelMetrics()).isEmpty();
        clock.advance(Duration.ofMinutes(7));
        assertThat(describe(arn).status()).isEqualTo("CREATE IN_PROGRESS");
        clock.advance(Duration.ofMinutes(23));
        assertThat(Await.terminal(() -> describe(arn).status())).isEqualTo("ACTIVE");
        assertThat(popular(arn)).first().isEqualTo("v80");

        p.stopRecommender(r -> r.recommenderArn(arn));
        assertThat(describe(arn).status()).isEqualTo("STOP PENDING");
        assertThatThrownBy(() -> popular(arn))
                .as("a stopped recommender serves nothing")
                .isInstanceOf(software.amazon.awssdk.services.personalizeruntime.model.ResourceNotFoundException.class)
                .hasMessageContaining("STOP PENDING");
        clock.advance(Duration.ofSeconds(30));
        assertThat(describe(arn).status()).isEqualTo("STOP IN_PROGRESS");
        assertThatThrownBy(() -> p.stopRecommender(r -> r.recommenderArn(arn)))
                .isInstanceOf(ResourceInUseException.class);
        clock.advance(Duration.ofMinutes(2));
        assertThat(describe(arn).status()).isEqualTo("INACTIVE");
        assertThat(describe(arn).lastUpdatedDateTime()).isBefore(clock.instant());
        assertThatThrownBy(() -> popular(arn))
                .isInstanceOf(software.amazon.awssdk.services.personalizeruntime.model.ResourceNotFoundException.class)
                .hasMessageContaining("StartRecommender");

        String tracker = p.createEventTracker(r -> r.name("lifecycle").datasetGroupArn(group.arn()))
                .trackingId();
        clock.advance(Duration.ofMinutes(1));
        for (int u = 0; u < 400; u++) {
            String user = "viewer-" + u;
            local.eventsClient()
                    .putEvents(r -> r.trackingId(tracker)
                            .userId(user)
                            .sessionId(user)
                            .eventList(
                                    e -> e.eventType("Watch").itemId("premiere").sentAt(clock.instant())));
        }
        clock.advance(Duration.ofDays(8));
        assertThat(describe(arn).status()).isEqualTo("INACTIVE");

        assertThatThrownBy(() -> p.updateRecommender(
                        r -> r.recommenderArn(arn).recommenderConfig(c -> c.minRecommendationRequestsPerSecond(5))))
                .as("only an ACTIVE recommender is updated")
                .isInstanceOf(ResourceInUseException.class);
        p.startRecommender(r -> r.recommenderArn(arn));
        assertThat(describe(arn).status()).isEqualTo("START PENDING");
        assertThatThrownBy(() -> p.startRecommender(r -> r.recommenderArn(arn)))
                .isInstanceOf(ResourceInUseException.class);
        clock.advance(Duration.ofMinutes(3));
        assertThat(describe(arn).status()).isEqualTo("START IN_PROGRESS");
        clock.advance(Duration.ofMinutes(7));
        assertThat(describe(arn).status()).isEqualTo("ACTIVE");
        assertThat(popular(arn))
                .as("a stopped recommender did not retrain while stopped")
                .doesNotContain("premiere");

        clock.advance(Duration.ofDays(7));
        assertThat(Await.status(() -> popular(arn).get(0), "premiere"))
                .as("retrained 7 days after the start, on the new data")
                .isEqualTo("premiere");
        assertThat(describe(arn).status()).isEqualTo("ACTIVE");

        p.updateRecommender(r -> r.recommenderArn(arn).recommenderConfig(c -> c.minRecommendationRequestsPerSecond(5)));
        Recommender updating = describe(arn);
        assertThat(updating.latestRecommenderUpdate().status()).isEqualTo("CREATE PENDING");
        assertThat(updating.latestRecommenderUpdate().recommenderConfig().minRecommendationRequestsPerSecond())
                .isEqualTo(5);
        assertThat(updating.recommenderConfig().minRecommendationRequestsPerSecond())
                .isEqualTo(1);
        assertThat(popular(arn)).as("it serves during the update").isNotEmpty();
        assertThatThrownBy(() -> p.updateRecommender(
                        r -> r.recommenderArn(arn).recommenderConfig(c -> c.minRecommendationRequestsPerSecond(6))))
                .isInstanceOf(ResourceInUseException.class);
        clock.advance(Duration.ofMinutes(10));
        assertThat(Await.terminal(() -> describe(arn).latestRecommenderUpdate().status()))
                .isEqualTo("ACTIVE");
        assertThat(describe(arn).recommenderConfig().minRecommendationRequestsPerSecond())
                .isEqualTo(5);

        p.stopRecommender(r -> r.recommenderArn(arn));
        clock.advance(Duration.ofMinutes(3));
        local.stop();

        start();
        assertThat(describe(arn).status())
                .as("stopped before the restart, stopped after")
                .isEqualTo("INACTIVE");
        assertThat(describe(arn).recommenderConfig().minRecommendationRequestsPerSecond())
                .isEqualTo(5);
        p.startRecommender(r -> r.recommenderArn(arn));
        clock.advance(Duration.ofMinutes(10));
        assertThat(popular(arn))
                .as("the retrained model came back with the journal")
                .first()
                .isEqualTo("premiere");

        p.deleteRecommender(r -> r.recommenderArn(arn));
        assertThat(describe(arn).status()).isEqualTo("DELETE PENDING");
        clock.advance(Duration.ofSeconds(30));
        assertThat(describe(arn).status()).isEqualTo("DELETE IN_PROGRESS");
        clock.advance(Duration.ofMinutes(2));
        assertThatThrownBy(() -> describe(arn)).isInstanceOf(ResourceNotFoundException.class);
    }
}
