package io.personalizekit.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.recommend.RecommendedItem;
import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.recommend.UserRecommendations;
import io.personalizekit.recommend.UserRecommendationsRequest;
import io.personalizekit.testing.FakeClock;
import io.personalizekit.testing.FakeSimilarItemsClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The in-memory store's generation numbers, which generation a write lands in, which generations an activation
 * keeps, expiry at the exact instant, and the user lists' sweep; readers at the publish point run on the activating
 * thread through the store's {@code afterPublish} hook, so no interleaving is left to chance.
 */
@Timeout(60)
class InMemoryRecommendationStoreGenerationsTest {
    final FakeClock clock = new FakeClock(Instant.parse("2026-12-03T10:00:00Z"));
    final CacheKeyspace ks = CacheKeyspace.builder()
            .campaignArn("arn:aws:personalize:us-east-1:000000000000:campaign/a")
            .solutionVersionArn("arn:aws:personalize:us-east-1:000000000000:solution/a/1")
            .build();
    final CacheKeyspace other = ks.copy(b -> b.numResults(10));
    final InMemoryRecommendationStore store =
            InMemoryRecommendationStore.builder().clock(clock).build();

    SimilarItems list(String seed, String version) {
        return FakeSimilarItemsClient.answer(seed, 3, version, clock);
    }

    String version(String seed) {
        return store.get(ks, seed).orElseThrow().recommendationId().orElseThrow();
    }

    @Test
    void beginGeneration_numbersFromOneAndNeverReusesANumber() {
        assertThat(store.pendingGeneration(ks)).isEmpty();
        assertThat(store.activeGeneration(ks)).isEmpty();

        assertThat(store.beginGeneration(ks)).isEqualTo(1);
        assertThat(store.pendingGeneration(ks)).hasValue(1);
        assertThat(store.beginGeneration(ks)).isEqualTo(2); // abandons 1
        assertThat(store.pendingGeneration(ks)).hasValue(2);
        store.activate(ks, 2);
        assertThat(store.pendingGeneration(ks)).isEmpty();
        assertThat(store.activeGeneration(ks)).hasValue(2);
        assertThat(store.beginGeneration(ks)).isEqualTo(3);
        store.activate(ks, 7); // a generation another writer numbered
        assertThat(store.activeGeneration(ks)).hasValue(7);
        assertThat(store.pendingGeneration(ks)).hasValue(3);
        assertThat(store.beginGeneration(ks)).isEqualTo(8);
        // keyspaces number independently
        assertThat(store.beginGeneration(other)).isEqualTo(1);
    }

    @Test
    void putAll_toTheLiveGeneration_isReadableAtOnceOnlyWhileNoGenerationIsActive() {
        store.putAll(ks, RecommendationStore.LIVE_GENERATION, List.of(list("a", "live")));
        assertThat(store.get(ks, "a")).contains(list("a", "live"));
        assertThat(store.itemIds(ks, RecommendationStore.LIVE_GENERATION)).containsExactly("a");

        long g = store.beginGeneration(ks);
        store.putAll(ks, g, List.of(list("b", "g")));
        store.activate(ks, g);
        store.putAll(ks, RecommendationStore.LIVE_GENERATION, List.of(list("c", "late")));

        assertThat(store.get(ks, "c")).isEmpty();
        assertThat(store.get(ks, "a")).isEmpty();
        assertThat(store.itemIds(ks, g)).containsExactly("b");
        assertThat(store.itemIds(ks, RecommendationStore.LIVE_GENERATION)).containsExactly("c");
    }

    @Test
    void putAll_toTheActiveGeneration_isReadableAtOnce() {
        long g = store.beginGeneration(ks);
        store.activate(ks, g);

        store.putAll(ks, g, List.of(list("a", "late")));

        assertThat(store.get(ks, "a")).contains(list("a", "late"));
        assertThat(store.itemIds(ks, g)).containsExactly("a");
    }

