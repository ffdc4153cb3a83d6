package io.personalizekit.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.recommend.RecommendedItem;
import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.UserRecommendations;
import io.personalizekit.recommend.UserRecommendationsRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The user keyspace's exact id (part of every stored key of a user's list), its text, its equality, and the user
 * codec built on {@link SimilarItemsCodec}.
 */
@Timeout(30)
class UserKeyspaceTest {
    static final String CAMPAIGN = "arn:aws:personalize:us-east-1:000000000000:campaign/for-you";
    static final String FILTER = "arn:aws:personalize:us-east-1:000000000000:filter/unread";
    static final String PROMO_FILTER = "arn:aws:personalize:us-east-1:000000000000:filter/promoted";

    static String f(String value) {
        return CacheKeyspaceExactTest.f(value);
    }

    static UserRecommendationsRequest.Builder full() {
        return UserRecommendationsRequest.builder()
                .userId("u-1")
                .numResults(10)
                .filterArn(FILTER)
                .putFilterValue("a", "\"1\"")
                .putFilterValue("b", "\"2\"")
                .metadataColumns(List.of("GENRE", "TITLE"))
                .putContext("DEVICE", "phone")
                .putContext("HOUR", "9")
                .promotion(p -> p.name("promo")
                        .percentPromotedItems(20)
                        .filterArn(PROMO_FILTER)
                        .putFilterValue("x", "\"3\"")
                        .putFilterValue("y", "\"4\""));
    }

    @Test
    void id_ofTheDefaultShape_isTheDigestOfItsCanonicalForm() throws Exception {
        UserKeyspace k = UserKeyspace.of(CAMPAIGN, UserRecommendationsRequest.forUser("u-1"));

        assertThat(k.id())
                .isEqualTo(CacheKeyspaceExactTest.digest(f("user") + f(CAMPAIGN) + f("") + "|" + f("25") + "||"));
        assertThat(k.hashCode()).isEqualTo(k.id().hashCode());
        assertThat(k.targetArn()).isEqualTo(CAMPAIGN);
        assertThat(k.toString()).isEqualTo("UserKeyspace{" + k.id() + ", target=" + CAMPAIGN + ", numResults=25}");
    }

    @Test
    void id_ofEveryValueSet_isTheDigestOfItsCanonicalForm() throws Exception {
        UserKeyspace k = UserKeyspace.of(CAMPAIGN, full().build());

        assertThat(k.id())
                .isEqualTo(CacheKeyspaceExactTest.digest(f("user") + f(CAMPAIGN) + f(FILTER) + f("a") + f("\"1\"")
                        + f("b") + f("\"2\"") + "|" + f("10") + f("GENRE") + f("TITLE") + "|" + f("DEVICE")
                        + f("phone") + f("HOUR") + f("9") + "|" + f("promo") + f("20") + f(PROMO_FILTER) + f("x")
                        + f("\"3\"") + f("y") + f("\"4\"")));
        assertThat(k.toString())
                .isEqualTo("UserKeyspace{" + k.id() + ", target=" + CAMPAIGN + ", numResults=10, filter=" + FILTER
                        + "[a, b], metadataColumns=[GENRE, TITLE], context=[DEVICE, HOUR], promotion=promo}");
    }

    @Test
    void id_whenMapValuesWereGivenInAnotherOrder_isTheSame() {
        UserRecommendationsRequest reordered = UserRecommendationsRequest.builder()
                .userId("u-2")
                .numResults(10)
                .filterArn(FILTER)
                .putFilterValue("b", "\"2\"")
                .putFilterValue("a", "\"1\"")
                .metadataColumns(List.of("GENRE", "TITLE"))
                .putContext("HOUR", "9")
                .putContext("DEVICE", "phone")
                .promotion(p -> p.name("promo")
                        .percentPromotedItems(20)
                        .filterArn(PROMO_FILTER)
                        .putFilterValue("y", "\"4\"")
                        .putFilterValue("x", "\"3\""))
                .build();

        UserKeyspace a = UserKeyspace.of(CAMPAIGN, full().build());
        UserKeyspace b = UserKeyspace.of(CAMPAIGN, reordered);

        assertThat(b.id()).isEqualTo(a.id());
        assertThat(b).isEqualTo(a);
    }

