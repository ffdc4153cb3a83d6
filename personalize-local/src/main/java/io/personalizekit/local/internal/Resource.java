package io.personalizekit.local.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One control-plane resource: its model members ({@link #attrs}, without status and timestamps), its
 * {@link Lifecycle}, its tags, and whatever the data plane attaches (dataset rows, a trained model).
 */
final class Resource {
    final Kind kind;
    final String arn;
    final String name;
    final long seq;
    final ObjectNode attrs;
    final Lifecycle lifecycle;
    final Map<String, String> tags = new LinkedHashMap<>();

    /** Data-plane payload: {@code DatasetData} for datasets, {@code TrainedModel} for solution versions. */
    volatile @Nullable Object payload;

    /** Records that arrived one by one (PutEvents, PutItems, PutUsers); a FULL import keeps them. */
    volatile @Nullable Object streamed;

    /**
     * Set by a Delete call: the resource shows its delete status (for the kinds that have one) and disappears once
     * the deletion is over. A solution's versions share the solution's deletion (their status is left as it is).
     */
    volatile @Nullable Deletion deletion;

    /**
     * The in-flight or finished update (UpdateCampaign, UpdateSolution, UpdateRecommender), with the members its
     * summary shows ({@link #updateAttrs}) and the members it applies once ACTIVE ({@link #updateApply}).
     */
    volatile @Nullable Lifecycle update;

    void startUpdate(Lifecycle lifecycle, ObjectNode members) {
        startUpdate(lifecycle, members, members);
    }

    /**
     * Starts an update whose summary shows {@code summary} and which, once ACTIVE, sets {@code apply} on the
     * resource's own members (the service keeps using the old ones until then).
     */
    void startUpdate(Lifecycle lifecycle, ObjectNode summary, ObjectNode apply) {
        synchronized (this) {
            updateApplied = false;
            updateAttrs = summary;
            updateApply = apply;
            update = lifecycle;
        }
    }

    volatile @Nullable ObjectNode updateAttrs;

    private volatile @Nullable ObjectNode updateApply;

    /**
     * A stop or start in progress or done (recommenders: {@code STOP PENDING} ... {@code INACTIVE}, {@code START
     * PENDING} ... {@code ACTIVE}); it overrides the create lifecycle's status once set.
     */
    volatile @Nullable Transition phase;

    private volatile boolean updateApplied;

    Resource(Kind kind, String arn, String name, long seq, ObjectNode attrs, Lifecycle lifecycle) {
        this.kind = kind;
        this.arn = arn;
        this.name = name;
        this.seq = seq;
        this.attrs = attrs;
        this.lifecycle = lifecycle;
    }

    String attr(String member) {
        JsonNode n = attrs.get(member);
        return n == null || n.isNull() ? "" : n.asText();
    }

    String status() {
        Deletion d = deletion;
        if (d != null && kind.deleteSeconds() > 0) {
            return d.status();
        }
        Transition t = phase;
        return t != null ? t.status() : lifecycle.status();
    }

    boolean isActive() {
        if (deletion != null) {
            return false;
        }
        Transition t = phase;
        return t != null ? t.status().equals("ACTIVE") : lifecycle.isActive();
    }

    /** @return whether a Delete call has started this resource's deletion (or its parent's) */
    boolean isDeleting() {
        return deletion != null;
    }

    /** @return whether its deletion is over: lookups then treat it as absent */
    boolean isGone() {
        Deletion d = deletion;
        return d != null && d.isGone();
    }

    static BigDecimal epochSeconds(Instant t) {
        return BigDecimal.valueOf(t.toEpochMilli()).movePointLeft(3);
    }

    /** The Describe shape: model members, status, failure reason and timestamps. */
    ObjectNode describe() {
        applyUpdate();
        ObjectNode out;
        synchronized (this) {
            out = attrs.deepCopy();
        }
        Deletion d = kind.deleteSeconds() > 0 ? deletion : null;
        if (kind.hasStatus()) {
            out.put("status", status());
            String reason = lifecycle.failureReason();
            if (reason != null && d == null) {
                out.put("failureReason", reason);
            }
        }
        out.put("creationDateTime", epochSeconds(lifecycle.created()));
        Transition t = phase;
        out.put(
                "lastUpdatedDateTime",
                epochSeconds(d != null ? d.lastUpdated() : t != null ? t.lastUpdated() : lifecycle.lastUpdated()));
        Lifecycle u = update;
        ObjectNode ua = updateAttrs;
        if (u != null && ua != null) {
            ObjectNode summary = ua.deepCopy();
            summary.put("status", u.status());
            String reason = u.failureReason();
            if (reason != null) {
                summary.put("failureReason", reason);
            }
            summary.put("creationDateTime", epochSeconds(u.created()));
            summary.put("lastUpdatedDateTime", epochSeconds(u.lastUpdated()));
            out.set(
                    switch (kind) {
                        case SOLUTION -> "latestSolutionUpdate";
                        case RECOMMENDER -> "latestRecommenderUpdate";
                        default -> "latestCampaignUpdate";
                    },
                    summary);
        }
        return out;
    }

    /** The List summary: a strict subset of the Describe shape. */
    ObjectNode summary() {
        ObjectNode full = describe();
        ObjectNode out = full.objectNode();
        for (String m : kind.summaryMembers) {
            JsonNode v = full.get(m);
            if (v != null) {
                out.set(m, v);
            }
        }
        return out;
    }

    /** Once an update is ACTIVE, its members become the resource's own (the service swaps then). */
    void applyUpdate() {
        Lifecycle u = update;
        ObjectNode ua = updateApply;
        if (u != null && ua != null && !updateApplied && u.isActive()) {
            synchronized (this) {
                if (!updateApplied) {
                    attrs.setAll(ua);
                    updateApplied = true;
                }
            }
        }
    }

    /** When the latest update was applied (it became ACTIVE), or null when none was. */
    java.time.@Nullable Instant updateAppliedAt() {
        applyUpdate();
        Lifecycle u = update;
        return u != null && updateApplied ? u.lastUpdated() : null;
    }
}