    @Test
    void activate_ofAnOlderGeneration_keepsThePendingOneAndDropsTheRest() {
        long g1 = store.beginGeneration(ks);
        store.putAll(ks, g1, List.of(list("a", "g1")));
        long g2 = store.beginGeneration(ks);
        store.putAll(ks, g2, List.of(list("a", "g2"), list("b", "g2")));

        store.activate(ks, g1);

        assertThat(version("a")).isEqualTo("RID-g1-a");
        assertThat(store.pendingGeneration(ks)).hasValue(g2);
        assertThat(store.itemIds(ks, g2)).containsExactlyInAnyOrder("a", "b");
        store.activate(ks, g2);
        assertThat(version("b")).isEqualTo("RID-g2-b");
        assertThat(store.pendingGeneration(ks)).isEmpty();
        assertThat(store.itemIds(ks, g1)).isEmpty();
        assertThat(store.itemIds(ks, 99)).isEmpty();
    }

    @Test
    void activate_ofAGenerationNeverWritten_publishesAnEmptyOne() {
        store.put(ks, list("a", "live"));

        store.activate(ks, 5);

        assertThat(store.activeGeneration(ks)).hasValue(5);
        assertThat(store.get(ks, "a")).isEmpty();
        assertThat(store.itemIds(ks, 5)).isEmpty();
    }

    @Test
    void activate_atThePublishPoint_readersSeeTheNewNumberAndEveryListWhileTheOldOnesAreGone() {
        long g1 = store.beginGeneration(ks);
        store.putAll(ks, g1, List.of(list("a", "g1"), list("b", "g1")));
        store.activate(ks, g1);
        long g2 = store.beginGeneration(ks);
        store.putAll(ks, g2, List.of(list("a", "g2")));
        List<String> seen = new ArrayList<>();
        store.afterPublish = () -> seen.add(store.activeGeneration(ks) + " " + version("a") + " "
                + store.get(ks, "b").isPresent() + " " + store.itemIds(ks, g2));

        store.activate(ks, g2);
        store.activate(ks, g2); // again: nothing is published

        assertThat(seen).containsExactly(OptionalLong.of(g2) + " RID-g2-a false [a]");
    }

    @Test
    void get_getAllAndItemIds_dropAListAtExactlyItsTtl() {
        InMemoryRecommendationStore ttl = InMemoryRecommendationStore.builder()
                .clock(clock)
                .ttl(Duration.ofMinutes(5))
                .build();
        long g = ttl.beginGeneration(ks);
        ttl.putAll(ks, g, List.of(list("a", "g")));
        clock.advance(Duration.ofMinutes(1));
        ttl.putAll(ks, g, List.of(list("b", "g")));
        ttl.activate(ks, g);
        clock.advance(Duration.ofMinutes(4).minusMillis(1));

        assertThat(ttl.getAll(ks, List.of("a", "b", "c"))).containsOnlyKeys("a", "b");
        assertThat(ttl.itemIds(ks, g)).containsExactlyInAnyOrder("a", "b");

        clock.advance(Duration.ofMillis(1));

        assertThat(ttl.get(ks, "a")).isEmpty();
        assertThat(ttl.getAll(ks, List.of("a", "b"))).containsOnlyKeys("b");
        assertThat(ttl.itemIds(ks, g)).containsExactly("b");
        assertThat(ttl.toString()).isEqualTo("InMemoryRecommendationStore{keyspaces=1, users=0, ttl=PT5M}");
        assertThatThrownBy(() -> InMemoryRecommendationStore.builder().ttl(Duration.ofSeconds(-1)))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("ttl must be positive, but it is PT-1S");
        assertThat(InMemoryRecommendationStore.builder().ttl(null).build().toString())
                .isEqualTo("InMemoryRecommendationStore{keyspaces=0, users=0}");
    }

