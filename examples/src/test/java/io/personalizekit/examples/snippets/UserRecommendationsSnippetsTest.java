package io.personalizekit.examples.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import io.personalizekit.recipe.Recipe;
import io.personalizekit.recommend.UserRecommendationsClient;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;

/** Runs the samples of docs/user-recommendations.md that need no server. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UserRecommendationsSnippetsTest {

    @Test
    void ruleBroken_isRefusedBeforeAnyCall() {
        // Port 9 (discard) is never listened on here: a call would fail with a connection error, not the rule.
        try (PersonalizeRuntimeClient runtime = PersonalizeRuntimeClient.builder()
                        .endpointOverride(URI.create("http://127.0.0.1:9"))
                        .region(Region.US_EAST_1)
                        .credentialsProvider(
                                StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "skid")))
                        .build();
                UserRecommendationsClient forYou = UserRecommendationsClient.builder()
                        .runtimeClient(runtime)
                        .campaignArn("arn:aws:personalize:us-east-1:000000000000:campaign/for-you")
                        .recipe(Recipe.USER_PERSONALIZATION_V2)
                        .build()) {
            assertThat(UserRecommendationsSnippets.ruleBroken(forYou)).isEqualTo("userId");
        }
    }

    @Test
    void catalogue_namesWhatSemanticSimilarityMisses() {
        assertThat(UserRecommendationsSnippets.catalogue())
                .hasSize(2)
                .first()
                .asString()
                .contains("needs a textual field", "[ITEM_ID, LABELS]");
    }
}
