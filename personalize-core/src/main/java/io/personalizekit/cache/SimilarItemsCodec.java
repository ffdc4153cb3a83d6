package io.personalizekit.cache;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.personalizekit.recommend.RecommendedItem;
import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.SimilarItems;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A compact text encoding of {@link SimilarItems} for stores that keep strings (Redis, files). Thread-safe and
 * stateless.
 *
 * <p>The format is a small JSON object, version 1: {@code {"v":1,"s":seed,"r":recommendationId,"t":epochMillis,
 * "o":source,"i":[items]}}, where an item is its id as a string when it has only an id (as Similar-Items returns
 * them), or {@code {"id","sc","m","p","rs"}} when it carries a score, metadata, a promotion or reasons. The source
 * letter keeps {@code FALLBACK} (popular items for an unknown seed) and {@code BATCH} across the round trip. A
 * 25-item list of 10-character ids is about 400 bytes.
 */
public final class SimilarItemsCodec {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private SimilarItemsCodec() {}

    /**
     * Encodes a list.
     *
     * @param items the list
     * @return the encoded text
     */
    public static String encode(SimilarItems items) {
        boolean plain = true;
        for (RecommendedItem item : items.items()) {
            if (item.score().isPresent()
                    || !item.metadata().isEmpty()
                    || item.promotionName().isPresent()
                    || !item.reasons().isEmpty()) {
                plain = false;
                break;
            }
        }
        return plain ? encodePlain(items) : encodeRich(items);
    }

