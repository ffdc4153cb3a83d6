package io.personalizekit.waiter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.resource.CampaignRef;
import io.personalizekit.resource.ResourceStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.personalize.model.Campaign;
import software.amazon.awssdk.services.personalize.model.DescribeCampaignResponse;
import software.amazon.awssdk.services.personalize.model.DescribeSolutionResponse;

/** The value a wait returns: what it holds, how it compares, how it prints. */
@Timeout(10)
class WaitResultTest {
    private static final String ARN = "arn:aws:personalize:us-east-1:123456789012:campaign/news";
    private static final CampaignRef CAMPAIGN = CampaignRef.of(ARN);
    private static final DescribeCampaignResponse ACTIVE = DescribeCampaignResponse.builder()
            .campaign(Campaign.builder().campaignArn(ARN).status("ACTIVE").build())
            .build();

    @Test
    void of_holdsWhatTheWaitSaw() {
        WaitResult r = WaitResult.of(CAMPAIGN, "ACTIVE", ACTIVE, 3, Duration.ofSeconds(42));

        assertThat(r.resource()).isEqualTo(CAMPAIGN);
        assertThat(r.rawStatus()).isEqualTo("ACTIVE");
        assertThat(r.status()).isEqualTo(ResourceStatus.ACTIVE);
        assertThat(r.response()).containsSame(ACTIVE);
        assertThat(r.response(DescribeCampaignResponse.class)).isSameAs(ACTIVE);
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(r.elapsed()).isEqualTo(Duration.ofSeconds(42));
        assertThat(r).hasToString("WaitResult{resource=" + ARN + ", status=ACTIVE, attempts=3, elapsed=PT42S}");
    }

    @Test
    void response_afterADeletion_isEmpty_andAskingForATypeNamesWhatIsMissing() {
        WaitResult deleted = WaitResult.of(CAMPAIGN, "DELETED", null, 2, Duration.ofSeconds(5));

        assertThat(deleted.response()).isEmpty();
        assertThatThrownBy(() -> deleted.response(DescribeCampaignResponse.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("The final response of " + ARN + " is absent, not DescribeCampaignResponse");
        WaitResult active = WaitResult.of(CAMPAIGN, "ACTIVE", ACTIVE, 1, Duration.ZERO);
        assertThatThrownBy(() -> active.response(DescribeSolutionResponse.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("The final response of " + ARN + " is DescribeCampaignResponse, not"
                        + " DescribeSolutionResponse");
    }

    @Test
    void of_whenNoDescribeWasMade_isRejected() {
        assertThatThrownBy(() -> WaitResult.of(CAMPAIGN, "ACTIVE", ACTIVE, 0, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("attempts must be >= 1: 0");
    }

    @Test
    void equals_comparesEveryField() {
        WaitResult r = WaitResult.of(CAMPAIGN, "ACTIVE", ACTIVE, 3, Duration.ofSeconds(42));
        WaitResult same = WaitResult.of(CampaignRef.of(ARN), "ACTIVE", ACTIVE, 3, Duration.ofSeconds(42));

        assertThat(r).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo("ACTIVE");
        assertThat(r.hashCode()).isNotZero();
        assertThat(r)
                .isNotEqualTo(WaitResult.of(CAMPAIGN, "ACTIVE", ACTIVE, 4, Duration.ofSeconds(42)))
                .isNotEqualTo(WaitResult.of(CampaignRef.of(ARN + "-2"), "ACTIVE", ACTIVE, 3, Duration.ofSeconds(42)))
                .isNotEqualTo(WaitResult.of(CAMPAIGN, "CREATE FAILED", ACTIVE, 3, Duration.ofSeconds(42)))
                .isNotEqualTo(WaitResult.of(CAMPAIGN, "ACTIVE", null, 3, Duration.ofSeconds(42)))
                .isNotEqualTo(WaitResult.of(CAMPAIGN, "ACTIVE", ACTIVE, 3, Duration.ofSeconds(43)));
    }
}
