package io.personalizekit.local.internal.recipe;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The capability of a PERSONALIZED_ACTIONS model (Next-Best-Action): a user's next best actions, from the current
 * data. GetActionRecommendations asks a campaign's model for it with {@code model instanceof ActionModel}. The request
 * carries what has changed since training (the user's action interactions, the actions' records and the time), so
 * streamed action interactions, new actions, expirations and repeat frequencies apply at once. Implementations are
 * immutable and thread-safe.
 */
public interface ActionModel {
    /**
     * One action interaction of the user.
     *
     * @param actionId the action
     * @param timestamp epoch seconds
     * @param eventType the event type as recorded ({@code Taken}, {@code Not Taken}, {@code Viewed}, any spelling)
     */
    record ActionEvent(
            String actionId, long timestamp, @Nullable String eventType) {}

    /**
     * What a request asks.
     *
     * @param history the user's action interactions, imported and streamed, in any order
     * @param actions the Actions dataset's records now, by action id (imported and put)
     * @param now the time of the request, epoch seconds
     * @param numResults the most actions to return
     * @param keep which actions may be returned (a filter)
     */
    record ActionRequest(
            List<ActionEvent> history,
            Map<String, Map<String, String>> actions,
            long now,
            int numResults,
            Predicate<String> keep) {}

    /**
     * The user's next best actions, best first, with their propensity scores.
     *
     * @param request the request
     * @return up to {@code numResults} distinct actions
     */
    List<ScoredItem> recommendActions(ActionRequest request);
}
