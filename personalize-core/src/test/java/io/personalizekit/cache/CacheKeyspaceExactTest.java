package io.personalizekit.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.recommend.SimilarItemsRequest;
import io.personalizekit.resource.FilterRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The keyspace's exact identity: its id is part of every stored key (Redis keys, generations), so a change to how
 * it is computed orphans every cache filled before. The expected ids here are SHA-256 digests of the documented
 * canonical form, computed by the test itself.
 */
@Timeout(30)
class CacheKeyspaceExactTest {
    static final String CAMPAIGN = "arn:aws:personalize:us-east-1:000000000000:campaign/c";
    static final String SV = "arn:aws:personalize:us-east-1:000000000000:solution/s/1";
    static final String FILTER = "arn:aws:personalize:us-east-1:000000000000:filter/f";

    /** The first 16 bytes of SHA-256 of the text, as 32 lowercase hex digits. */
    static String digest(String canonical) throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(hash, 0, 16);
    }

    static String f(String value) {
        return value.length() + ":" + value + ";";
    }

    static CacheKeyspace plain() {
        return CacheKeyspace.builder().campaignArn("c").solutionVersionArn("s").build();
    }

    static CacheKeyspace full() {
        return CacheKeyspace.builder()
                .campaignArn(CAMPAIGN)
                .solutionVersionArn(SV)
                .filterArn(FILTER)
                .filterValues(Map.of("b", "\"2\"", "a", "\"1\""))
                .numResults(10)
                .metadataColumns(List.of("GENRE", "TITLE"))
                .context(Map.of("DEVICE", "phone"))
                .excludeSeed(false)
                .build();
    }

    @Test
    void id_ofTheDefaultShape_isTheDigestOfItsCanonicalForm() throws Exception {
        assertThat(plain().id()).isEqualTo(digest("1:c;1:s;0:;|2:25;||1:x;"));
        assertThat(plain().id()).hasSize(32).matches("[0-9a-f]{32}");
        assertThat(plain().hashCode()).isEqualTo(plain().id().hashCode());
    }

    @Test
    void id_ofEveryValueSet_isTheDigestOfItsCanonicalFormWithSortedMaps() throws Exception {
        String canonical = f(CAMPAIGN) + f(SV) + f(FILTER) + f("a") + f("\"1\"") + f("b") + f("\"2\"") + "|" + f("10")
                + f("GENRE") + f("TITLE") + "|" + f("DEVICE") + f("phone") + "|" + f("-");

        assertThat(full().id()).isEqualTo(digest(canonical));
    }

    @Test
    void toString_namesEveryValueButPrintsOnlyTheNamesOfFilterAndContextValues() {
        assertThat(plain().toString())
                .isEqualTo("CacheKeyspace{" + plain().id() + ", campaign=c, solutionVersion=s," + " numResults=25}");
        assertThat(full().toString())
                .isEqualTo("CacheKeyspace{" + full().id() + ", campaign=" + CAMPAIGN + ", solutionVersion=" + SV
                        + ", filter=" + FILTER + "[a, b], numResults=10, metadataColumns=[GENRE, TITLE],"
                        + " context=[DEVICE], seedIncluded}");
    }

    @Test
    void encode_writesEveryValueAsJson_andDecodeReadsItBack() {
        assertThat(full().encode())
                .isEqualTo("{\"v\":1,\"campaignArn\":\"" + CAMPAIGN + "\",\"solutionVersionArn\":\"" + SV
                        + "\",\"filterArn\":\"" + FILTER + "\",\"filterValues\":{\"a\":\"\\\"1\\\"\",\"b\":"
                        + "\"\\\"2\\\"\"},\"numResults\":10,\"metadataColumns\":[\"GENRE\",\"TITLE\"],"
                        + "\"context\":{\"DEVICE\":\"phone\"},\"excludeSeed\":false}");
        assertThat(plain().encode())
                .isEqualTo("{\"v\":1,\"campaignArn\":\"c\",\"solutionVersionArn\":\"s\",\"filterValues\":{},"
                        + "\"numResults\":25,\"metadataColumns\":[],\"context\":{},\"excludeSeed\":true}");

        CacheKeyspace back = CacheKeyspace.decode(full().encode());
        assertThat(back).isEqualTo(full());
        assertThat(back.id()).isEqualTo(full().id());
        assertThat(back.filterArn()).hasValue(FILTER);
        assertThat(back.filterValues()).containsExactly(Map.entry("a", "\"1\""), Map.entry("b", "\"2\""));
        assertThat(back.numResults()).isEqualTo(10);
        assertThat(back.metadataColumns()).containsExactly("GENRE", "TITLE");
        assertThat(back.context()).containsExactly(Map.entry("DEVICE", "phone"));
        assertThat(back.excludeSeed()).isFalse();
        assertThat(CacheKeyspace.decode(plain().encode()).filterArn()).isEmpty();
    }

    @Test
    void decode_whenOptionalValuesAreMissing_takesTheDefaults() {
        CacheKeyspace k = CacheKeyspace.decode(
                "{\"v\":1,\"campaignArn\":\"c\",\"solutionVersionArn\":\"s\"," + "\"filterArn\":null}");

        assertThat(k).isEqualTo(plain());
        assertThat(k.numResults()).isEqualTo(25);
        assertThat(k.excludeSeed()).isTrue();
        assertThat(k.filterArn()).isEmpty();
    }

    @Test
    void decode_whenNotAnEncodedKeyspace_saysWhatIsWrong() {
        assertThatThrownBy(() -> CacheKeyspace.decode("{nope"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Not an encoded CacheKeyspace (not JSON): ");
        for (String text : List.of("[1]", "{\"v\":2,\"campaignArn\":\"c\",\"solutionVersionArn\":\"s\"}", "{}", "7")) {
            assertThatThrownBy(() -> CacheKeyspace.decode(text), text)
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Not an encoded CacheKeyspace (expected a JSON object with \"v\":1)");
        }
        assertThatThrownBy(() -> CacheKeyspace.decode("{\"v\":1,\"solutionVersionArn\":\"s\"}"))
                .hasMessage("Not an encoded CacheKeyspace: no text field \"campaignArn\"");
        assertThatThrownBy(() -> CacheKeyspace.decode("{\"v\":1,\"campaignArn\":\"c\",\"solutionVersionArn\":5}"))
                .hasMessage("Not an encoded CacheKeyspace: no text field \"solutionVersionArn\"");
    }

    @Test
    void differencesFrom_namesEachDifferingValue() {
        assertThat(full().differencesFrom(full())).isEmpty();
        assertThat(full().differencesFrom(plain()))
                .isEqualTo("campaign " + CAMPAIGN + " vs c, solutionVersion " + SV + " vs s, filter " + FILTER
                        + " vs none, filterValues [a, b] vs [], numResults 10 vs 25, metadataColumns [GENRE, TITLE]"
                        + " vs [], context [DEVICE] vs [], excludeSeed false vs true");
        CacheKeyspace otherValues = full().copy(
                        b -> b.filterValues(Map.of("a", "\"9\"", "b", "\"2\"")).context(Map.of("DEVICE", "tablet")));
        assertThat(full().differencesFrom(otherValues))
                .isEqualTo("filterValues differ (same names [a, b]), context differs (same names [DEVICE])");
        assertThat(plain().differencesFrom(plain().copy(b -> b.filterArn(FILTER))))
                .isEqualTo("filter none vs " + FILTER);
    }

    @Test
    void equals_whenAnyOneValueDiffers_isFalse() {
        CacheKeyspace k = full();
        assertThat(k).isEqualTo(full()).isNotEqualTo("a string").isNotEqualTo(null);
        assertThat(k.equals(k)).isTrue();
        for (CacheKeyspace other : List.of(
                k.copy(b -> b.campaignArn("other")),
                k.copy(b -> b.solutionVersionArn("other")),
                k.copy(b -> b.filterArn(null)),
                k.copy(b -> b.filterValues(Map.of("a", "\"1\""))),
                k.copy(b -> b.numResults(11)),
                k.copy(b -> b.metadataColumns(List.of("GENRE"))),
                k.copy(b -> b.context(Map.of())),
                k.copy(b -> b.excludeSeed(true)))) {
            assertThat(other).isNotEqualTo(k);
            assertThat(other.id()).isNotEqualTo(k.id());
        }
    }

    @Test
    void of_takesEveryValueOfTheRequestButTheSeed_andToRequestGivesThemBack() {
        SimilarItemsRequest request = full().toRequest("seed-1");

        assertThat(request.itemId()).isEqualTo("seed-1");
        assertThat(request.numResults()).isEqualTo(10);
        assertThat(request.filterArn()).hasValue(FILTER);
        assertThat(request.filterValues()).isEqualTo(Map.of("a", "\"1\"", "b", "\"2\""));
        assertThat(request.metadataColumns()).containsExactly("GENRE", "TITLE");
        assertThat(request.context()).isEqualTo(Map.of("DEVICE", "phone"));
        assertThat(request.excludeSeed()).isFalse();
        assertThat(CacheKeyspace.of(CAMPAIGN, SV, request)).isEqualTo(full());
        assertThat(full().shape(SimilarItemsRequest.builder().itemId("x")).build())
                .isEqualTo(full().toRequest("x"));
        assertThat(full().toBuilder().build()).isEqualTo(full());
    }

    @Test
    void builder_rejectsOutOfRangeAndBlankValuesNamingThem() {
        assertThat(plain().copy(b -> b.numResults(1)).numResults()).isEqualTo(1);
        assertThat(plain().copy(b -> b.numResults(500)).numResults()).isEqualTo(500);
        assertThatThrownBy(() -> CacheKeyspace.builder().numResults(0))
                .hasMessage("numResults must be between 1 and 500, but it is 0");
        assertThatThrownBy(() -> CacheKeyspace.builder().numResults(501))
                .hasMessage("numResults must be between 1 and 500, but it is 501");
        assertThatThrownBy(() -> CacheKeyspace.builder().campaignArn(" "))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("campaignArn must not be blank");
        assertThatThrownBy(() -> CacheKeyspace.builder().solutionVersionArn(""))
                .hasMessage("solutionVersionArn must not be blank");
        assertThat(plain().copy(b -> b.filter(FilterRef.of(FILTER))).filterArn())
                .hasValue(FILTER);
        assertThat(full().copy(b -> b.filter(null)).filterArn()).isEmpty();
    }
}