    @Test
    void of_dropsTheUserAndTheOverrides_andToRequestPutsTheUserBack() {
        UserKeyspace k = UserKeyspace.of(
                CAMPAIGN,
                full().overrideConfiguration(o -> o.putHeader("x-test", "1")).build());

        assertThat(k)
                .isEqualTo(
                        UserKeyspace.of(CAMPAIGN, full().userId("someone-else").build()));
        UserRecommendationsRequest back = k.toRequest("u-9");
        assertThat(back).isEqualTo(full().userId("u-9").build());
        assertThat(back.overrideConfiguration()).isEmpty();
    }

    @Test
    void equals_whenTheTargetOrAnyValueDiffers_isFalse() {
        UserKeyspace k = UserKeyspace.of(CAMPAIGN, full().build());

        assertThat(k.equals(k)).isTrue();
        assertThat(k).isNotEqualTo("text").isNotEqualTo(null);
        for (UserKeyspace other : List.of(
                UserKeyspace.of(CAMPAIGN + "-2", full().build()),
                UserKeyspace.of(CAMPAIGN, full().numResults(11).build()),
                UserKeyspace.of(
                        CAMPAIGN, full().filterArn(null).filterValues(Map.of()).build()),
                UserKeyspace.of(CAMPAIGN, full().putFilterValue("a", "\"9\"").build()),
                UserKeyspace.of(CAMPAIGN, full().metadataColumns(List.of()).build()),
                UserKeyspace.of(CAMPAIGN, full().putContext("HOUR", "10").build()),
                UserKeyspace.of(
                        CAMPAIGN,
                        full().promotion((io.personalizekit.recommend.Promotion) null)
                                .build()),
                UserKeyspace.of(
                        CAMPAIGN,
                        full().promotion(p ->
                                        p.name("promo").percentPromotedItems(21).filterArn(PROMO_FILTER))
                                .build()))) {
            assertThat(other).isNotEqualTo(k);
            assertThat(other.id()).isNotEqualTo(k.id());
        }
    }

    @Test
    void of_whenTargetOrRequestIsNull_namesIt() {
        assertThatThrownBy(() -> UserKeyspace.of(null, full().build())).hasMessage("targetArn");
        assertThatThrownBy(() -> UserKeyspace.of(CAMPAIGN, null)).hasMessage("request");
    }

    @Test
    void userCodec_writesTheSimilarItemsFormatWithTheUserAsSeed_andReadsItBack() {
        UserRecommendations list = UserRecommendations.builder()
                .userId("u-1")
                .items(List.of(
                        RecommendedItem.of("a"),
                        RecommendedItem.builder().itemId("b").score(0.5).build()))
                .recommendationId("RID-7")
                .source(ResultSource.BATCH)
                .fetchedAt(Instant.ofEpochMilli(1_700_000_000_123L))
                .build();

        String text = UserRecommendationsCodec.encode(list);

        assertThat(text)
                .isEqualTo("{\"v\":1,\"s\":\"u-1\",\"r\":\"RID-7\",\"t\":1700000000123,\"o\":\"B\",\"i\":[\"a\","
                        + "{\"id\":\"b\",\"sc\":0.5}]}");
        assertThat(UserRecommendationsCodec.decode(text)).isEqualTo(list);
        UserRecommendations noRid =
                list.toBuilder().recommendationId(null).items(List.of()).build();
        assertThat(UserRecommendationsCodec.encode(noRid))
                .isEqualTo("{\"v\":1,\"s\":\"u-1\",\"t\":1700000000123,\"o\":\"B\",\"i\":[]}");
        assertThat(UserRecommendationsCodec.decode(UserRecommendationsCodec.encode(noRid)))
                .isEqualTo(noRid);
    }

    @Test
    void userCodec_whenTheListWasNotAskedForAUser_refusesNamingIt() {
        UserRecommendations anonymous = UserRecommendations.builder()
                .items(List.of(RecommendedItem.of("a")))
                .fetchedAt(Instant.EPOCH)
                .build();

        assertThatThrownBy(() -> UserRecommendationsCodec.encode(anonymous))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("only a list asked for a user can be cached: " + anonymous);
        assertThatThrownBy(() -> UserRecommendationsCodec.decode(null)).hasMessage("text");
        assertThatThrownBy(() -> UserRecommendationsCodec.decode("{\"v\":3}"))
                .hasMessage("Not an encoded similar-items list: {\"v\":3}");
    }
}
