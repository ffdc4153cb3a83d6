package io.personalizekit.retrain;

import io.personalizekit.cache.FetchSummary;
import io.personalizekit.resource.SolutionVersionRef;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What one {@link RetrainingLoop} run did. {@link #report()} (and {@link #toString()}) is a readable summary with
 * both metric sets side by side:
 *
 * <pre>
 * retrain 2026-11-28: REFUSED; the campaign still serves 1a2b3c4d
 *   imports:   1 (news-interactions-2026-11-28)
 *   candidate: arn:aws:personalize:...:solution/news/5e6f7a8b (trained by this run)
 *   metric                                        live (1a2b3c4d)  candidate (5e6f7a8b)  change     verdict
 *   ...
 *   gate: REFUSED (2 of 2 metrics worse than allowed)
 *   campaign:  not updated; cache: not refreshed
 * </pre>
 *
 * <p>Immutable.
 */
public final class RetrainResult {
    private final String runId;
    private final RetrainOutcome outcome;
    private final List<String> importJobArns;
    private final @Nullable SolutionVersionRef liveVersion;
    private final @Nullable SolutionVersionRef candidate;
    private final boolean trained;
    private final @Nullable GateReport gate;
    private final boolean campaignUpdated;
    private final @Nullable SolutionVersionRef servingVersion;
    private final @Nullable FetchSummary fetch;
    private final boolean cacheAlreadyFresh;
    private final Duration elapsed;

    RetrainResult(
            String runId,
            RetrainOutcome outcome,
            List<String> importJobArns,
            @Nullable SolutionVersionRef liveVersion,
            @Nullable SolutionVersionRef candidate,
            boolean trained,
            @Nullable GateReport gate,
            boolean campaignUpdated,
            @Nullable SolutionVersionRef servingVersion,
            @Nullable FetchSummary fetch,
            boolean cacheAlreadyFresh,
            Duration elapsed) {
        this.runId = Objects.requireNonNull(runId, "runId");
        this.outcome = Objects.requireNonNull(outcome, "outcome");
        this.importJobArns = List.copyOf(importJobArns);
        this.liveVersion = liveVersion;
        this.candidate = candidate;
        this.trained = trained;
        this.gate = gate;
        this.campaignUpdated = campaignUpdated;
        this.servingVersion = servingVersion;
        this.fetch = fetch;
        this.cacheAlreadyFresh = cacheAlreadyFresh;
        this.elapsed = Objects.requireNonNull(elapsed, "elapsed");
    }

    /**
     * The run id of the request.
     *
     * @return the id
     */
    public String runId() {
        return runId;
    }

    /**
     * How the run ended.
     *
     * @return the outcome
     */
    public RetrainOutcome outcome() {
        return outcome;
    }

    /**
     * Whether the campaign now serves the candidate.
     *
     * @return true for {@link RetrainOutcome#PROMOTED}
     */
    public boolean promoted() {
        return outcome == RetrainOutcome.PROMOTED;
    }

    /**
     * The import jobs of the request (created, awaited or reused by this run).
     *
     * @return their ARNs, in request order
     */
    public List<String> importJobArns() {
        return importJobArns;
    }

    /**
     * The version the candidate was judged against: the one the campaign served before the run (after a crash
     * that left the campaign on the candidate, the one recorded on the candidate when it was trained).
     *
     * @return the version, or empty when there was none to compare with
     */
    public Optional<SolutionVersionRef> liveVersion() {
        return Optional.ofNullable(liveVersion);
    }

    /**
     * The version the gate judged.
     *
     * @return the version, or empty for {@link RetrainOutcome#NO_CANDIDATE}
     */
    public Optional<SolutionVersionRef> candidate() {
        return Optional.ofNullable(candidate);
    }

    /**
     * Whether this call started a training (billed); false when it found the run's version from an earlier call or
     * took the one automatic training made.
     *
     * @return true when this call sent {@code CreateSolutionVersion}
     */
    public boolean trained() {
        return trained;
    }

    /**
     * Both metric sets and the gate's verdict.
     *
     * @return the report, or empty for {@link RetrainOutcome#NO_CANDIDATE}
     */
    public Optional<GateReport> gate() {
        return Optional.ofNullable(gate);
    }

    /**
     * Whether this call sent (or awaited) an {@code UpdateCampaign} to the candidate.
     *
     * @return true when the campaign was moved by this call
     */
    public boolean campaignUpdated() {
        return campaignUpdated;
    }

    /**
     * The version the campaign serves when the run ends.
     *
     * @return the version, or empty when unknown
     */
    public Optional<SolutionVersionRef> servingVersion() {
        return Optional.ofNullable(servingVersion);
    }

    /**
     * What the cache refresh did.
     *
     * @return the fetcher's summary, or empty when no refresh was configured, the gate refused, or the new
     *     version's generation was already active
     */
    public Optional<FetchSummary> fetch() {
        return Optional.ofNullable(fetch);
    }

    /**
     * Whether the new version's cache generation was found already active (a re-run after a crash late in the
     * refresh), so nothing was fetched.
     *
     * @return true when the refresh was skipped for that reason
     */
    public boolean cacheAlreadyFresh() {
        return cacheAlreadyFresh;
    }

    /**
     * How long the run took, on the loop's clock.
     *
     * @return the duration
     */
    public Duration elapsed() {
        return elapsed;
    }

    /**
     * The readable summary, as {@link #toString()}.
     *
     * @return lines separated by {@code \n}
     */
    public String report() {
        StringBuilder sb = new StringBuilder();
        sb.append("retrain ").append(runId).append(": ").append(outcome);
        if (servingVersion != null) {
            sb.append("; the campaign serves ").append(servingVersion.versionId());
        }
        sb.append('\n');
        sb.append("  imports:   ").append(importJobArns.size()).append('\n');
        if (candidate != null) {
            sb.append("  candidate: ")
                    .append(candidate.arn())
                    .append(trained ? " (trained by this run)" : " (found, not trained again)")
                    .append('\n');
        } else {
            sb.append("  candidate: none (no version newer than the live one)\n");
        }
        if (gate != null) {
            for (String line : gate.table().split("\n")) {
                sb.append("  ").append(line).append('\n');
            }
        }
        sb.append("  campaign:  ")
                .append(campaignUpdated ? "updated" : promoted() ? "already on the candidate" : "not updated")
                .append("; cache: ")
                .append(
                        fetch != null
                                ? "generation " + fetch.generation() + (fetch.activated() ? " active" : " NOT active")
                                : cacheAlreadyFresh ? "already refreshed" : "not refreshed");
        return sb.toString();
    }

    @Override
    public String toString() {
        return report();
    }
}