    @Test
    void activeKeyspaces_listsOnlyActivatedKeyspacesOfTheCampaign() {
        CacheKeyspace elsewhere = ks.copy(b -> b.campaignArn("arn:aws:personalize:us-east-1:000000000000:campaign/b"));
        store.activate(ks, store.beginGeneration(ks));
        store.activate(elsewhere, store.beginGeneration(elsewhere));
        store.beginGeneration(other); // pending only
        store.put(other, list("a", "live"));

        assertThat(store.activeKeyspaces(ks.campaignArn())).containsExactly(ks);
        assertThat(store.activeKeyspaces("arn:aws:personalize:us-east-1:000000000000:campaign/none"))
                .isEmpty();
        assertThatThrownBy(() -> store.activeKeyspaces(null)).hasMessage("campaignArn");
    }

    UserRecommendations userList(String user) {
        return UserRecommendations.builder()
                .userId(user)
                .items(List.of(RecommendedItem.of("x")))
                .fetchedAt(clock.instant())
                .build();
    }

    @Test
    void getUser_expiresAtExactlyTheTimeToLive_andInvalidateReturnsOnlyLiveKeyspaces() {
        UserKeyspace k1 = UserKeyspace.of("arn:c1", UserRecommendationsRequest.forUser("-"));
        UserKeyspace k2 = UserKeyspace.of("arn:c2", UserRecommendationsRequest.forUser("-"));
        UserRecommendations list = userList("u");
        store.putUser(k1, "u", list, Duration.ofMinutes(1));
        store.putUser(k2, "u", list, Duration.ofMinutes(10));
        clock.advance(Duration.ofMinutes(1).minusMillis(1));
        assertThat(store.getUser(k1, "u")).containsSame(list);

        clock.advance(Duration.ofMillis(1));

        assertThat(store.getUser(k1, "u")).isEmpty();
        assertThat(store.getUser(k2, "u")).isPresent();
        assertThat(store.getUser(k2, "nobody")).isEmpty();
        assertThat(store.invalidateUser("u")).containsExactly(k2.id());
        assertThat(store.getUser(k2, "u")).isEmpty();
        assertThat(store.invalidateUser("u")).isEmpty();
        assertThatThrownBy(() -> store.putUser(k1, "u", userList("u"), Duration.ZERO))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeToLive must be positive, but it is PT0S");
        assertThatThrownBy(() -> store.putUser(k1, "u", userList("u"), Duration.ofSeconds(-2)))
                .hasMessage("timeToLive must be positive, but it is PT-2S");
    }

    @Test
    void putUser_everyFourThousandNinetySixthWrite_sweepsUsersWhoseListsAllExpired() {
        UserKeyspace k = UserKeyspace.of("arn:c1", UserRecommendationsRequest.forUser("-"));
        store.putUser(k, "old-1", userList("old-1"), Duration.ofMinutes(1));
        store.putUser(k, "old-2", userList("old-2"), Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(1)); // both expire now
        UserRecommendations fresh = userList("u");
        for (int i = 0; i < 4093; i++) {
            store.putUser(k, "u-" + i, fresh, Duration.ofMinutes(5));
        }
        assertThat(store.toString()).isEqualTo("InMemoryRecommendationStore{keyspaces=0, users=4095}");

        store.putUser(k, "u-4093", fresh, Duration.ofMinutes(5)); // write 4096

        assertThat(store.toString()).isEqualTo("InMemoryRecommendationStore{keyspaces=0, users=4094}");
        store.putUser(k, "old-1", userList("old-1"), Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(1));
        for (int i = 0; i < 4094; i++) {
            store.putUser(k, "u-" + i, fresh, Duration.ofMinutes(5));
        }
        assertThat(store.toString()).isEqualTo("InMemoryRecommendationStore{keyspaces=0, users=4095}");
        store.putUser(k, "u-0", fresh, Duration.ofMinutes(5)); // write 8192

        assertThat(store.toString()).isEqualTo("InMemoryRecommendationStore{keyspaces=0, users=4094}");
        store.close();
        assertThat(store.toString()).isEqualTo("InMemoryRecommendationStore{keyspaces=0, users=0}");
    }
}
