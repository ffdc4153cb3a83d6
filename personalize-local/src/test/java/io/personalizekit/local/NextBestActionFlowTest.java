package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.DatasetImportJob;
import software.amazon.awssdk.services.personalize.model.SolutionVersion;
import software.amazon.awssdk.services.personalizeevents.PersonalizeEventsClient;
import software.amazon.awssdk.services.personalizeevents.model.ActionInteraction;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;
import software.amazon.awssdk.services.personalizeruntime.model.PredictedAction;

/**
 * Next-Best-Action end to end through the SDK: Actions and Action interactions datasets imported from CSV, training,
 * GetActionRecommendations, and PutActions / PutActionInteractions changing the next answers.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class NextBestActionFlowTest {
    @RegisterExtension
    static final PersonalizeLocalExtension LOCAL = PersonalizeLocalExtension.create();

    static final Planted.Actions DATA = Planted.actions(5, 800, 10);

    static PersonalizeClient p;
    static PersonalizeRuntimeClient runtime;
    static PersonalizeEventsClient events;
    static String group;
    static String actions;
    static String actionInteractions;
    static String trackingId;
    static SolutionVersion version;
    static String campaign;

    @BeforeAll
    static void train() {
        p = LOCAL.local().personalizeClient();
        runtime = LOCAL.local().runtimeClient();
        events = LOCAL.local().eventsClient();
        group = Flows.group(p, "nba");
        String interactions = Flows.dataset(p, group, "nba-interactions", "Interactions", Planted.INTERACTIONS_SCHEMA);
        actions = Flows.dataset(p, group, "nba-actions", "Actions", Planted.ACTIONS_SCHEMA);
        actionInteractions = Flows.dataset(
                p, group, "nba-action-interactions", "Action_Interactions", Planted.ACTION_INTERACTIONS_SCHEMA);
        Flows.importOk(LOCAL.local(), "nba", "nba-interactions", interactions, DATA.interactionsCsv);
        Flows.importOk(LOCAL.local(), "nba", "nba-actions", actions, DATA.actionsCsv);
        Flows.importOk(LOCAL.local(), "nba", "nba-action-interactions", actionInteractions, DATA.actionInteractionsCsv);
        trackingId = p.describeDataset(r -> r.datasetArn(actionInteractions))
                .dataset()
                .trackingId();
        version = Flows.solutionVersion(p, group, "nba", "aws-next-best-action");
        campaign = Flows.campaign(p, "nba", version);
    }

    private static List<PredictedAction> recommend(String user, Integer n) {
        return runtime.getActionRecommendations(
                        r -> r.campaignArn(campaign).userId(user).numResults(n))
                .actionList();
    }

    private static List<String> ids(List<PredictedAction> actions) {
        return actions.stream().map(PredictedAction::actionId).collect(Collectors.toList());
    }

    private static ActionInteraction event(String user, String action, String type, Instant at) {
        return ActionInteraction.builder()
                .userId(user)
                .sessionId("session-" + user)
                .actionId(action)
                .eventType(type)
                .timestamp(at)
                .build();
    }

    @Test
    void actionInteractionsDataset_hasItsOwnTrackingId_theOthersNone() {
        assertThat(trackingId).isNotBlank();
        assertThat(p.describeDataset(r -> r.datasetArn(actions)).dataset().trackingId())
                .isNull();
        assertThat(p.getSolutionMetrics(r -> r.solutionVersionArn(version.solutionVersionArn()))
                        .metrics())
                .containsKeys("precision", "recall", "auc", "coverage");
    }

    @Test
    void getActionRecommendations_ranksTheUsersActionTypeFirst() {
        int ownTypeFirst = 0;
        for (int u = 0; u < 100; u++) {
            String user = "user" + u;
            List<PredictedAction> top = recommend(user, null);
            assertThat(top).hasSize(5);
            assertThat(top).allMatch(a -> a.score() > 0 && a.score() < 1);
            if (DATA.typeOfAction.get(top.get(0).actionId()).equals(DATA.typeOfUser.get(user))) {
                ownTypeFirst++;
            }
        }

        assertThat(ownTypeFirst).isGreaterThanOrEqualTo(90);
        assertThat(ids(recommend("user1", 100))).containsAll(DATA.typeOfAction.keySet());
    }

    @Test
    void putActionInteractions_changeTheUsersNextRecommendations() {
        Instant now = Instant.now();
        List<ActionInteraction> list = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            list.add(event("fresh", "loyalty-" + k, "Taken", now));
            list.add(event("fresh", "email-" + k, "Not Taken", now));
            list.add(event("fresh", "app-" + k, "NOT_TAKEN", now));
        }
        List<String> before = ids(recommend("fresh", 3));

        events.putActionInteractions(r -> r.trackingId(trackingId).actionInteractions(list.subList(0, 9)));

        List<String> after = ids(recommend("fresh", 3));
        assertThat(after).allMatch(a -> a.startsWith("loyalty-"));
        assertThat(before).isNotEqualTo(after);
    }

    @Test
    void putActions_newActionsExpirationAndRepeatFrequency_applyToTheNextRequest() {
        long now = Instant.now().getEpochSecond();
        String user = "user402";
        events.putActions(r -> r.datasetArn(actions)
                .actions(
                        a -> a.actionId("promo-later")
                                .properties("{\"type\":\"promo\",\"value\":10," + "\"expirationTimestamp\":"
                                        + (now + 3600) + "}"),
                        a -> a.actionId("promo-weekly")
                                .properties("{\"type\":\"promo\",\"value\":9,\"repeatFrequency\":7}")));
        List<PredictedAction> withNew = recommend(user, 100);
        assertThat(ids(withNew)).contains("promo-later", "promo-weekly");
        assertThat(withNew).filteredOn(a -> a.actionId().startsWith("promo-")).allMatch(a -> a.score() == 0.0);

        events.putActions(r -> r.datasetArn(actions)
                .actions(a -> a.actionId("promo-later")
                        .properties("{\"type\":\"promo\",\"value\":10,\"expirationTimestamp\":" + (now - 60) + "}")));
        events.putActionInteractions(
                r -> r.trackingId(trackingId).actionInteractions(event(user, "promo-weekly", "Viewed", Instant.now())));

        assertThat(ids(recommend(user, 100))).doesNotContain("promo-later", "promo-weekly");
        assertThat(ids(recommend("user403", 100))).doesNotContain("promo-later").contains("promo-weekly");
    }

    @Test
    void eventsApi_refusesWhatTheServiceRefuses() {
        assertThatThrownBy(() -> events.putActionInteractions(r ->
                        r.trackingId(trackingId).actionInteractions(event("u", "email-0", "Clicked", Instant.now()))))
                .isInstanceOf(software.amazon.awssdk.services.personalizeevents.model.InvalidInputException.class)
                .hasMessageContaining("Taken, Not Taken, Viewed");
        assertThatThrownBy(() -> events.putActionInteractions(r -> r.trackingId(trackingId)
                        .actionInteractions(
                                a -> a.actionId("email-0").eventType("Taken").timestamp(Instant.now()))))
                .isInstanceOf(software.amazon.awssdk.services.personalizeevents.model.InvalidInputException.class)
                .hasMessageContaining("sessionId");
        String trackerId = p.createEventTracker(r -> r.name("nba-tracker").datasetGroupArn(group))
                .trackingId();
        assertThatThrownBy(() -> events.putActionInteractions(
                        r -> r.trackingId(trackerId).actionInteractions(event("u", "email-0", "Taken", Instant.now()))))
                .as("an item event tracker is not the Action interactions dataset's tracker")
                .isInstanceOf(software.amazon.awssdk.services.personalizeevents.model.ResourceNotFoundException.class);
        assertThatThrownBy(() -> events.putActions(
                        r -> r.datasetArn(actions).actions(a -> a.actionId("x").properties("{\"value\":11}"))))
                .isInstanceOf(software.amazon.awssdk.services.personalizeevents.model.InvalidInputException.class)
                .hasMessageContaining("between 1 and 10");
        assertThatThrownBy(() -> events.putActions(
                        r -> r.datasetArn(actions).actions(a -> a.actionId("x").properties("{\"colour\":\"red\"}"))))
                .isInstanceOf(software.amazon.awssdk.services.personalizeevents.model.InvalidInputException.class)
                .hasMessageContaining("colour");
    }

    @Test
    void imports_refuseActionsAndActionInteractionsTheServiceRefuses() {
        String g = Flows.group(p, "nba-bad-data");
        String a = Flows.dataset(p, g, "nba-bad-actions", "Actions", Planted.ACTIONS_SCHEMA);
        String ai = Flows.dataset(
                p, g, "nba-bad-action-interactions", "Action_Interactions", Planted.ACTION_INTERACTIONS_SCHEMA);

        DatasetImportJob badValue = Flows.importCsv(
                LOCAL.local(),
                "nba",
                "nba-bad-actions",
                a,
                "ACTION_ID,VALUE,TYPE,CHANNEL,EXPIRATION_TIMESTAMP,REPEAT_FREQUENCY\na1,12,email,web,,\n");
        DatasetImportJob badRepeat = Flows.importCsv(
                LOCAL.local(),
                "nba",
                "nba-bad-actions-2",
                a,
                "ACTION_ID,VALUE,TYPE,CHANNEL,EXPIRATION_TIMESTAMP,REPEAT_FREQUENCY\na1,2,email,web,,31\n");
        DatasetImportJob badType = Flows.importCsv(
                LOCAL.local(),
                "nba",
                "nba-bad-action-interactions",
                ai,
                "USER_ID,ACTION_ID,EVENT_TYPE,TIMESTAMP\nu1,a1,Taken,1700000000\nu1,a2,Clicked,1700000001\n");
        DatasetImportJob few = Flows.importCsv(
                LOCAL.local(),
                "nba",
                "nba-few-action-interactions",
                ai,
                "USER_ID,ACTION_ID,EVENT_TYPE,TIMESTAMP\nu1,a1,Taken,1700000000\nu1,a2,Not taken,1700000001\n");

        assertThat(badValue.status()).isEqualTo("CREATE FAILED");
        assertThat(badValue.failureReason()).contains("VALUE").contains("between 1 and 10");
        assertThat(badRepeat.failureReason()).contains("REPEAT_FREQUENCY").contains("between 0 and 30");
        assertThat(badType.status()).isEqualTo("CREATE FAILED");
        assertThat(badType.failureReason()).contains("line 3").contains("Clicked");
        assertThat(few.status()).as("action interactions have no minimum").isEqualTo("ACTIVE");
    }

    @Test
    void campaignAndVersion_refuseTheOtherApis() {
        assertThatThrownBy(() ->
                        runtime.getRecommendations(r -> r.campaignArn(campaign).userId("user1")))
                .isInstanceOf(software.amazon.awssdk.services.personalizeruntime.model.InvalidInputException.class)
                .hasMessageContaining("GetActionRecommendations");
        assertThatThrownBy(() -> runtime.getActionRecommendations(r -> r.campaignArn(campaign)))
                .isInstanceOf(software.amazon.awssdk.services.personalizeruntime.model.InvalidInputException.class)
                .hasMessageContaining("userId");
        assertThatThrownBy(() -> p.createBatchInferenceJob(r -> r.jobName("nba-batch")
                        .solutionVersionArn(version.solutionVersionArn())
                        .roleArn(Fixtures.ROLE)
                        .jobInput(i -> i.s3DataSource(s -> s.path("s3://nba/in/")))
                        .jobOutput(o -> o.s3DataDestination(s -> s.path("s3://nba/out/")))))
                .isInstanceOf(software.amazon.awssdk.services.personalize.model.InvalidInputException.class)
                .hasMessageContaining("PERSONALIZED_ACTIONS");
    }

    @Test
    void domainDatasetGroup_refusesActionDatasets() {
        String domain = p.createDatasetGroup(r -> r.name("nba-domain").domain("ECOMMERCE"))
                .datasetGroupArn();
        Await.terminal(() -> p.describeDatasetGroup(r -> r.datasetGroupArn(domain))
                .datasetGroup()
                .status());
        String schema = p.createSchema(r -> r.name("nba-domain-actions").schema(Planted.ACTIONS_SCHEMA))
                .schemaArn();

        assertThatThrownBy(() -> p.createDataset(r -> r.name("nba-domain-actions")
                        .datasetGroupArn(domain)
                        .schemaArn(schema)
                        .datasetType("Actions")))
                .isInstanceOf(software.amazon.awssdk.services.personalize.model.InvalidInputException.class)
                .hasMessageContaining("Custom dataset group");
    }

    @Test
    void metricsAndScores_areNumbersInRange() {
        Map<String, Double> metrics = p.getSolutionMetrics(r -> r.solutionVersionArn(version.solutionVersionArn()))
                .metrics();

        assertThat(metrics.values()).allMatch(v -> v >= 0 && v <= 1);
    }
}
