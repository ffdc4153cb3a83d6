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

    /** The in-flight or finished UpdateCampaign, with the request members it applies. */
    volatile @Nullable Lifecycle update;

    void startUpdate(Lifecycle lifecycle, ObjectNode members) {
        synchronized (this) {
            updateApplied = false;
            updateAttrs = members;
            update = lifecycle;
        }
    }

    volatile @Nullable ObjectNode updateAttrs;

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
        return d != null && kind.deleteSeconds() > 0 ? d.status() : lifecycle.status();
    }

    boolean isActive() {
        return deletion == null && lifecycle.isActive();
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
        applyCampaignUpdate();
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
        out.put("lastUpdatedDateTime", epochSeconds(d != null ? d.lastUpdated() : lifecycle.lastUpdated()));
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
            out.set("latestCampaignUpdate", summary);
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

    /** Once an UpdateCampaign is ACTIVE, its members become the campaign's own (the service swaps then). */
    void applyCampaignUpdate() {
        Lifecycle u = update;
        ObjectNode ua = updateAttrs;
        if (u != null && ua != null && !updateApplied && u.isActive()) {
            synchronized (this) {
                if (!updateApplied) {
                    attrs.setAll(ua);
                    updateApplied = true;
                }
            }
        }
    }
}
