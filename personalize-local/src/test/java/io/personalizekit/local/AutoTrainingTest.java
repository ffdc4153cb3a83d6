package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.testing.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.InvalidInputException;
import software.amazon.awssdk.services.personalize.model.ResourceInUseException;
import software.amazon.awssdk.services.personalize.model.Solution;
import software.amazon.awssdk.services.personalize.model.SolutionVersionSummary;
import software.amazon.awssdk.services.personalizeruntime.model.PredictedItem;

/**
 * Automatic training, UpdateSolution, {@code latestSolutionVersion}, {@code trainingHours}, campaigns that sync
 * with the latest solution version, and {@code CREATE STOPPING}, on the service's nominal times (time scale 1) and a
 * clock the test moves forward.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AutoTrainingTest {
    private static final String POPULARITY = "arn:aws:personalize:::recipe/aws-popularity-count";

    private final FakeClock clock = new FakeClock(Instant.parse("2026-03-01T00:00:00Z"));
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

    private void start(boolean persistent) {
        PersonalizeLocal.Builder b = PersonalizeLocal.builder().clock(clock).timeScale(1.0);
        if (persistent) {
            b.dataDir(dir);
        }
        local = b.build().start();
        p = local.personalizeClient();
    }

    /** Advances the clock, then waits (without sleeping) until the status is terminal. */
    private String after(Duration advance, Supplier<String> status) {
        clock.advance(advance);
        return Await.terminal(status);
    }

    /** A dataset group with the articles' interactions imported. */
    private String group(String name, String csv) {
        local.s3Client().createBucket(r -> r.bucket(name));
        local.s3Client().putObject(r -> r.bucket(name).key("i.csv"), RequestBody.fromString(csv));
        String group = p.createDatasetGroup(r -> r.name(name)).datasetGroupArn();
        after(
                Duration.ofSeconds(10),
                () -> p.describeDatasetGroup(r -> r.datasetGroupArn(group))
                        .datasetGroup()
                        .status());
        String schema = p.createSchema(r -> r.name(name).schema(Fixtures.INTERACTIONS_SCHEMA))
                .schemaArn();
        String dataset = p.createDataset(r ->
                        r.name(name).datasetGroupArn(group).schemaArn(schema).datasetType("Interactions"))
                .datasetArn();
        after(
                Duration.ofSeconds(10),
                () -> p.describeDataset(r -> r.datasetArn(dataset)).dataset().status());
        String job = p.createDatasetImportJob(r -> r.jobName(name)
                        .datasetArn(dataset)
                        .roleArn(Fixtures.ROLE)
                        .dataSource(s -> s.dataLocation("s3://" + name + "/i.csv")))
                .datasetImportJobArn();
        assertThat(after(
                        Duration.ofMinutes(5),
                        () -> p.describeDatasetImportJob(r -> r.datasetImportJobArn(job))
                                .datasetImportJob()
                                .status()))
                .isEqualTo("ACTIVE");
        return group;
    }

    private String solution(
            String name, String group, boolean autoTraining, @org.jspecify.annotations.Nullable String schedule) {
        String arn = p.createSolution(r -> {
                    r.name(name).datasetGroupArn(group).recipeArn(POPULARITY);
                    if (!autoTraining) {
                        r.performAutoTraining(false);
                    }
                    if (schedule != null) {
                        r.solutionConfig(c -> c.autoTrainingConfig(a -> a.schedulingExpression(schedule)));
                    }
                })
                .solutionArn();
        assertThat(after(Duration.ofSeconds(10), () -> describe(arn).status())).isEqualTo("ACTIVE");
        return arn;
    }

    private Solution describe(String solution) {
        return p.describeSolution(r -> r.solutionArn(solution)).solution();
    }

    private List<SolutionVersionSummary> versions(String solution) {
        return p.listSolutionVersions(r -> r.solutionArn(solution)).solutionVersions();
    }

    private String versionStatus(String version) {
        return p.describeSolutionVersion(r -> r.solutionVersionArn(version))
                .solutionVersion()
                .status();
    }

    private List<String> popular(String campaign) {
        return local
                .runtimeClient()
                .getRecommendations(r -> r.campaignArn(campaign).numResults(5))
                .itemList()
                .stream()
                .map(PredictedItem::itemId)
                .collect(Collectors.toList());
    }

    @Test
    void automaticTraining_runsAnHourAfterActive_thenOnScheduleOnlyWithNewData_andSyncedCampaignsFollow() {
        start(false);
        String group = group("auto", Articles.interactionsCsv());
        String solution = solution("auto", group, true, "rate(1 day)");

        clock.advance(Duration.ofMinutes(59));
        assertThat(versions(solution))
                .as("the first automatic training comes an hour after ACTIVE")
                .isEmpty();
        assertThat(describe(solution).latestSolutionVersion()).isNull();

        clock.advance(Duration.ofMinutes(1));
        assertThat(versions(solution)).singleElement().satisfies(v -> {
            assertThat(v.trainingTypeAsString()).isEqualTo("AUTOMATIC");
            assertThat(v.trainingModeAsString()).isEqualTo("AUTOTRAIN");
        });
        String first = versions(solution).get(0).solutionVersionArn();
        assertThat(describe(solution).latestSolutionVersion().solutionVersionArn())
                .isEqualTo(first);
        assertThat(p.describeSolutionVersion(r -> r.solutionVersionArn(first))
                        .solutionVersion()
                        .trainingHours())
                .as("trainingHours appears only once the version is ACTIVE")
                .isNull();
        assertThat(after(Duration.ofMinutes(30), () -> versionStatus(first))).isEqualTo("ACTIVE");
        assertThat(p.describeSolutionVersion(r -> r.solutionVersionArn(first))
                        .solutionVersion()
                        .trainingHours())
                .isGreaterThan(0.0);
        assertThat(describe(solution).latestSolutionVersion().status()).isEqualTo("ACTIVE");

        String synced = p.createCampaign(r -> r.name("synced")
                        .solutionVersionArn(solution + "/$LATEST")
                        .campaignConfig(c -> c.syncWithLatestSolutionVersion(true)))
                .campaignArn();
        String pinned = p.createCampaign(r -> r.name("pinned").solutionVersionArn(solution + "/$LATEST"))
                .campaignArn();
        after(
                Duration.ofMinutes(10),
                () -> p.describeCampaign(r -> r.campaignArn(synced)).campaign().status());
        Await.terminal(
                () -> p.describeCampaign(r -> r.campaignArn(pinned)).campaign().status());
        assertThat(popular(synced)).doesNotContain("fresh");

        clock.advance(Duration.ofDays(1));
        assertThat(versions(solution)).as("no new data, no automatic version").hasSize(1);

        String tracker =
                p.createEventTracker(r -> r.name("auto").datasetGroupArn(group)).trackingId();
        clock.advance(Duration.ofSeconds(30));
        for (int u = 0; u < 30; u++) {
            String user = "new-user-" + u;
            local.eventsClient()
                    .putEvents(r -> r.trackingId(tracker)
                            .userId(user)
                            .sessionId(user)
                            .eventList(e -> e.eventType("click").itemId("fresh").sentAt(clock.instant())));
        }
        clock.advance(Duration.ofDays(1));
        List<SolutionVersionSummary> two = versions(solution);
        assertThat(two).hasSize(2);
        String second = two.get(1).solutionVersionArn();
        assertThat(two.get(1).trainingTypeAsString()).isEqualTo("AUTOMATIC");
        assertThat(after(Duration.ofMinutes(30), () -> versionStatus(second))).isEqualTo("ACTIVE");

        assertThat(popular(synced))
                .as("a synced campaign serves the newest ACTIVE version")
                .startsWith("fresh");
        assertThat(popular(pinned))
                .as("without syncWithLatestSolutionVersion, $LATEST is the version when the campaign was created")
                .doesNotContain("fresh");

        clock.advance(Duration.ofDays(1));
        assertThat(versions(solution)).hasSize(2);
        assertThatThrownBy(() -> p.createCampaign(r -> r.name("bad-sync")
                        .solutionVersionArn(second)
                        .campaignConfig(c -> c.syncWithLatestSolutionVersion(true))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("$LATEST");
    }

    @Test
    void manualVersionWithinTheHour_skipsTheFirstAutomaticTraining() {
        start(false);
        String group = group("skip", Articles.interactionsCsv());
        String solution = solution("skip", group, true, null);
        String manual = p.createSolutionVersion(r -> r.solutionArn(solution)).solutionVersionArn();
        after(Duration.ofMinutes(30), () -> versionStatus(manual));

        clock.advance(Duration.ofHours(2));
        assertThat(versions(solution)).singleElement().satisfies(v -> {
            assertThat(v.solutionVersionArn()).isEqualTo(manual);
            assertThat(v.trainingTypeAsString()).isEqualTo("MANUAL");
        });
        clock.advance(Duration.ofDays(7));
        assertThat(versions(solution))
                .as("no data arrived since the manual version")
                .hasSize(1);

        String tracker =
                p.createEventTracker(r -> r.name("skip").datasetGroupArn(group)).trackingId();
        clock.advance(Duration.ofSeconds(30));
        local.eventsClient()
                .putEvents(r -> r.trackingId(tracker)
                        .userId("u1")
                        .sessionId("u1")
                        .eventList(e -> e.eventType("click").itemId("1").sentAt(clock.instant())));
        clock.advance(Duration.ofDays(7));
        assertThat(versions(solution))
                .as("the schedule goes on after the skipped first run, and new data arrived")
                .hasSize(2)
                .last()
                .satisfies(v -> assertThat(v.trainingTypeAsString()).isEqualTo("AUTOMATIC"));
    }

    @Test
    void updateSolution_turnsAutomaticTrainingOffAndOn_andChangesTheSchedule() {
        start(false);
        String group = group("update", Articles.interactionsCsv());
        String solution = solution("update", group, true, null);

        assertThatThrownBy(() -> p.updateSolution(r -> r.solutionArn(solution)
                        .solutionUpdateConfig(c -> c.autoTrainingConfig(a -> a.schedulingExpression("rate(31 days)")))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("schedulingExpression")
                .hasMessageContaining("30");
        assertThatThrownBy(() -> p.updateSolution(r -> r.solutionArn(solution)
                        .solutionUpdateConfig(c -> c.autoTrainingConfig(a -> a.schedulingExpression("weekly")))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("rate\\(\\d+ days?\\)");
        assertThatThrownBy(() -> p.createSolution(r -> r.name("bad-schedule")
                        .datasetGroupArn(group)
                        .recipeArn(POPULARITY)
                        .solutionConfig(c -> c.autoTrainingConfig(a -> a.schedulingExpression("rate(0 days)")))))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> p.updateSolution(r -> r.solutionArn(solution).performIncrementalUpdate(true)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("aws-semantic-similarity");

        p.updateSolution(r -> r.solutionArn(solution).performAutoTraining(false));
        Solution updating = describe(solution);
        assertThat(updating.latestSolutionUpdate().status()).isEqualTo("CREATE PENDING");
        assertThat(updating.latestSolutionUpdate().performAutoTraining()).isFalse();
        assertThat(updating.performAutoTraining())
                .as("the old configuration applies until the update is ACTIVE")
                .isTrue();
        assertThatThrownBy(() -> p.updateSolution(r -> r.solutionArn(solution).performAutoTraining(true)))
                .isInstanceOf(ResourceInUseException.class);
        assertThat(after(
                        Duration.ofSeconds(10),
                        () -> describe(solution).latestSolutionUpdate().status()))
                .isEqualTo("ACTIVE");
        assertThat(describe(solution).performAutoTraining()).isFalse();

        clock.advance(Duration.ofDays(8));
        assertThat(versions(solution)).as("automatic training is off").isEmpty();

        p.updateSolution(r -> r.solutionArn(solution)
                .performAutoTraining(true)
                .solutionUpdateConfig(c -> c.autoTrainingConfig(a -> a.schedulingExpression("rate(2 days)"))));
        after(
                Duration.ofSeconds(10),
                () -> describe(solution).latestSolutionUpdate().status());
        Solution updated = describe(solution);
        assertThat(updated.performAutoTraining()).isTrue();
        assertThat(updated.solutionConfig().autoTrainingConfig().schedulingExpression())
                .isEqualTo("rate(2 days)");
        assertThat(updated.latestSolutionUpdate()
                        .solutionUpdateConfig()
                        .autoTrainingConfig()
                        .schedulingExpression())
                .isEqualTo("rate(2 days)");

        clock.advance(Duration.ofHours(1));
        assertThat(versions(solution))
                .as("the first automatic training comes an hour after the update is ACTIVE")
                .singleElement()
                .satisfies(v -> assertThat(v.trainingTypeAsString()).isEqualTo("AUTOMATIC"));
    }

    @Test
    void stopSolutionVersionCreation_fromPendingStopsAtOnce_fromInProgressGoesThroughCreateStopping() {
        start(false);
        String group = group("stop", Articles.interactionsCsv());
        String solution = solution("stop", group, false, null);

        String pending = p.createSolutionVersion(r -> r.solutionArn(solution)).solutionVersionArn();
        assertThat(versionStatus(pending)).isEqualTo("CREATE PENDING");
        p.stopSolutionVersionCreation(r -> r.solutionVersionArn(pending));
        assertThat(versionStatus(pending)).isEqualTo("CREATE STOPPED");

        String running = p.createSolutionVersion(r -> r.solutionArn(solution)).solutionVersionArn();
        clock.advance(Duration.ofMinutes(7));
        assertThat(versionStatus(running)).isEqualTo("CREATE IN_PROGRESS");
        p.stopSolutionVersionCreation(r -> r.solutionVersionArn(running));
        assertThat(versionStatus(running)).isEqualTo("CREATE STOPPING");
        assertThatThrownBy(() -> p.stopSolutionVersionCreation(r -> r.solutionVersionArn(running)))
                .isInstanceOf(ResourceInUseException.class)
                .hasMessageContaining("CREATE STOPPING");
        assertThatThrownBy(() -> p.deleteSolution(r -> r.solutionArn(solution)))
                .as("a stopping version is still in progress")
                .isInstanceOf(ResourceInUseException.class);
        clock.advance(Duration.ofMinutes(3));
        assertThat(versionStatus(running)).isEqualTo("CREATE STOPPED");
        assertThat(p.describeSolutionVersion(r -> r.solutionVersionArn(running))
                        .solutionVersion()
                        .lastUpdatedDateTime())
                .isEqualTo(clock.instant());
    }

    @Test
    void trainingHours_growWithTheData() {
        start(false);
        StringBuilder big = new StringBuilder("USER_ID,ITEM_ID,TIMESTAMP\n");
        for (int u = 0; u < 3000; u++) {
            for (int k = 0; k < 20; k++) {
                big.append("u")
                        .append(u)
                        .append(",i")
                        .append((u * 7 + k * 13) % 500)
                        .append(',')
                        .append(1600000000L + u * 100L + k)
                        .append('\n');
            }
        }
        double small = trainedHours("hours-small", Articles.interactionsCsv());
        double large = trainedHours("hours-large", big.toString());
        assertThat(small).isGreaterThan(0.0);
        assertThat(large).isGreaterThan(small);
    }

    private double trainedHours(String name, String csv) {
        String solution = solution(name, group(name, csv), false, null);
        String version = p.createSolutionVersion(r -> r.solutionArn(solution)).solutionVersionArn();
        assertThat(after(Duration.ofMinutes(30), () -> versionStatus(version))).isEqualTo("ACTIVE");
        return p.describeSolutionVersion(r -> r.solutionVersionArn(version))
                .solutionVersion()
                .trainingHours();
    }

    @Test
    void automaticVersions_surviveARestart_withoutAnExtraRun() {
        start(true);
        String group = group("persisted-auto", Articles.interactionsCsv());
        String solution = solution("persisted-auto", group, true, null);
        clock.advance(Duration.ofHours(1));
        String auto = versions(solution).get(0).solutionVersionArn();
        after(Duration.ofMinutes(30), () -> versionStatus(auto));
        local.stop();

        start(true);
        clock.advance(Duration.ofMinutes(1));
        assertThat(versions(solution)).singleElement().satisfies(v -> {
            assertThat(v.solutionVersionArn()).isEqualTo(auto);
            assertThat(v.trainingTypeAsString()).isEqualTo("AUTOMATIC");
        });
        assertThat(Await.terminal(() -> versionStatus(auto))).isEqualTo("ACTIVE");
        clock.advance(Duration.ofDays(7));
        assertThat(versions(solution)).as("no new data after the restart").hasSize(1);
    }
}
