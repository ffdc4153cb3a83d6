package io.personalizekit.internal.waiters;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.CampaignConfig;
import software.amazon.awssdk.services.personalize.model.CampaignUpdateSummary;
import software.amazon.awssdk.services.personalize.model.ResourceInUseException;
import software.amazon.awssdk.services.personalize.model.SolutionVersionSummary;
import software.amazon.awssdk.services.personalize.model.Tag;

/**
 * The two billed calls that have no client-chosen name of their own, made to take effect once: {@code
 * CreateSolutionVersion} (a training) and {@code UpdateCampaign}. Shared by the pipeline and the retraining loop, on
 * top of {@link IdempotentCreate}; the rule is docs/design/decisions.md D10. Stateless.
 */
public final class ExactlyOnce {
    /**
     * How far the service's clock ({@code creationDateTime}) may be behind ours: AWS refuses requests signed more
     * than 5 minutes off its own time.
     */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private ExactlyOnce() {}

    /**
     * Starts one training, billed once even when the reply is lost. The request carries the given version name and
     * is sent without the SDK's retries; after a failure that leaves open whether the service started a training
     * the solution's versions are listed, and one that is (1) not among {@code known}, the versions listed just
     * before the request, (2) created no earlier than {@code sent} less {@link #CLOCK_SKEW}, (3) of the same
     * training mode, and (4) named as the request, when the service reports a name, is adopted instead of training
     * again.
     *
     * @param client the control-plane client
     * @param idempotent the create's retry and lookup rules
     * @param send wraps the call (the pipeline waits out the in-progress quota there); identity is fine
     * @param solutionArn the solution
     * @param name the version's name, unique in the account
     * @param trainingMode {@code FULL} or {@code UPDATE}
     * @param tags tags for the version; may be empty
     * @param known the ARNs of the versions listed just before
     * @param sent when the request is sent, on the caller's clock
     * @return the ARN of the version started
     */
    public static String train(
            PersonalizeClient client,
            IdempotentCreate idempotent,
            Function<Supplier<String>, String> send,
            String solutionArn,
            String name,
            String trainingMode,
            List<Tag> tags,
            Set<String> known,
            Instant sent) {
        return idempotent.run(
                () -> send.apply(() -> client.createSolutionVersion(b -> b.solutionArn(solutionArn)
                                .name(name)
                                .trainingMode(trainingMode)
                                .tags(tags.isEmpty() ? null : tags)
                                .overrideConfiguration(IdempotentCreate.withoutSdkRetries()))
                        .solutionVersionArn()),
                () -> findStartedVersion(client, solutionArn, known, sent, name, trainingMode));
    }

    /**
     * The version a lost {@code CreateSolutionVersion} started, by the rules of {@link #train}.
     *
     * @param client the control-plane client
     * @param solutionArn the solution
     * @param known versions that existed before the request
     * @param sent when the request was sent
     * @param name the requested name
     * @param trainingMode the requested training mode
     * @return the version's ARN, or empty
     */
    public static Optional<String> findStartedVersion(
            PersonalizeClient client,
            String solutionArn,
            Set<String> known,
            Instant sent,
            String name,
            String trainingMode) {
        Instant notBefore = sent.minus(CLOCK_SKEW);
        for (SolutionVersionSummary v : client.listSolutionVersionsPaginator(b -> b.solutionArn(solutionArn))
                .solutionVersions()) {
            if (known.contains(v.solutionVersionArn())
                    || v.creationDateTime() != null && v.creationDateTime().isBefore(notBefore)
                    || v.trainingModeAsString() != null
                            && !v.trainingModeAsString().equalsIgnoreCase(trainingMode)) {
                continue;
            }
            String actual = client.describeSolutionVersion(b -> b.solutionVersionArn(v.solutionVersionArn()))
                    .solutionVersion()
                    .name();
            if (actual == null || actual.equals(name)) {
                return Optional.of(v.solutionVersionArn());
            }
        }
        return Optional.empty();
    }

    /**
     * A fresh version name: the solution's name (cut to fit 63 characters) and 8 random hex digits.
     *
     * @param solutionName the solution's name
     * @return the name
     */
    public static String randomVersionName(String solutionName) {
        String base = solutionName.length() > 54 ? solutionName.substring(0, 54) : solutionName;
        return base + "-"
                + String.format(Locale.ROOT, "%08x", ThreadLocalRandom.current().nextInt());
    }

    /**
     * Updates a campaign once although the reply may be lost: after an ambiguous failure, or the {@code
     * ResourceInUseException} that the SDK's retry of a lost call meets ("an update is already in progress"), an
     * update of the campaign to this version (and TPS, when given) started since the request, less {@link
     * #CLOCK_SKEW}, is taken as ours.
     *
     * @param client the control-plane client
     * @param idempotent the call's retry and lookup rules
     * @param campaignArn the campaign
     * @param versionArn the version to serve
     * @param tps the minimum provisioned TPS to set, or {@code null} to leave it (it is then not sent)
     * @param sent when the request is sent, on the caller's clock
     */
    public static void updateCampaign(
            PersonalizeClient client,
            IdempotentCreate idempotent,
            String campaignArn,
            @Nullable String versionArn,
            @Nullable Integer tps,
            Instant sent) {
        updateCampaign(client, idempotent, campaignArn, versionArn, tps, null, sent);
    }

    /**
     * As {@link #updateCampaign(PersonalizeClient, IdempotentCreate, String, String, Integer, Instant)}, also setting
     * the campaign's configuration.
     *
     * @param client the control-plane client
     * @param idempotent the step's idempotent-create runner
     * @param campaignArn the campaign to update
     * @param versionArn the solution version to serve, or {@code null} to leave it
     * @param tps the minimum provisioned TPS to set, or {@code null} to leave it (it is then not sent)
     * @param config the campaign configuration to set, or {@code null} to leave it (it is then not sent)
     * @param sent when the request is sent, on the caller's clock
     */
    public static void updateCampaign(
            PersonalizeClient client,
            IdempotentCreate idempotent,
            String campaignArn,
            @Nullable String versionArn,
            @Nullable Integer tps,
            @Nullable CampaignConfig config,
            Instant sent) {
        Instant notBefore = sent.minus(CLOCK_SKEW);
        Supplier<Optional<String>> applied = () -> {
            CampaignUpdateSummary u = client.describeCampaign(b -> b.campaignArn(campaignArn))
                    .campaign()
                    .latestCampaignUpdate();
            boolean ours = u != null
                    && Objects.equals(u.solutionVersionArn(), versionArn)
                    && (tps == null || Objects.equals(u.minProvisionedTPS(), tps))
                    && (u.creationDateTime() == null || !u.creationDateTime().isBefore(notBefore));
            return ours ? Optional.of(campaignArn) : Optional.empty();
        };
        idempotent.run(
                () -> {
                    try {
                        client.updateCampaign(b -> b.campaignArn(campaignArn)
                                .solutionVersionArn(versionArn)
                                .minProvisionedTPS(tps)
                                .campaignConfig(config));
                        return campaignArn;
                    } catch (ResourceInUseException e) {
                        return applied.get().orElseThrow(() -> e);
                    }
                },
                applied);
    }
}
