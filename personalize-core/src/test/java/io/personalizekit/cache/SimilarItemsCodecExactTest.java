package io.personalizekit.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.recommend.RecommendedItem;
import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.SimilarItems;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The codec's exact text, both writers (the hand-written one for id-only lists, Jackson for rich items), both readers
 * (the fast reader of the hand-written format and the general parser), and its error messages.
 */
@Timeout(30)
class SimilarItemsCodecExactTest {
    static final Instant T = Instant.ofEpochMilli(1_700_000_000_123L);

    static SimilarItems.Builder list(RecommendedItem... items) {
        return SimilarItems.builder().seedItemId("s").items(List.of(items)).fetchedAt(T);
    }

    @Test
    void encode_whenIdsOnly_writesTheCompactFormatWithEveryField() {
        SimilarItems items = list(RecommendedItem.of("a"), RecommendedItem.of("b"), RecommendedItem.of("c"))
                .recommendationId("RID-1")
                .source(ResultSource.BATCH)
                .build();

        String text = SimilarItemsCodec.encode(items);

        assertThat(text)
                .isEqualTo(
                        "{\"v\":1,\"s\":\"s\",\"r\":\"RID-1\",\"t\":1700000000123,\"o\":\"B\",\"i\":[\"a\",\"b\",\"c\"]}");
        assertThat(SimilarItemsCodec.decode(text)).isEqualTo(items);
    }

    @Test
    void encode_whenLiveAndEmpty_writesLAndAnEmptyArray() {
        SimilarItems items = list().source(ResultSource.LIVE).build();

        String text = SimilarItemsCodec.encode(items);

        assertThat(text).isEqualTo("{\"v\":1,\"s\":\"s\",\"t\":1700000000123,\"o\":\"L\",\"i\":[]}");
        assertThat(SimilarItemsCodec.decode(text)).isEqualTo(items);
    }

    @Test
    void encode_escapesQuotesBackslashesAndControlCharactersAsJson() {
        SimilarItems items = SimilarItems.builder()
                .seedItemId("q\"b\\c\u0001n\nu\u001f ")
                .items(List.of(RecommendedItem.of("x\ty")))
                .fetchedAt(Instant.EPOCH)
                .build();

        String text = SimilarItemsCodec.encode(items);

        assertThat(text)
                .isEqualTo(
                        "{\"v\":1,\"s\":\"q\\\"b\\\\c\\u0001n\\u000au\\u001f \",\"t\":0,\"o\":\"L\",\"i\":[\"x\\u0009y\"]}");
        assertThat(SimilarItemsCodec.decode(text)).isEqualTo(items);
    }

    @Test
    void encode_whenBeforeTheEpoch_roundTripsTheNegativeMillis() {
        SimilarItems items = list(RecommendedItem.of("a"))
                .fetchedAt(Instant.ofEpochMilli(-1_500))
                .build();

        String text = SimilarItemsCodec.encode(items);

        assertThat(text).isEqualTo("{\"v\":1,\"s\":\"s\",\"t\":-1500,\"o\":\"L\",\"i\":[\"a\"]}");
        assertThat(SimilarItemsCodec.decode(text).fetchedAt()).isEqualTo(Instant.ofEpochMilli(-1_500));
    }

    @Test
    void encode_whenAnItemHasAScoreMetadataAPromotionOrReasons_writesEachAsAnObject() {
        SimilarItems items = list(
                        RecommendedItem.builder()
                                .itemId("a")
                                .score(0.5)
                                .metadata(Map.of("GENRE", "news"))
                                .promotionName("promo")
                                .reasons(List.of("r1", "r2"))
                                .build(),
                        RecommendedItem.of("b"),
                        RecommendedItem.builder().itemId("c").score(1.0).build(),
                        RecommendedItem.builder()
                                .itemId("d")
                                .metadata(Map.of("K", "v"))
                                .build(),
                        RecommendedItem.builder()
                                .itemId("e")
                                .promotionName("p2")
                                .build(),
                        RecommendedItem.builder()
                                .itemId("f")
                                .reasons(List.of("why"))
                                .build())
                .recommendationId("R")
                .source(ResultSource.FALLBACK)
                .build();

        String text = SimilarItemsCodec.encode(items);

        assertThat(text)
                .isEqualTo("{\"v\":1,\"s\":\"s\",\"r\":\"R\",\"t\":1700000000123,\"o\":\"F\",\"i\":["
                        + "{\"id\":\"a\",\"sc\":0.5,\"m\":{\"GENRE\":\"news\"},\"p\":\"promo\",\"rs\":[\"r1\",\"r2\"]},"
                        + "\"b\","
                        + "{\"id\":\"c\",\"sc\":1.0},"
                        + "{\"id\":\"d\",\"m\":{\"K\":\"v\"}},"
                        + "{\"id\":\"e\",\"p\":\"p2\"},"
                        + "{\"id\":\"f\",\"rs\":[\"why\"]}]}");
        assertThat(SimilarItemsCodec.decode(text)).isEqualTo(items);
    }

