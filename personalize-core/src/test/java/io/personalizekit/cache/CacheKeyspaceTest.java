package io.personalizekit.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.recommend.SimilarItemsRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CacheKeyspaceTest {
    static final String CAMPAIGN = CachingSimilarItemsClientTest.CAMPAIGN;
    static final String SV1 = CachingSimilarItemsClientTest.SV1;

    @Test
    void of_whenOnlySeedOrExclusionsDiffer_givesSameKeyspace() {
        CacheKeyspace a = CacheKeyspace.of(CAMPAIGN, SV1, SimilarItemsRequest.of("a"));
        CacheKeyspace b = CacheKeyspace.of(
                CAMPAIGN,
                SV1,
                SimilarItemsRequest.builder()
                        .itemId("b")
                        .excludedItemIds(Set.of("x"))
                        .build());

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.id()).isEqualTo(b.id()).hasSize(32).matches("[0-9a-f]{32}");
    }

    @Test
    void id_whenAnyKeyPartDiffers_differs() {
        CacheKeyspace base = CacheKeyspace.builder()
                .campaignArn(CAMPAIGN)
                .solutionVersionArn(SV1)
                .build();

        assertThat(Set.of(
                        base.id(),
                        base.copy(b -> b.solutionVersionArn(CachingSimilarItemsClientTest.SV2))
                                .id(),
                        base.copy(b -> b.campaignArn(CAMPAIGN + "2")).id(),
                        base.copy(b -> b.numResults(10)).id(),
                        base.copy(b -> b.filterArn("arn:f")).id(),
                        base.copy(b -> b.filterArn("arn:f").filterValues(Map.of("C", "\"a\"")))
                                .id(),
                        base.copy(b -> b.filterArn("arn:f").filterValues(Map.of("C", "\"b\"")))
                                .id(),
                        base.copy(b -> b.excludeSeed(false)).id(),
                        base.copy(b -> b.context(Map.of("DEVICE", "tablet"))).id()))
                .hasSize(9);
    }

    @Test
    void id_whenFilterValuesGivenInAnotherOrder_isCanonical() {
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("A", "\"1\"");
        ab.put("B", "\"2\"");
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("B", "\"2\"");
        ba.put("A", "\"1\"");
        CacheKeyspace.Builder b = CacheKeyspace.builder().campaignArn(CAMPAIGN).solutionVersionArn(SV1);

        assertThat(b.filterArn("arn:f").filterValues(ab).build().id())
                .isEqualTo(b.filterValues(ba).build().id());
    }

    @Test
    void id_whenValuesContainSeparators_cannotCollide() {
        CacheKeyspace.Builder b = CacheKeyspace.builder().campaignArn(CAMPAIGN).solutionVersionArn(SV1);

        assertThat(b.filterArn("arn:f")
                        .filterValues(Map.of("A", "1;1:B"))
                        .build()
                        .id())
                .isNotEqualTo(b.filterValues(Map.of("A", "1", "B", "")).build().id());
    }

    @Test
    void toRequest_roundTripsTheKeyspace() {
        SimilarItemsRequest request = SimilarItemsRequest.builder()
                .itemId("a")
                .numResults(7)
                .filterArn("arn:f")
                .putFilterValue("C", "\"x\"")
                .putContext("DEVICE", "phone")
                .excludeSeed(false)
                .build();
        CacheKeyspace ks = CacheKeyspace.of(CAMPAIGN, SV1, request);

        assertThat(ks.toRequest("a")).isEqualTo(request);
        assertThat(ks.toString()).contains(ks.id(), "numResults=7", "[C]").doesNotContain("\"x\"", "phone");
    }

    @Test
    void builder_whenInvalid_rejects() {
        assertThatThrownBy(() -> CacheKeyspace.builder().solutionVersionArn(SV1).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("campaignArn");
        assertThatThrownBy(() -> CacheKeyspace.builder().campaignArn(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CacheKeyspace.builder().numResults(501))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("500");
    }
}
