package io.personalizekit.internal.recommend;

import io.personalizekit.exception.RecipeRuleException;
import io.personalizekit.recipe.Recipe;
import io.personalizekit.recipe.RecipeType;
import io.personalizekit.recommend.PersonalizedRanking;
import io.personalizekit.recommend.PersonalizedRankingClient;
import io.personalizekit.recommend.PersonalizedRankingRequest;
import io.personalizekit.recommend.RecommendedItem;
import io.personalizekit.recommend.ResultSource;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;
import software.amazon.awssdk.services.personalizeruntime.model.GetPersonalizedRankingRequest;
import software.amazon.awssdk.services.personalizeruntime.model.GetPersonalizedRankingResponse;

/**
 * The default {@link PersonalizedRankingClient}: checks each request against the recipe's limits, then makes one
 * {@code GetPersonalizedRanking} call on a borrowed runtime client. Thread-safe.
 */
public final class DefaultPersonalizedRankingClient implements PersonalizedRankingClient {
    private static final Logger log = LoggerFactory.getLogger(DefaultPersonalizedRankingClient.class);

    private final PersonalizeRuntimeClient runtime;
    private final String campaignArn;
    private final Recipe recipe;
    private final Clock clock;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DefaultPersonalizedRankingClient(BuilderImpl b) {
        this.runtime = Objects.requireNonNull(b.runtime, "runtimeClient");
        this.campaignArn = Objects.requireNonNull(b.campaignArn, "campaignArn");
        this.recipe = b.recipe;
        this.clock = b.clock;
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static PersonalizedRankingClient.Builder builder() {
        return new BuilderImpl();
    }

    @Override
    public PersonalizedRanking rank(PersonalizedRankingRequest request) {
        if (closed.get()) {
            throw new IllegalStateException("This PersonalizedRankingClient is closed");
        }
        boolean withMetadata = !request.metadataColumns().isEmpty();
        int max = recipe.maxResults(withMetadata);
        if (request.itemIds().size() > max) {
            throw new RecipeRuleException(
                    recipe.recipeName(),
                    "itemIds",
                    request.itemIds().size() + " items",
                    "at most " + max + " candidates" + (withMetadata ? " with metadata columns" : ""));
        }
        GetPersonalizedRankingResponse response = runtime.getPersonalizedRanking(toSdk(request));
        List<RecommendedItem> items = RuntimeMapping.toItems(response.personalizedRanking());
        log.debug(
                "GetPersonalizedRanking recipe={} user={} candidates={} returned={}",
                recipe,
                request.userId(),
                request.itemIds().size(),
                items.size());
        return PersonalizedRanking.builder()
                .userId(request.userId())
                .items(items)
                .recommendationId(response.recommendationId())
                .source(ResultSource.LIVE)
                .fetchedAt(clock.instant())
                .build();
    }

    @Override
    public Recipe recipe() {
        return recipe;
    }

    /** Marks the client closed; the runtime client is borrowed and stays open. */
    @Override
    public void close() {
        closed.set(true);
    }

    @Override
    public String toString() {
        return "PersonalizedRankingClient{campaign=" + campaignArn + ", recipe=" + recipe + "}";
    }

    private GetPersonalizedRankingRequest toSdk(PersonalizedRankingRequest r) {
        GetPersonalizedRankingRequest.Builder b = GetPersonalizedRankingRequest.builder()
                .campaignArn(campaignArn)
                .userId(r.userId())
                .inputList(r.itemIds());
        r.filterArn().ifPresent(b::filterArn);
        if (!r.filterValues().isEmpty()) {
            b.filterValues(r.filterValues());
        }
        if (!r.context().isEmpty()) {
            b.context(r.context());
        }
        if (!r.metadataColumns().isEmpty()) {
            b.metadataColumns(Map.of("ITEMS", r.metadataColumns()));
        }
        r.overrideConfiguration().ifPresent(b::overrideConfiguration);
        return b.build();
    }

    static final class BuilderImpl implements PersonalizedRankingClient.Builder {
        private @Nullable PersonalizeRuntimeClient runtime;
        private @Nullable String campaignArn;
        private Recipe recipe = Recipe.PERSONALIZED_RANKING_V2;
        private Clock clock = Clock.systemUTC();

        @Override
        public PersonalizedRankingClient.Builder runtimeClient(PersonalizeRuntimeClient runtimeClient) {
            this.runtime = Objects.requireNonNull(runtimeClient, "runtimeClient");
            return this;
        }

        @Override
        public PersonalizedRankingClient.Builder campaignArn(String campaignArn) {
            this.campaignArn =
                    RuntimeMapping.checkArn("campaignArn", Objects.requireNonNull(campaignArn, "campaignArn"));
            return this;
        }

        @Override
        public PersonalizedRankingClient.Builder recipe(Recipe recipe) {
            if (recipe.type() != RecipeType.PERSONALIZED_RANKING) {
                throw new IllegalArgumentException("recipe " + recipe.recipeName() + " is of type " + recipe.type()
                        + "; a ranking client needs a " + RecipeType.PERSONALIZED_RANKING + " recipe");
            }
            this.recipe = recipe;
            return this;
        }

        @Override
        public PersonalizedRankingClient.Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        @Override
        public PersonalizedRankingClient build() {
            return new DefaultPersonalizedRankingClient(this);
        }
    }
}
