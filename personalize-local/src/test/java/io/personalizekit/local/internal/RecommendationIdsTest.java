package io.personalizekit.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Recommendation ids name their source, so events carrying them are attributed, also after a restart. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RecommendationIdsTest {
    private static final String HOME = "arn:aws:personalize:us-east-1:000000000000:campaign/home";
    private static final String EMAIL = "arn:aws:personalize:us-east-1:000000000000:campaign/email";

    @Test
    void issue_givesFortyCharacterIdsThatResolveToTheirSource() {
        RecommendationIds ids = new RecommendationIds();
        String a = ids.issue(HOME);
        String b = ids.issue(HOME);
        String c = ids.issue(EMAIL);

        assertThat(a).hasSize(40).startsWith("RID-").isNotEqualTo(b);
        assertThat(ids.source(a, List::of)).isEqualTo(HOME);
        assertThat(ids.source(b, List::of)).isEqualTo(HOME);
        assertThat(ids.source(c, List::of)).isEqualTo(EMAIL);
    }

    @Test
    void source_afterARestart_findsTheSourceAmongTheLiveOnes_andNothingForForeignIds() {
        String id = new RecommendationIds().issue(EMAIL);
        RecommendationIds restarted = new RecommendationIds();

        assertThat(restarted.source(id, () -> List.of(HOME)))
                .as("its campaign is gone")
                .isNull();
        assertThat(restarted.source(id, () -> List.of(HOME, EMAIL))).isEqualTo(EMAIL);
        assertThat(restarted.source(id, List::of)).as("remembered once found").isEqualTo(EMAIL);
        assertThat(restarted.source("RID-0241e16a-374f-4f90-866a-24e4e3f02f96", () -> List.of(HOME)))
                .isNull();
        assertThat(restarted.source("abc", () -> List.of(HOME))).isNull();
    }
}
