package io.personalizekit.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.resource.CampaignRef;
import io.personalizekit.resource.Deployment;
import io.personalizekit.resource.FilterRef;
import io.personalizekit.resource.SolutionVersionRef;
import io.personalizekit.testing.FakeClock;
import io.personalizekit.testing.FakeSimilarItemsClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bulk fetcher and the caching client agree on the keyspace when built from one value, and a disagreement (a
 * fetcher filling another request shape than the client reads) is reported instead of every read missing silently.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class KeyspaceAgreementTest {
    static final String CAMPAIGN = "arn:aws:personalize:us-east-1:123456789012:campaign/news";
    static final String SV1 = "arn:aws:personalize:us-east-1:123456789012:solution/news/v1";
    static final Deployment NEWS = Deployment.builder()
            .campaign(CampaignRef.of(CAMPAIGN))
            .solutionVersion(SolutionVersionRef.of(SV1))
            .putFilter(FilterRef.of("arn:aws:personalize:us-east-1:123456789012:filter/no-obituaries"))
            .build();
    static final List<String> IDS = List.of("a1", "a2", "a3");

    final FakeClock clock = new FakeClock(Instant.parse("2026-11-28T10:00:00Z"));
    final FakeSimilarItemsClient live = new FakeSimilarItemsClient(clock);
    final InMemoryRecommendationStore store = InMemoryRecommendationStore.create();

    RecommendationFetcher.Builder fetcher() {
        AtomicLong fakeNanos = new AtomicLong();
        return RecommendationFetcher.builder()
                .client(live)
                .store(store)
                .maxConcurrency(2)
                .clock(clock)
                .maxTps(500)
                .timing(fakeNanos::get, d -> fakeNanos.addAndGet(d.toNanos()));
    }

    CachingSimilarItemsClient.Builder cached() {
        return CachingSimilarItemsClient.builder()
                .delegate(live)
                .store(store)
                .ttl(Duration.ofHours(1))
                .refreshAhead(Duration.ZERO)
                .clock(clock);
    }

    @Test
    void fetcherAndClient_builtFromOneKeyspace_everyReadHitsTheFetchersLists() {
        CacheKeyspace keyspace = CacheKeyspace.builder()
                .deployment(NEWS)
                .numResults(10)
                .filter(NEWS.filter("no-obituaries"))
                .build();
        fetcher().keyspace(keyspace).build().run(IDS);
        int fetched = live.calls.get();

        String log;
        try (CachingSimilarItemsClient client = cached().keyspace(keyspace).build()) {
            SimilarItems[] answers = new SimilarItems[2];
            log = stderrOf(() -> {
                answers[0] = client.similarTo("a1");
                answers[1] = client.similarItems(r -> r.itemId("a2"));
            });
            assertThat(client.keyspace()).isEqualTo(keyspace);
            assertThat(answers[0].source()).isEqualTo(ResultSource.CACHE);
            assertThat(answers[0].itemIds()).hasSize(10);
            assertThat(answers[1].source()).isEqualTo(ResultSource.CACHE);
            assertThat(client.similarToMany(List.of("a1", "a3")).items()).isNotEmpty();
            assertThat(client.stats().missCount()).isZero();
        }
        assertThat(live.calls).as("no live call after the fetch").hasValue(fetched);
        assertThat(log).doesNotContain("WARN");
    }

    @Test
    void fetcherAndClient_builtFromOneDeployment_agreeOnTheDefaultShape() {
        fetcher().deployment(NEWS).build().run(IDS);
        try (CachingSimilarItemsClient client = cached().deployment(NEWS).build()) {
            assertThat(client.similarTo("a2").source()).isEqualTo(ResultSource.CACHE);
            assertThat(client.keyspace().numResults()).isEqualTo(25);
        }
    }

    @Test
    void client_whenTheFetcherFilledAnotherNumResults_warnsOnceNamingBothKeyspaces() {
        CacheKeyspace fetched =
                CacheKeyspace.builder().deployment(NEWS).numResults(25).build();
        CacheKeyspace read = fetched.copy(k -> k.numResults(10));
        fetcher().keyspace(fetched).build().run(IDS);

        try (CachingSimilarItemsClient client = cached().keyspace(read).build()) {
            String first = stderrOf(() -> client.similarTo("a1"));
            String again = stderrOf(() -> {
                client.similarTo("a2");
                clock.advance(Duration.ofMinutes(5));
                client.similarTo("a3");
            });

            assertThat(first)
                    .contains("WARN")
                    .contains("Cache reads of campaign " + CAMPAIGN + " miss every list a bulk fetch stored: this"
                            + " client reads keyspace " + read.id() + ", but the store's active keyspace for"
                            + " solution version " + SV1 + " is " + fetched.id() + " (numResults 10 vs 25), so each"
                            + " read of this request shape calls Personalize. Build the RecommendationFetcher and"
                            + " the CachingSimilarItemsClient from one CacheKeyspace.");
            assertThat(again).as("warned once per keyspace").doesNotContain("WARN");
            assertThat(client.stats().missCount()).isEqualTo(3);
        }
    }

    @Test
    void client_whenTheFetcherRunsAfterTheFirstMiss_reportsTheMismatchOnALaterMiss() {
        CacheKeyspace fetched = CacheKeyspace.builder()
                .deployment(NEWS)
                .filter(NEWS.filter("no-obituaries"))
                .build();
        try (CachingSimilarItemsClient client = cached().deployment(NEWS).build()) {
            assertThat(stderrOf(() -> client.similarTo("a1")))
                    .as("nothing bulk-filled yet")
                    .doesNotContain("WARN");
            fetcher().keyspace(fetched).build().run(IDS);

            assertThat(stderrOf(() -> client.similarTo("a2")))
                    .as("checked at most once per interval")
                    .doesNotContain("WARN");
            clock.advance(CachingSimilarItemsClient.KEYSPACE_CHECK_INTERVAL);
            assertThat(stderrOf(() -> client.similarTo("a3")))
                    .contains("(filter none vs arn:aws:personalize:us-east-1:123456789012:filter/no-obituaries)");
        }
    }

    @Test
    void client_whenItsKeyspaceIsActive_doesNotWarnAboutOtherShapesItIsNotAskedFor() {
        CacheKeyspace fetched = CacheKeyspace.builder().deployment(NEWS).build();
        fetcher().keyspace(fetched).build().run(IDS);
        try (CachingSimilarItemsClient client = cached().keyspace(fetched).build()) {
            String log = stderrOf(() -> client.similarTo("not-fetched"));
            assertThat(log).doesNotContain("WARN");
        }
    }

    @Test
    void builder_whenKeyspaceAndCampaignDisagree_failsNamingBoth() {
        CacheKeyspace keyspace = CacheKeyspace.builder().deployment(NEWS).build();
        assertThatThrownBy(() -> cached().keyspace(keyspace)
                        .campaignArn("arn:aws:personalize:us-east-1:123456789012:campaign/other")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("keyspace is of campaign " + CAMPAIGN
                        + ", but campaignArn is arn:aws:personalize:us-east-1:123456789012:campaign/other; set one of"
                        + " them");
    }

    @Test
    void inMemoryStore_activeKeyspaces_listsOnlyActivatedKeyspacesOfTheCampaign() {
        CacheKeyspace a = CacheKeyspace.builder().deployment(NEWS).build();
        CacheKeyspace b = a.copy(k -> k.numResults(50));
        CacheKeyspace other = a.copy(k -> k.campaignArn(CAMPAIGN + "-2"));
        store.activate(a, store.beginGeneration(a));
        store.beginGeneration(b); // pending only
        store.put(b, FakeSimilarItemsClient.answer("x", 3, "v", clock)); // read-through only
        store.activate(other, store.beginGeneration(other));

        assertThat(store.activeKeyspaces(CAMPAIGN)).containsExactly(a);
    }

    @Test
    void encode_decode_roundTripsEveryValue() {
        CacheKeyspace k = CacheKeyspace.builder()
                .deployment(NEWS)
                .filter(NEWS.filter("no-obituaries"))
                .filterValues(Map.of("CAT", "\"sports\"", "A\"b", "\\x"))
                .numResults(7)
                .metadataColumns(List.of("LABELS", "TITLE"))
                .context(Map.of("DEVICE", "mobile"))
                .excludeSeed(false)
                .build();

        CacheKeyspace back = CacheKeyspace.decode(k.encode());

        assertThat(back).isEqualTo(k);
        assertThat(back.id()).isEqualTo(k.id());
        assertThat(CacheKeyspace.decode(a().encode())).isEqualTo(a());
        assertThatThrownBy(() -> CacheKeyspace.decode("{\"v\":2}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"v\":1");
        assertThatThrownBy(() -> CacheKeyspace.decode("{\"v\":1,\"campaignArn\":\"x\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Not an encoded CacheKeyspace: no text field \"solutionVersionArn\"");
        assertThatThrownBy(() -> CacheKeyspace.decode("not json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Not an encoded CacheKeyspace (not JSON)");
    }

    private static CacheKeyspace a() {
        return CacheKeyspace.builder().deployment(NEWS).build();
    }

    @Test
    void keyspace_fromADeployment_takesItsCampaignAndSolutionVersion() {
        CacheKeyspace k = CacheKeyspace.builder().deployment(NEWS).build();
        assertThat(k.campaignArn()).isEqualTo(CAMPAIGN);
        assertThat(k.solutionVersionArn()).isEqualTo(SV1);
        assertThat(Set.of(k))
                .contains(CacheKeyspace.builder()
                        .campaign(NEWS.campaign())
                        .solutionVersion(NEWS.solutionVersion())
                        .build());
        Deployment noCampaign =
                Deployment.builder().solutionVersion(NEWS.solutionVersion()).build();
        assertThatThrownBy(() -> CacheKeyspace.builder().deployment(noCampaign))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("This deployment has no campaign");
    }

    /** What slf4j-simple (which prints to the current {@code System.err}) logs while {@code body} runs. */
    private static String stderrOf(Runnable body) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
