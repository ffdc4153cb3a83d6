package io.personalizekit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.personalizekit.recipe.Recipe;
import io.personalizekit.recommend.PersonalizedRanking;
import io.personalizekit.recommend.PersonalizedRankingClient;
import io.personalizekit.recommend.RecommendationResult;
import io.personalizekit.recommend.RecommendedItem;
import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.recommend.UserRecommendations;
import io.personalizekit.recommend.UserRecommendationsClient;
import io.personalizekit.resource.Deployment;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code personalize-kit recommend}: asks a campaign (similar items, items for a user, a ranking). */
@Command(
        name = "recommend",
        mixinStandardHelpOptions = true,
        description = "Asks a campaign for recommendations: 'similar' items to an item, items for a 'user', or a"
                + " 'rank'ing of candidate items for a user. The campaign is named by --campaign-arn, or is the"
                + " campaign of a --pipeline JSON that 'apply' ran to the end.",
        subcommands = {RecommendCommand.Similar.class, RecommendCommand.User.class, RecommendCommand.Rank.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  personalize-kit recommend similar --pipeline news-pipeline.json --item article-1",
            "  personalize-kit recommend user --campaign-arn arn:aws:personalize:...:campaign/for-you --user reader-7",
            "  personalize-kit recommend rank --campaign-arn ARN --user reader-7 article-1 article-2 article-3"
        })
