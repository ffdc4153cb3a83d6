package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.personalize.PersonalizeClient;

/** {@code dataDir}: the Action interactions dataset's trackingId, put actions and action interactions survive. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ActionsPersistenceTest {
    @TempDir
    Path dir;

    private static List<String> recommend(PersonalizeLocal local, String campaign, String user) {
        return local
                .runtimeClient()
                .getActionRecommendations(
                        r -> r.campaignArn(campaign).userId(user).numResults(100))
                .actionList()
                .stream()
                .map(a -> a.actionId() + "=" + a.score())
                .collect(Collectors.toList());
    }

    @Test
    void restart_keepsTheTrackingIdAndTheStreamedActionData() {
        Planted.Actions data = Planted.actions(5, 400, 10);
        String actionInteractions;
        String trackingId;
        String campaign;
        List<String> before;
        try (PersonalizeLocal local =
                PersonalizeLocal.builder().dataDir(dir).build().start()) {
            PersonalizeClient p = local.personalizeClient();
            String group = Flows.group(p, "kept");
            String interactions =
                    Flows.dataset(p, group, "kept-interactions", "Interactions", Planted.INTERACTIONS_SCHEMA);
            String actions = Flows.dataset(p, group, "kept-actions", "Actions", Planted.ACTIONS_SCHEMA);
            actionInteractions = Flows.dataset(
                    p, group, "kept-action-interactions", "Action_Interactions", Planted.ACTION_INTERACTIONS_SCHEMA);
            Flows.importOk(local, "kept", "kept-interactions", interactions, data.interactionsCsv);
            Flows.importOk(local, "kept", "kept-actions", actions, data.actionsCsv);
            Flows.importOk(local, "kept", "kept-action-interactions", actionInteractions, data.actionInteractionsCsv);
            trackingId = p.describeDataset(r -> r.datasetArn(actionInteractions))
                    .dataset()
                    .trackingId();
            campaign = Flows.campaign(p, "kept", Flows.solutionVersion(p, group, "kept", "aws-next-best-action"));
            String tracking = trackingId;
            local.eventsClient()
                    .putActions(r -> r.datasetArn(actions)
                            .actions(a -> a.actionId("kept-new").properties("{\"type\":\"email\",\"value\":10}")));
            local.eventsClient()
                    .putActionInteractions(r -> r.trackingId(tracking)
                            .actionInteractions(a -> a.userId("user1")
                                    .sessionId("s")
                                    .actionId("email-0")
                                    .eventType("Taken")
                                    .timestamp(Instant.now())));
            before = recommend(local, campaign, "user1");
            assertThat(before).anyMatch(a -> a.startsWith("kept-new="));
        }
        try (PersonalizeLocal local =
                PersonalizeLocal.builder().dataDir(dir).build().start()) {
            String id = local.personalizeClient()
                    .describeDataset(r -> r.datasetArn(actionInteractions))
                    .dataset()
                    .trackingId();

            assertThat(id).isEqualTo(trackingId);
            assertThat(recommend(local, campaign, "user1")).isEqualTo(before);
            local.eventsClient()
                    .putActionInteractions(r -> r.trackingId(id)
                            .actionInteractions(a -> a.userId("user1")
                                    .sessionId("s")
                                    .actionId("email-1")
                                    .eventType("Viewed")
                                    .timestamp(Instant.now())));
        }
    }
}
