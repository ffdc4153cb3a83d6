package io.personalizekit.cache;

import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.recommend.UserRecommendations;
import java.util.Objects;

/**
 * Encodes a user's list as compact JSON text and back, for {@link UserRecommendationStore}s that keep text. The
 * format is {@link SimilarItemsCodec}'s with the user id in the seed's place, so every value round-trips exactly.
 * Thread-safe.
 */
public final class UserRecommendationsCodec {
    private UserRecommendationsCodec() {}

    /**
     * Encodes a list asked for a user.
     *
     * @param list the list
     * @return the text
     * @throws IllegalArgumentException when the list has no user id
     */
    public static String encode(UserRecommendations list) {
        String userId = list.userId()
                .orElseThrow(() -> new IllegalArgumentException("only a list asked for a user can be cached: " + list));
        SimilarItems asSimilar = SimilarItems.builder()
                .seedItemId(userId)
                .items(list.items())
                .recommendationId(list.recommendationId().orElse(null))
                .source(list.source())
                .fetchedAt(list.fetchedAt())
                .build();
        return SimilarItemsCodec.encode(asSimilar);
    }

    /**
     * Decodes text written by {@link #encode(UserRecommendations)}.
     *
     * @param text the text
     * @return the list
     * @throws IllegalArgumentException when the text is not such an encoding
     */
    public static UserRecommendations decode(String text) {
        SimilarItems s = SimilarItemsCodec.decode(Objects.requireNonNull(text, "text"));
        return UserRecommendations.builder()
                .userId(s.seedItemId())
                .items(s.items())
                .recommendationId(s.recommendationId().orElse(null))
                .source(s.source())
                .fetchedAt(s.fetchedAt())
                .build();
    }
}
