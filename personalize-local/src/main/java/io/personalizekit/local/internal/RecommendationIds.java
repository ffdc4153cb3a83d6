package io.personalizekit.local.internal;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * The {@code recommendationId}s the runtime API hands out, and which campaign (or recommender) each came from, so
 * that events carrying one can be attributed to it (metric attributions). An id names its source in its last part,
 * as the service's newer ids do: {@code RID-xx-xxxx-xxxx-xxxxxxxxxxxx-CID-yyyyyy} (40 characters, the most PutEvents
 * accepts), where {@code yyyyyy} is a checksum of the source's ARN. So ids stay attributable after a restart (events
 * replayed from the journal) without keeping every id: the sources are remembered (one entry per campaign), and a
 * source not seen since the restart is found among the live ones. Thread-safe.
 */
final class RecommendationIds {
    private static final String CID = "-CID-";

    private final Map<String, String> sources = new ConcurrentHashMap<>();
    private final Map<String, String> cids = new ConcurrentHashMap<>();

    /**
     * A new id for a response of {@code sourceArn}.
     *
     * @param sourceArn the campaign or recommender ARN
     * @return the id
     */
    String issue(String sourceArn) {
        String cid = cids.computeIfAbsent(sourceArn, arn -> {
            String c = cid(arn);
            sources.putIfAbsent(c, arn);
            return c;
        });
        ThreadLocalRandom r = ThreadLocalRandom.current();
        StringBuilder b = new StringBuilder(40).append("RID-");
        hex(b, r.nextInt(0x100), 2).append('-');
        hex(b, r.nextInt(0x10000), 4).append('-');
        hex(b, r.nextInt(0x10000), 4).append('-');
        hex(b, r.nextLong(0x1000000000000L), 12);
        return b.append(CID).append(cid).toString();
    }

    private static StringBuilder hex(StringBuilder b, long value, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            b.append(Character.forDigit((int) ((value >>> shift) & 0xF), 16));
        }
        return b;
    }

    /**
     * The source of an id.
     *
     * @param recommendationId an id from an event or an imported {@code RECOMMENDATION_ID}
     * @param liveSources the ARNs of the campaigns and recommenders that exist now, tried when the id's source was
     *     not seen since the start
     * @return the campaign or recommender ARN, or null when the id is not one of ours or its source is unknown
     */
    @Nullable
    String source(String recommendationId, Supplier<? extends Iterable<String>> liveSources) {
        int at = recommendationId.lastIndexOf(CID);
        if (!recommendationId.startsWith("RID-") || at < 0) {
            return null;
        }
        String cid = recommendationId.substring(at + CID.length());
        String known = sources.get(cid);
        if (known != null) {
            return known;
        }
        for (String arn : liveSources.get()) {
            if (cid(arn).equals(cid)) {
                sources.putIfAbsent(cid, arn);
                return arn;
            }
        }
        return null;
    }

    static String cid(String sourceArn) {
        CRC32C c = new CRC32C();
        c.update(sourceArn.getBytes(StandardCharsets.UTF_8));
        return String.format(Locale.ROOT, "%06x", c.getValue() & 0xFFFFFF);
    }
}
