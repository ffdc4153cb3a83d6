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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SimilarItemsCodecTest {
    @ParameterizedTest
    @EnumSource(
            value = ResultSource.class,
            names = {"LIVE", "BATCH", "FALLBACK"})
    void decode_ofEncode_roundTripsIdsOnlyLists(ResultSource source) {
        SimilarItems items = SimilarItems.builder()
                .seedItemId("seed \"1\" ü,\n")
                .items(List.of(RecommendedItem.of("a"), RecommendedItem.of("b\\c")))
                .recommendationId("RID-0241e16a-374f-4f90-866a-24e4e3f02f96")
                .source(source)
                .fetchedAt(Instant.parse("2026-11-28T10:00:00.123Z"))
                .build();

        String text = SimilarItemsCodec.encode(items);

        assertThat(SimilarItemsCodec.decode(text)).isEqualTo(items);
        assertThat(text).contains("[\"a\",\"b\\\\c\"]");
    }

    @Test
    void decode_ofEncode_roundTripsScoresMetadataPromotionsReasons() {
        SimilarItems items = SimilarItems.builder()
                .seedItemId("s")
                .items(List.of(
                        RecommendedItem.builder()
                                .itemId("a")
                                .score(0.0496781)
                                .metadata(Map.of("GENRE", "news|sports"))
                                .promotionName("promo")
                                .reasons(List.of("Promoted item"))
                                .build(),
                        RecommendedItem.of("b")))
                .fetchedAt(Instant.EPOCH)
                .build();

        assertThat(SimilarItemsCodec.decode(SimilarItemsCodec.encode(items))).isEqualTo(items);
    }

    @Test
    void decode_whenCacheOrStaleSource_storesAsLive() {
        SimilarItems items = SimilarItems.builder()
                .seedItemId("s")
                .source(ResultSource.STALE)
                .fetchedAt(Instant.EPOCH)
                .build();

        assertThat(SimilarItemsCodec.decode(SimilarItemsCodec.encode(items)).source())
                .isEqualTo(ResultSource.LIVE);
    }

    @Test
    void decode_whenPlainList_readsTheHandWrittenFormatAndJacksonAgrees() {
        SimilarItems items = SimilarItems.builder()
                .seedItemId("s")
                .items(List.of(RecommendedItem.of("a"), RecommendedItem.of("b")))
                .fetchedAt(Instant.ofEpochMilli(1700000000123L))
                .source(ResultSource.FALLBACK)
                .build();

        String text = SimilarItemsCodec.encode(items);

        assertThat(text).isEqualTo("{\"v\":1,\"s\":\"s\",\"t\":1700000000123,\"o\":\"F\",\"i\":[\"a\",\"b\"]}");
        assertThat(SimilarItemsCodec.decode(text)).isEqualTo(items);
        // The same list in another field order (as another writer might produce) goes through the general parser.
        assertThat(SimilarItemsCodec.decode(
                        "{\"i\":[\"a\",\"b\"],\"o\":\"F\",\"t\":1700000000123,\"s\":\"s\",\"v\":1}"))
                .isEqualTo(items);
        SimilarItems empty = items.toBuilder().items(List.of()).build();
        assertThat(SimilarItemsCodec.decode(SimilarItemsCodec.encode(empty))).isEqualTo(empty);
    }

    @Test
    void decode_whenControlCharactersInIds_roundTrips() {
        SimilarItems items = SimilarItems.builder()
                .seedItemId("tab\there")
                .items(List.of(RecommendedItem.of("nul\u0000"), RecommendedItem.of("quote\"q")))
                .fetchedAt(Instant.EPOCH)
                .build();

        assertThat(SimilarItemsCodec.decode(SimilarItemsCodec.encode(items))).isEqualTo(items);
    }

    @Test
    void decode_whenNotAList_throwsIllegalArgument() {
        assertThatThrownBy(() -> SimilarItemsCodec.decode("hello"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hello");
        assertThatThrownBy(() -> SimilarItemsCodec.decode("{\"v\":2}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SimilarItemsCodec.decode("{\"v\":1,\"s\":\"x\"}"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
