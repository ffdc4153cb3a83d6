package io.personalizekit.cache.redis;

import io.personalizekit.cache.CacheKeyspace;
import io.personalizekit.cache.RecommendationFetcher;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.recommend.SimilarItemsRequest;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;

/**
 * A fetcher run in a process of its own, for {@link FetcherKillTest} to kill with SIGKILL: the real SDK client against
 * the stubbed runtime, the real Redis store.
 */
final class FetcherProcess {
    static final int MAX_TPS = 500;
    static final int MAX_CONCURRENCY = 16;
    static final int WRITE_BATCH_SIZE = 500;
    static final String KEY_PREFIX = "news:";

    private FetcherProcess() {}

    static CacheKeyspace keyspace() {
        return CacheKeyspace.of(
                StubbedRuntime.CAMPAIGN,
                StubbedRuntime.SV1,
                SimilarItemsRequest.builder().itemId("x").build());
    }

    static List<String> ids(int n) {
        return IntStream.range(0, n).mapToObj(i -> "item-" + i).collect(Collectors.toList());
    }

    static RecommendationFetcher.Builder fetcher(SimilarItemsClient client, RedisRecommendationStore store) {
        return RecommendationFetcher.builder()
                .client(client)
                .store(store)
                .keyspace(keyspace())
                .maxTps(MAX_TPS)
                .maxConcurrency(MAX_CONCURRENCY)
                .writeBatchSize(WRITE_BATCH_SIZE);
    }

    /**
     * Runs the fetch.
     *
     * @param args the Redis URI, the stub's base URL, the number of items
     */
    public static void main(String[] args) {
        try (PersonalizeRuntimeClient runtime = StubbedRuntime.runtime(args[1]);
                SimilarItemsClient client = StubbedRuntime.similarItems(runtime);
                RedisRecommendationStore store = RedisRecommendationStore.builder()
                        .redisUri(args[0])
                        .keyPrefix(KEY_PREFIX)
                        .build()) {
            fetcher(client, store).build().run(ids(Integer.parseInt(args[2])));
        }
    }
}