    /** The common case (ids only, as Similar-Items returns them), written by hand: several times Jackson's speed. */
    private static String encodePlain(SimilarItems items) {
        StringBuilder sb = new StringBuilder(64 + items.items().size() * 16);
        sb.append("{\"v\":1,\"s\":");
        quote(sb, items.seedItemId());
        if (items.recommendationId().isPresent()) {
            sb.append(",\"r\":");
            quote(sb, items.recommendationId().get());
        }
        sb.append(",\"t\":").append(items.fetchedAt().toEpochMilli());
        sb.append(",\"o\":\"").append(sourceCode(items.source())).append("\",\"i\":[");
        List<RecommendedItem> list = items.items();
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            quote(sb, list.get(i).itemId());
        }
        return sb.append("]}").toString();
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }

    private static String encodeRich(SimilarItems items) {
        StringWriter out = new StringWriter(64 + items.items().size() * 16);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("v", 1);
            g.writeStringField("s", items.seedItemId());
            if (items.recommendationId().isPresent()) {
                g.writeStringField("r", items.recommendationId().get());
            }
            g.writeNumberField("t", items.fetchedAt().toEpochMilli());
            g.writeStringField("o", sourceCode(items.source()));
            g.writeArrayFieldStart("i");
            for (RecommendedItem item : items.items()) {
                if (item.score().isEmpty()
                        && item.metadata().isEmpty()
                        && item.promotionName().isEmpty()
                        && item.reasons().isEmpty()) {
                    g.writeString(item.itemId());
                    continue;
                }
                g.writeStartObject();
                g.writeStringField("id", item.itemId());
                if (item.score().isPresent()) {
                    g.writeNumberField("sc", item.score().get());
                }
                if (!item.metadata().isEmpty()) {
                    g.writeObjectFieldStart("m");
                    for (Map.Entry<String, String> e : item.metadata().entrySet()) {
                        g.writeStringField(e.getKey(), e.getValue());
                    }
                    g.writeEndObject();
                }
                if (item.promotionName().isPresent()) {
                    g.writeStringField("p", item.promotionName().get());
                }
                if (!item.reasons().isEmpty()) {
                    g.writeArrayFieldStart("rs");
                    for (String r : item.reasons()) {
                        g.writeString(r);
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("Writing to a StringWriter cannot fail", e);
        }
        return out.toString();
    }

    /**
     * Decodes a list encoded by {@link #encode}.
     *
     * @param text the encoded text
     * @return the list
     * @throws IllegalArgumentException when the text is not an encoded list
     */
    public static SimilarItems decode(String text) {
        SimilarItems fast = FastReader.read(text);
        return fast != null ? fast : decodeWithJackson(text);
    }

    /**
     * Reads what {@link #encodePlain} writes, field order and all, without a general JSON parser; returns null on
     * anything else (escapes, rich items, another order), which the Jackson path then reads.
     */
    private static final class FastReader {
        private final String t;
        private int pos;

        private FastReader(String t) {
            this.t = t;
        }

        static @Nullable SimilarItems read(String text) {
            try {
                return new FastReader(text).read();
            } catch (RuntimeException e) {
                return null;
            }
        }

        private @Nullable SimilarItems read() {
            if (!t.startsWith("{\"v\":1,\"s\":")) {
                return null;
            }
            pos = 11;
            String seed = string();
            String rid = null;
            if (t.startsWith(",\"r\":", pos)) {
                pos += 5;
                rid = string();
            }
            if (seed == null || !t.startsWith(",\"t\":", pos)) {
                return null;
            }
            pos += 5;
            int start = pos;
            while (pos < t.length() && (Character.isDigit(t.charAt(pos)) || t.charAt(pos) == '-')) {
                pos++;
            }
            long millis = Long.parseLong(t.substring(start, pos));
            if (!t.startsWith(",\"o\":\"", pos) || t.charAt(pos + 7) != '"' || !t.startsWith(",\"i\":[", pos + 8)) {
                return null;
            }
            char source = t.charAt(pos + 6);
            if (source != 'L' && source != 'B' && source != 'F') {
                return null;
            }
            pos += 14;
            List<RecommendedItem> items = new ArrayList<>();
            if (t.charAt(pos) == ']') {
                pos++;
            } else {
                while (true) {
                    String id = string();
                    if (id == null) {
                        return null;
                    }
                    items.add(RecommendedItem.of(id));
                    char c = t.charAt(pos++);
                    if (c == ']') {
                        break;
                    }
                    if (c != ',') {
                        return null;
                    }
                }
            }
            if (pos != t.length() - 1 || t.charAt(pos) != '}') {
                return null;
            }
            return SimilarItems.builder()
                    .seedItemId(seed)
                    .recommendationId(rid)
                    .fetchedAt(Instant.ofEpochMilli(millis))
                    .source(
                            source == 'B'
                                    ? ResultSource.BATCH
                                    : source == 'F' ? ResultSource.FALLBACK : ResultSource.LIVE)
                    .items(items)
                    .build();
        }

        /** A string without escapes, or null (the Jackson path handles escapes). */
        private @Nullable String string() {
            if (t.charAt(pos) != '"') {
                return null;
            }
            int end = pos + 1;
            while (true) {
                char c = t.charAt(end);
                if (c == '"') {
                    break;
                }
                if (c == '\\') {
                    return null;
                }
                end++;
            }
            String s = t.substring(pos + 1, end);
            pos = end + 1;
            return s;
        }
    }

    private static SimilarItems decodeWithJackson(String text) {
        try (JsonParser p = JSON.createParser(text)) {
            expect(p.nextToken() == JsonToken.START_OBJECT, text);
            SimilarItems.Builder b = SimilarItems.builder();
            List<RecommendedItem> items = List.of();
            String field;
            while ((field = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                switch (field) {
                    case "v":
                        expect(p.getIntValue() == 1, text);
                        break;
                    case "s":
                        b.seedItemId(p.getText());
                        break;
                    case "r":
                        b.recommendationId(p.getText());
                        break;
                    case "t":
                        b.fetchedAt(Instant.ofEpochMilli(p.getLongValue()));
                        break;
                    case "o":
                        b.source(source(p.getText(), text));
                        break;
                    case "i":
                        expect(t == JsonToken.START_ARRAY, text);
                        items = readItems(p, text);
                        break;
                    default:
                        p.skipChildren();
                }
            }
            return b.items(items).build();
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw (IllegalArgumentException) e;
            }
            throw new IllegalArgumentException("Not an encoded similar-items list: " + abbreviate(text), e);
        }
    }

    private static List<RecommendedItem> readItems(JsonParser p, String text) throws IOException {
        List<RecommendedItem> items = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == JsonToken.VALUE_STRING) {
                items.add(RecommendedItem.of(p.getText()));
                continue;
            }
            expect(t == JsonToken.START_OBJECT, text);
            RecommendedItem.Builder ib = RecommendedItem.builder();
            String f;
            while ((f = p.nextFieldName()) != null) {
                p.nextToken();
                switch (f) {
                    case "id":
                        ib.itemId(p.getText());
                        break;
                    case "sc":
                        ib.score(p.getDoubleValue());
                        break;
                    case "m":
                        Map<String, String> m = new LinkedHashMap<>();
                        String k;
                        while ((k = p.nextFieldName()) != null) {
                            p.nextToken();
                            m.put(k, p.getText());
                        }
                        ib.metadata(m);
                        break;
                    case "p":
                        ib.promotionName(p.getText());
                        break;
                    case "rs":
                        List<String> reasons = new ArrayList<>();
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            reasons.add(p.getText());
                        }
                        ib.reasons(reasons);
                        break;
                    default:
                        p.skipChildren();
                }
            }
            items.add(ib.build());
        }
        return items;
    }

    private static String sourceCode(ResultSource source) {
        switch (source) {
            case BATCH:
                return "B";
            case FALLBACK:
                return "F";
            default:
                return "L";
        }
    }

    private static ResultSource source(String code, String text) {
        switch (code) {
            case "B":
                return ResultSource.BATCH;
            case "F":
                return ResultSource.FALLBACK;
            case "L":
                return ResultSource.LIVE;
            default:
                throw new IllegalArgumentException("Unknown source '" + code + "' in " + abbreviate(text));
        }
    }

    private static void expect(boolean condition, String text) {
        if (!condition) {
            throw new IllegalArgumentException("Not an encoded similar-items list: " + abbreviate(text));
        }
    }

    private static String abbreviate(@Nullable String text) {
        if (text == null) {
            return "null";
        }
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