final class RecommendCommand implements Runnable {
    @Spec
    @SuppressWarnings("NullAway.Init")
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name what to recommend: similar, user or rank");
    }

    /** {@code recommend similar}. */
    @Command(
            name = "similar",
            mixinStandardHelpOptions = true,
            description = "The items most similar to an item (GetRecommendations with itemId): a Similar-Items or"
                    + " SIMS campaign.",
            footerHeading = "%nExamples:%n",
            footer = {
                "  personalize-kit recommend similar --pipeline news-pipeline.json --item article-1",
                "  personalize-kit recommend similar --campaign-arn ARN --item article-1 -n 10 -o json"
            })
    static final class Similar extends CliCommand {
        @Mixin
        final TargetOptions target = new TargetOptions();

        @Option(
                names = {"-i", "--item"},
                required = true,
                paramLabel = "ITEM_ID",
                description = "The seed item.")
        @SuppressWarnings("NullAway.Init")
        String itemId;

        @Option(
                names = {"-n", "--num-results"},
                paramLabel = "N",
                defaultValue = "25",
                description = "How many items (1 to 500). Default: ${DEFAULT-VALUE}.")
        int numResults;

        @Override
        int run(Session session) {
            Deployment d = target.deployment(session);
            SimilarItems result;
            try (SimilarItemsClient client = SimilarItemsClient.builder()
                    .runtimeClient(session.runtime())
                    .deployment(d)
                    .build()) {
                result = client.similarItems(r -> r.itemId(itemId).numResults(numResults));
            }
            ObjectNode json = json("similar", d, result);
            json.put("itemId", itemId);
            session.output().result(json, out -> {
                out.println("The " + result.items().size() + " items most similar to " + itemId + ":");
                text(result, out);
            });
            return ExitCodes.OK;
        }
    }

    /** {@code recommend user}. */
    @Command(
            name = "user",
            mixinStandardHelpOptions = true,
            description = "The items recommended to a user (GetRecommendations with userId): a User-Personalization,"
                    + " Popularity-Count or Trending-Now campaign.",
            footerHeading = "%nExamples:%n",
            footer = {"  personalize-kit recommend user --campaign-arn ARN --user reader-7 -n 10"})
    static final class User extends CliCommand {
        @Mixin
        final TargetOptions target = new TargetOptions();

        @Option(
                names = {"-u", "--user"},
                required = true,
                paramLabel = "USER_ID",
                description = "The user.")
        @SuppressWarnings("NullAway.Init")
        String userId;

        @Option(
                names = {"-n", "--num-results"},
                paramLabel = "N",
                defaultValue = "25",
                description = "How many items (1 to 500). Default: ${DEFAULT-VALUE}.")
        int numResults;

        @Option(
                names = "--recipe",
                paramLabel = "RECIPE",
                description = "The campaign's recipe, e.g. aws-user-personalization-v2. Default: looked up with"
                        + " DescribeSolutionVersion.")
        @Nullable
        String recipe;

        @Override
        int run(Session session) {
            Deployment d = target.deployment(session);
            Recipe r = TargetOptions.recipe(session, d, recipe);
            UserRecommendations result;
            try (UserRecommendationsClient client = UserRecommendationsClient.builder()
                    .runtimeClient(session.runtime())
                    .campaignArn(d.campaign().arn())
                    .recipe(r)
                    .build()) {
                result = client.recommendations(q -> q.userId(userId).numResults(numResults));
            }
            ObjectNode json = json("user", d, result);
            json.put("userId", userId);
            session.output().result(json, out -> {
                out.println("The " + result.items().size() + " items recommended to " + userId + ":");
                text(result, out);
            });
            return ExitCodes.OK;
        }
    }

    /** {@code recommend rank}. */
    @Command(
            name = "rank",
            mixinStandardHelpOptions = true,
            description = "Candidate items ordered for a user (GetPersonalizedRanking): a Personalized-Ranking"
                    + " campaign. Items the model has never seen come last, without a score.",
            footerHeading = "%nExamples:%n",
            footer = {"  personalize-kit recommend rank --campaign-arn ARN --user reader-7 article-1 article-2"})
    static final class Rank extends CliCommand {
        @Mixin
        final TargetOptions target = new TargetOptions();

        @Option(
                names = {"-u", "--user"},
                required = true,
                paramLabel = "USER_ID",
                description = "The user.")
        @SuppressWarnings("NullAway.Init")
        String userId;

        @Option(
                names = "--recipe",
                paramLabel = "RECIPE",
                description = "The campaign's recipe, e.g. aws-personalized-ranking-v2. Default: looked up with"
                        + " DescribeSolutionVersion.")
        @Nullable
        String recipe;

        @Parameters(paramLabel = "ITEM_ID", arity = "1..500", description = "The candidates (1 to 500).")
        List<String> items = new ArrayList<>();

        @Override
        int run(Session session) {
            Deployment d = target.deployment(session);
            Recipe r = TargetOptions.recipe(session, d, recipe);
            PersonalizedRanking result;
            try (PersonalizedRankingClient client = PersonalizedRankingClient.builder()
                    .runtimeClient(session.runtime())
                    .campaignArn(d.campaign().arn())
                    .recipe(r)
                    .build()) {
                result = client.rank(userId, items);
            }
            ObjectNode json = json("rank", d, result);
            json.put("userId", userId);
            session.output().result(json, out -> {
                out.println(result.items().size() + " items ranked for " + userId + ":");
                text(result, out);
            });
            return ExitCodes.OK;
        }
    }

    static ObjectNode json(String kind, Deployment d, RecommendationResult result) {
        ObjectNode o = Output.object();
        o.put("kind", kind);
        o.put("campaign", d.campaign().arn());
        result.recommendationId().ifPresent(id -> o.put("recommendationId", id));
        o.put("source", result.source().name());
        ArrayNode items = o.putArray("items");
        for (RecommendedItem item : result.items()) {
            ObjectNode j = items.addObject().put("itemId", item.itemId());
            item.score().ifPresent(s -> j.put("score", s));
        }
        return o;
    }

    static void text(RecommendationResult result, PrintWriter out) {
        int rank = 0;
        for (RecommendedItem item : result.items()) {
            rank++;
            out.println(String.format(
                    Locale.ROOT,
                    "  %3d. %s%s",
                    rank,
                    item.itemId(),
                    item.score()
                            .map(s -> String.format(Locale.ROOT, "  %.4f", s))
                            .orElse("")));
        }
    }
}
