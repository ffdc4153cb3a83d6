package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.s3.S3Client;

/** Builds the article's pipeline up to an ACTIVE campaign, for tests that start from there. */
final class TestPipeline {
    final String group;
    final String itemsDataset;
    final String interactionsDataset;
    final String solution;
    final String version;
    final String campaign;

    private TestPipeline(
            String group, String items, String interactions, String solution, String version, String campaign) {
        this.group = group;
        this.itemsDataset = items;
        this.interactionsDataset = interactions;
        this.solution = solution;
        this.version = version;
        this.campaign = campaign;
    }

    static TestPipeline build(PersonalizeLocal local, String name, String recipeArn) {
        PersonalizeClient p = local.personalizeClient();
        S3Client s3 = local.s3Client();
        s3.createBucket(r -> r.bucket(name));
        s3.putObject(r -> r.bucket(name).key("items.csv"), RequestBody.fromString(Articles.itemsCsv()));
        s3.putObject(r -> r.bucket(name).key("interactions.csv"), RequestBody.fromString(Articles.interactionsCsv()));
        String itemsSchema = p.createSchema(r -> r.name(name + "-items").schema(Fixtures.ITEMS_SCHEMA))
                .schemaArn();
        String interactionsSchema = p.createSchema(
                        r -> r.name(name + "-interactions").schema(Fixtures.INTERACTIONS_SCHEMA))
                .schemaArn();
        String group = p.createDatasetGroup(r -> r.name(name)).datasetGroupArn();
        active(() -> p.describeDatasetGroup(r -> r.datasetGroupArn(group))
                .datasetGroup()
                .status());
        String items = p.createDataset(r -> r.name(name + "-items")
                        .datasetGroupArn(group)
                        .schemaArn(itemsSchema)
                        .datasetType("Items"))
                .datasetArn();
        String interactions = p.createDataset(r -> r.name(name + "-interactions")
                        .datasetGroupArn(group)
                        .schemaArn(interactionsSchema)
                        .datasetType("Interactions"))
                .datasetArn();
        active(() -> p.describeDataset(r -> r.datasetArn(items)).dataset().status());
        active(() ->
                p.describeDataset(r -> r.datasetArn(interactions)).dataset().status());
        importCsv(p, name + "-items-import", items, "s3://" + name + "/items.csv");
        importCsv(p, name + "-interactions-import", interactions, "s3://" + name + "/interactions.csv");
        String solution = p.createSolution(r ->
                        r.name(name).datasetGroupArn(group).recipeArn(recipeArn).performAutoTraining(false))
                .solutionArn();
        active(() -> p.describeSolution(r -> r.solutionArn(solution)).solution().status());
        String version = train(p, solution);
        String campaign =
                p.createCampaign(r -> r.name(name).solutionVersionArn(version)).campaignArn();
        active(() -> p.describeCampaign(r -> r.campaignArn(campaign)).campaign().status());
        return new TestPipeline(group, items, interactions, solution, version, campaign);
    }

    static void importCsv(PersonalizeClient p, String job, String dataset, String location) {
        String arn = p.createDatasetImportJob(r -> r.jobName(job)
                        .datasetArn(dataset)
                        .roleArn(Fixtures.ROLE)
                        .dataSource(s -> s.dataLocation(location)))
                .datasetImportJobArn();
        active(() -> p.describeDatasetImportJob(r -> r.datasetImportJobArn(arn))
                .datasetImportJob()
                .status());
    }

    static String train(PersonalizeClient p, String solution) {
        String version = p.createSolutionVersion(r -> r.solutionArn(solution)).solutionVersionArn();
        active(() -> p.describeSolutionVersion(r -> r.solutionVersionArn(version))
                .solutionVersion()
                .status());
        return version;
    }

    /** The campaign's GetRecommendations for item "1", in order. */
    static java.util.List<String> similarToItem1(PersonalizeLocal local, String campaign) {
        return local
                .runtimeClient()
                .getRecommendations(r -> r.campaignArn(campaign).itemId("1"))
                .itemList()
                .stream()
                .map(software.amazon.awssdk.services.personalizeruntime.model.PredictedItem::itemId)
                .collect(java.util.stream.Collectors.toList());
    }

    private static void active(java.util.function.Supplier<String> status) {
        assertThat(Await.terminal(status)).isEqualTo("ACTIVE");
    }
}
