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
import java.io.UncheckedIOException;
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
            throw new UncheckedIOException(e);
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
