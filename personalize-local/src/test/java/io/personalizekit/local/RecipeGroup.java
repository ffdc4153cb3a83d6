package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.CampaignConfig;
import software.amazon.awssdk.services.personalize.model.CreateSolutionRequest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A dataset group with imported interactions (and items), through the real SDK against personalize-local, from
 * which tests create solutions, versions and campaigns of any recipe.
 */
final class RecipeGroup {
    static final String INTERACTIONS_WITH_TYPES_SCHEMA = "{\"type\":\"record\",\"name\":\"Interactions\","
            + "\"namespace\":\"com.amazonaws.personalize.schema\",\"fields\":["
            + "{\"name\":\"USER_ID\",\"type\":\"string\"},"
            + "{\"name\":\"ITEM_ID\",\"type\":\"string\"},"
            + "{\"name\":\"TIMESTAMP\",\"type\":\"long\"},"
            + "{\"name\":\"EVENT_TYPE\",\"type\":\"string\"}],\"version\":\"1.0\"}";

    final PersonalizeLocal local;
    final String name;
    final String group;
    final String interactionsDataset;
    final @Nullable String itemsDataset;

    private RecipeGroup(
            PersonalizeLocal local,
            String name,
            String group,
            String interactionsDataset,
            @Nullable String itemsDataset) {
        this.local = local;
        this.name = name;
        this.group = group;
        this.interactionsDataset = interactionsDataset;
        this.itemsDataset = itemsDataset;
    }

    /**
     * Creates the group, its datasets and imports (waiting for each to be ACTIVE).
     *
     * @param interactionsSchema the interactions schema JSON
     * @param itemsCsv the items CSV, or null for no items dataset
     */
    static RecipeGroup create(
            PersonalizeLocal local,
            String name,
            String interactionsSchema,
            String interactionsCsv,
            @Nullable String itemsSchema,
            @Nullable String itemsCsv) {
        PersonalizeClient p = local.personalizeClient();
        S3Client s3 = local.s3Client();
        s3.createBucket(r -> r.bucket(name));
        s3.putObject(r -> r.bucket(name).key("interactions.csv"), RequestBody.fromString(interactionsCsv));
        String group = p.createDatasetGroup(r -> r.name(name)).datasetGroupArn();
        active(() -> p.describeDatasetGroup(r -> r.datasetGroupArn(group))
                .datasetGroup()
                .status());
        String interactionsSchemaArn = p.createSchema(
                        r -> r.name(name + "-interactions").schema(interactionsSchema))
                .schemaArn();
        String interactions = p.createDataset(r -> r.name(name + "-interactions")
                        .datasetGroupArn(group)
                        .schemaArn(interactionsSchemaArn)
                        .datasetType("Interactions"))
                .datasetArn();
        active(() ->
                p.describeDataset(r -> r.datasetArn(interactions)).dataset().status());
        TestPipeline.importCsv(p, name + "-interactions-import", interactions, "s3://" + name + "/interactions.csv");
        String items = null;
        if (itemsCsv != null && itemsSchema != null) {
            s3.putObject(r -> r.bucket(name).key("items.csv"), RequestBody.fromString(itemsCsv));
            String itemsSchemaArn = p.createSchema(r -> r.name(name + "-items").schema(itemsSchema))
                    .schemaArn();
            String itemsArn = p.createDataset(r -> r.name(name + "-items")
                            .datasetGroupArn(group)
                            .schemaArn(itemsSchemaArn)
                            .datasetType("Items"))
                    .datasetArn();
            active(() ->
                    p.describeDataset(r -> r.datasetArn(itemsArn)).dataset().status());
            TestPipeline.importCsv(p, name + "-items-import", itemsArn, "s3://" + name + "/items.csv");
            items = itemsArn;
        }
        return new RecipeGroup(local, name, group, interactions, items);
    }

    /** A solution of the recipe (no automatic training), ACTIVE. */
    String solution(String suffix, String recipe, Consumer<CreateSolutionRequest.Builder> more) {
        PersonalizeClient p = local.personalizeClient();
        String solution = p.createSolution(r -> {
                    r.name(name + "-" + suffix)
                            .datasetGroupArn(group)
                            .recipeArn("arn:aws:personalize:::recipe/" + recipe)
                            .performAutoTraining(false);
                    more.accept(r);
                })
                .solutionArn();
        active(() -> p.describeSolution(r -> r.solutionArn(solution)).solution().status());
        return solution;
    }

    /** A trained version of a new solution of the recipe, ACTIVE. */
    String version(String suffix, String recipe) {
        return TestPipeline.train(local.personalizeClient(), solution(suffix, recipe, r -> {}));
    }

    /** An ACTIVE campaign of a solution version. */
    String campaign(String suffix, String version, Consumer<CampaignConfig.Builder> config) {
        PersonalizeClient p = local.personalizeClient();
        String campaign = p.createCampaign(r ->
                        r.name(name + "-" + suffix).solutionVersionArn(version).campaignConfig(config))
                .campaignArn();
        active(() -> p.describeCampaign(r -> r.campaignArn(campaign)).campaign().status());
        return campaign;
    }

    /** An ACTIVE campaign of a new solution version of the recipe, with the default campaign configuration. */
    String campaign(String recipe) {
        return campaign(recipe, version(recipe, recipe), c -> {});
    }

    static void active(java.util.function.Supplier<String> status) {
        assertThat(Await.terminal(status)).isEqualTo("ACTIVE");
    }
}