    @Test
    void encode_whenOnlyMetadataOrOnlyAPromotionOrOnlyReasons_stillWritesTheRichForm() {
        for (RecommendedItem rich : List.of(
                RecommendedItem.builder().itemId("a").metadata(Map.of("K", "v")).build(),
                RecommendedItem.builder().itemId("a").promotionName("p").build(),
                RecommendedItem.builder().itemId("a").reasons(List.of("r")).build(),
                RecommendedItem.builder().itemId("a").score(0.25).build())) {
            SimilarItems items = list(RecommendedItem.of("x"), rich).build();

            String text = SimilarItemsCodec.encode(items);

            assertThat(text).contains("\"x\",{\"id\":\"a\",");
            assertThat(SimilarItemsCodec.decode(text)).isEqualTo(items);
        }
    }

    @Test
    void decode_inAnyFieldOrderAndWithUnknownFields_readsTheSameList() {
        SimilarItems expected = list(
                        RecommendedItem.builder()
                                .itemId("a")
                                .score(0.5)
                                .reasons(List.of("r"))
                                .build(),
                        RecommendedItem.of("b"))
                .recommendationId("R")
                .source(ResultSource.BATCH)
                .build();

        SimilarItems decoded = SimilarItemsCodec.decode("{\"x\":{\"nested\":[1,2,{\"y\":3}]},\"i\":[{\"rs\":[\"r\"],"
                + "\"zz\":[7,{\"q\":1}],\"sc\":0.5,\"id\":\"a\"},\"b\"],\"o\":\"B\",\"r\":\"R\",\"t\":1700000000123,"
                + "\"s\":\"s\",\"v\":1,\"w\":[\"ignored\"]}");

        assertThat(decoded).isEqualTo(expected);
    }

    @Test
    void decode_whenTheSourceFieldIsSomethingElse_readsTheListAsLive() {
        // a field "q" where the compact format has "o": not a source; the list is LIVE, the default
        SimilarItems decoded = SimilarItemsCodec.decode("{\"v\":1,\"s\":\"s\",\"t\":5,\"q\":\"B\",\"i\":[\"a\"]}");

        assertThat(decoded.source()).isEqualTo(ResultSource.LIVE);
        assertThat(decoded.itemIds()).containsExactly("a");
    }

    @Test
    void decode_whenTheItemsFieldIsSomethingElse_readsNoItems() {
        SimilarItems decoded = SimilarItemsCodec.decode("{\"v\":1,\"s\":\"s\",\"t\":5,\"o\":\"B\",\"x\":[\"a\"]}");

        assertThat(decoded.items()).isEmpty();
        assertThat(decoded.source()).isEqualTo(ResultSource.BATCH);
    }

    @Test
    void decode_whenTheSourceLetterIsUnknown_namesIt() {
        String text = "{\"v\":1,\"s\":\"s\",\"t\":5,\"o\":\"X\",\"i\":[\"a\"]}";

        assertThatThrownBy(() -> SimilarItemsCodec.decode(text))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown source 'X' in " + text);
    }

    @Test
    void decode_whenTheSourceStringRunsIntoTheItemsField_namesTheWholeValue() {
        String text = "{\"v\":1,\"s\":\"s\",\"t\":5,\"o\":\"BX,\"i\":[]}";

        assertThatThrownBy(() -> SimilarItemsCodec.decode(text))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown source 'BX,' in " + text);
    }

    @Test
    void decode_whenTheCompactFormIsBroken_throwsNamingTheText() {
        for (String text : List.of(
                "{\"v\":1,\"s\":\"s\",\"t\":5,\"o\":\"L\",\"i\":[\"a\";\"b\"]}",
                "{\"v\":1,\"s\":\"s\",\"t\":5,\"o\":\"L\",\"i\":[\"a\"]x",
                "{\"v\":1,\"s\":\"s\",\"t\":5,\"o\":\"L\",\"i\":\"a\"}",
                "{\"v\":1,\"s\":\"s\",\"t\":5,\"o\":\"L\",\"i\":[1]}",
                "{\"v\":1,\"s\":\"s\",\"t\":5,\"o\":\"L\",\"i\":[[\"a\"]]}",
                "{\"v\":2,\"s\":\"s\",\"t\":5,\"o\":\"L\",\"i\":[]}",
                "[\"v\",1]",
                "hello")) {
            assertThatThrownBy(() -> SimilarItemsCodec.decode(text), text)
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Not an encoded similar-items list: " + text);
        }
    }

    @Test
    void decode_whenTheSeedIsMissing_throwsWithTheCause() {
        String text = "{\"v\":1,\"t\":5,\"o\":\"L\",\"i\":[]}";

        assertThatThrownBy(() -> SimilarItemsCodec.decode(text))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("Not an encoded similar-items list: " + text)
                .hasCauseInstanceOf(NullPointerException.class);
    }

    @Test
    void decode_whenTheTextIsLong_abbreviatesItAfter80Characters() {
        String eighty = "x".repeat(80);
        String eightyOne = "y".repeat(81);

        assertThatThrownBy(() -> SimilarItemsCodec.decode(eighty))
                .hasMessage("Not an encoded similar-items list: " + eighty);
        assertThatThrownBy(() -> SimilarItemsCodec.decode(eightyOne))
                .hasMessage("Not an encoded similar-items list: " + "y".repeat(80) + "...");
        String longUnknown = "{\"v\":1,\"s\":\"s\",\"t\":5,\"o\":\"Z\",\"i\":[\"" + "a".repeat(100) + "\"]}";
        assertThatThrownBy(() -> SimilarItemsCodec.decode(longUnknown))
                .hasMessage("Unknown source 'Z' in " + longUnknown.substring(0, 80) + "...");
    }
}
