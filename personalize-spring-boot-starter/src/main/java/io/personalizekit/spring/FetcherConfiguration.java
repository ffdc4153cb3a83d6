package io.personalizekit.spring;

import io.personalizekit.cache.CachingSimilarItemsClient;
import io.personalizekit.cache.FetchSummary;
import io.personalizekit.cache.RecommendationFetcher;
import io.personalizekit.cache.RecommendationStore;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The fetcher job, on the instance that runs it. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "personalize.similar-items", name = "campaign-arn")
@ConditionalOnProperty(prefix = "personalize.cache", name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnProperty(prefix = "personalize.fetcher", name = "enabled", havingValue = "true")
class FetcherConfiguration {
    @Bean
    @ConditionalOnMissingBean
    FetcherJob personalizeFetcherJob(
            ListableBeanFactory beans,
            RecommendationStore store,
            CachingSimilarItemsClient reader,
            PersonalizeProperties properties,
            ObjectProvider<ItemIdSource> source,
            ObjectProvider<FetcherCustomizer> customizers) {
        PersonalizeProperties.Fetcher f = properties.getFetcher();
        return new FetcherJob(
                PersonalizeAutoConfiguration.liveClient(beans),
                store,
                reader,
                run(source.getIfAvailable(), f),
                f,
                customizers.orderedStream().toList());
    }

    private static Function<RecommendationFetcher, FetchSummary> run(
            @Nullable ItemIdSource source, PersonalizeProperties.Fetcher f) {
        if (source != null) {
            return fetcher -> fetcher.runFrom(source::itemIds);
        }
        Path csv = f.getCatalogCsv();
        if (csv != null) {
            String column = f.getItemIdColumn();
            return fetcher -> fetcher.runCatalogCsv(csv, column);
        }
        if (!f.getItemIds().isEmpty()) {
            List<String> ids = List.copyOf(f.getItemIds());
            return fetcher -> fetcher.run(ids);
        }
        throw new IllegalStateException("personalize.fetcher.enabled is true, but the job has no items to fetch:"
                + " set personalize.fetcher.catalog-csv or personalize.fetcher.item-ids, or define an"
                + " ItemIdSource bean");
    }
}
