package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.DatasetImportJob;
import software.amazon.awssdk.services.personalize.model.SolutionVersion;

/** The steps of a flow through the real SDK, each awaited: groups, datasets with their CSV, solutions, campaigns. */
final class Flows {
    private Flows() {}

    /** An ACTIVE custom dataset group. */
    static String group(PersonalizeClient p, String name) {
        String group = p.createDatasetGroup(r -> r.name(name)).datasetGroupArn();
        assertThat(Await.terminal(() -> p.describeDatasetGroup(r -> r.datasetGroupArn(group))
                        .datasetGroup()
                        .status()))
                .isEqualTo("ACTIVE");
        return group;
    }

    /** An ACTIVE dataset of a type with its own schema. */
    static String dataset(PersonalizeClient p, String group, String name, String type, String schema) {
        String schemaArn = p.createSchema(r -> r.name(name).schema(schema)).schemaArn();
        String dataset = p.createDataset(r ->
                        r.name(name).datasetGroupArn(group).schemaArn(schemaArn).datasetType(type))
                .datasetArn();
        assertThat(Await.terminal(() ->
                        p.describeDataset(r -> r.datasetArn(dataset)).dataset().status()))
                .isEqualTo("ACTIVE");
        return dataset;
    }

    /** Uploads a CSV and imports it into a dataset; returns the finished job (ACTIVE or CREATE FAILED). */
    static DatasetImportJob importCsv(PersonalizeLocal local, String bucket, String job, String dataset, String csv) {
        if (!local.s3Client().listBuckets().buckets().stream()
                .anyMatch(b -> b.name().equals(bucket))) {
            local.s3Client().createBucket(r -> r.bucket(bucket));
        }
        local.s3Client().putObject(r -> r.bucket(bucket).key(job + ".csv"), RequestBody.fromString(csv));
        PersonalizeClient p = local.personalizeClient();
        String arn = p.createDatasetImportJob(r -> r.jobName(job)
                        .datasetArn(dataset)
                        .roleArn(Fixtures.ROLE)
                        .dataSource(s -> s.dataLocation("s3://" + bucket + "/" + job + ".csv")))
                .datasetImportJobArn();
        Await.terminal(() -> p.describeDatasetImportJob(r -> r.datasetImportJobArn(arn))
                .datasetImportJob()
                .status());
        return p.describeDatasetImportJob(r -> r.datasetImportJobArn(arn)).datasetImportJob();
    }

    /** Imports a CSV that must succeed. */
    static void importOk(PersonalizeLocal local, String bucket, String job, String dataset, String csv) {
        DatasetImportJob done = importCsv(local, bucket, job, dataset, csv);
        assertThat(done.status()).as(done.failureReason()).isEqualTo("ACTIVE");
    }

    /** A solution with a recipe (no automatic training) and its first version, finished (ACTIVE or CREATE FAILED). */
    static SolutionVersion solutionVersion(PersonalizeClient p, String group, String name, String recipe) {
        String solution = p.createSolution(r -> r.name(name)
                        .datasetGroupArn(group)
                        .recipeArn("arn:aws:personalize:::recipe/" + recipe)
                        .performAutoTraining(false))
                .solutionArn();
        Await.terminal(() ->
                p.describeSolution(r -> r.solutionArn(solution)).solution().status());
        String version = p.createSolutionVersion(r -> r.solutionArn(solution)).solutionVersionArn();
        Await.terminal(() -> p.describeSolutionVersion(r -> r.solutionVersionArn(version))
                .solutionVersion()
                .status());
        return p.describeSolutionVersion(r -> r.solutionVersionArn(version)).solutionVersion();
    }

    /** An ACTIVE campaign of an ACTIVE solution version. */
    static String campaign(PersonalizeClient p, String name, SolutionVersion version) {
        assertThat(version.status()).as(version.failureReason()).isEqualTo("ACTIVE");
        String campaign = p.createCampaign(r -> r.name(name).solutionVersionArn(version.solutionVersionArn()))
                .campaignArn();
        assertThat(Await.terminal(() -> p.describeCampaign(r -> r.campaignArn(campaign))
                        .campaign()
                        .status()))
                .isEqualTo("ACTIVE");
        return campaign;
    }
}
