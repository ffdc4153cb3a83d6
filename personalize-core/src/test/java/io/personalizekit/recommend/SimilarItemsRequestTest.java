package io.personalizekit.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SimilarItemsRequestTest {
    static final String FILTER = "arn:aws:personalize:us-east-1:000000000000:filter/fresh";

    @Test
    void promotion_roundTripsThroughToBuilderAndEquals() {
        SimilarItemsRequest r = SimilarItemsRequest.builder()
                .itemId("a-1")
                .promotion(p -> p.name("fresh").percentPromotedItems(10).filterArn(FILTER))
                .addExcludedItemIds("a-7")
                .build();

        assertThat(r.toBuilder().build()).isEqualTo(r).hasSameHashCodeAs(r);
        assertThat(r.promotion()).hasValueSatisfying(p -> assertThat(p.name()).isEqualTo("fresh"));
        assertThat(r.toString()).contains("promotion=fresh");
        assertThat(r.toBuilder().promotion((Promotion) null).build()).isNotEqualTo(r);
    }

    @Test
    void promotion_whenValuesBreakLimits_isRejectedNamingTheLimit() {
        assertThatThrownBy(() -> Promotion.builder().name("-bad"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("63");
        assertThatThrownBy(() -> Promotion.builder().percentPromotedItems(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 1 and 100");
        assertThatThrownBy(() -> Promotion.builder().putFilterValue("X", "v".repeat(1001)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1000");
        assertThatThrownBy(() -> Promotion.builder().name("p").filterArn(FILTER).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("percentPromotedItems");
    }

    @Test
    void promotion_toStringHidesFilterValues() {
        Promotion p = Promotion.builder()
                .name("fresh")
                .percentPromotedItems(5)
                .filterArn(FILTER)
                .putFilterValue("DAYS", "\"secret\"")
                .build();

        assertThat(p.toString()).contains("DAYS").doesNotContain("secret");
        assertThat(p.toBuilder().build()).isEqualTo(p);
    }
}
