package io.personalizekit.pipeline;

import io.personalizekit.resource.ResourceType;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import io.personalizekit.testing.FakePersonalize;
import java.time.Duration;

/** The seed article's schemas and pipeline, and realistic service timings. */
final class Article {
    static final String ROLE = "arn:aws:iam::123456789012:role/PersonalizeS3Access";

    static final DatasetSchema ITEMS = SchemaBuilder.forType(DatasetType.ITEMS)
            .recordName("ITEMS")
            .namespace("com.seeeff.personalize.schema")
            .stringField("ITEM_ID")
            .stringField("LABELS", f -> f.nullable().categorical())
            .longField("CREATION_TIMESTAMP")
            .build();

    static final DatasetSchema INTERACTIONS = SchemaBuilder.forType(DatasetType.INTERACTIONS)
            .stringField("USER_ID")
            .stringField("ITEM_ID")
            .longField("TIMESTAMP")
            .build();

    static final String ITEMS_JOB = "news-items-import";
    static final String INTERACTIONS_JOB = "news-interactions-import";

    private Article() {}

    static PipelineSpec spec() {
        return PipelineSpec.builder()
                .datasetGroup(g -> g.name("news")
                        .putTag("team", "news")
                        .addDataset(d -> d.schema(ITEMS)
                                .addImport(i -> i.dataLocation("s3://news-personalize/items.csv")
                                        .roleArn(ROLE)))
                        .addDataset(d -> d.schema(INTERACTIONS)
                                .addImport(i -> i.dataLocation("s3://news-personalize/interactions.csv")
                                        .roleArn(ROLE))))
                .solution(s -> s.name("news-similar").performAutoTraining(false))
                .campaign(c -> c.name("news-similar"))
                .addFilter(FilterSpec.of("no-obituaries", "EXCLUDE ItemID WHERE Items.LABELS IN (\"obituaries\")"))
                .eventTrackerName("news-events")
                .build();
    }

    /** Short times for scenario tests: every resource passes through CREATE PENDING and CREATE IN_PROGRESS. */
    static FakePersonalize quickTimes(FakePersonalize fake) {
        for (ResourceType t : ResourceType.values()) {
            fake.timeToActive(t, Duration.ofSeconds(4)).timeToDelete(t, Duration.ofSeconds(4));
        }
        return fake.timeToActive(ResourceType.DATASET_IMPORT_JOB, Duration.ofSeconds(10))
                .timeToActive(ResourceType.SOLUTION_VERSION, Duration.ofSeconds(30))
                .timeToActive(ResourceType.CAMPAIGN, Duration.ofSeconds(10));
    }

    /** Realistic times to ACTIVE (the dataset group is quick, training is long). */
    static FakePersonalize realisticTimes(FakePersonalize fake) {
        return fake.timeToActive(ResourceType.DATASET_GROUP, Duration.ofSeconds(30))
                .timeToActive(ResourceType.DATASET, Duration.ofSeconds(20))
                .timeToActive(ResourceType.DATASET_IMPORT_JOB, Duration.ofMinutes(10))
                .timeToActive(ResourceType.SOLUTION, Duration.ofSeconds(60))
                .timeToActive(ResourceType.SOLUTION_VERSION, Duration.ofMinutes(45))
                .timeToActive(ResourceType.CAMPAIGN, Duration.ofMinutes(12))
                .timeToActive(ResourceType.FILTER, Duration.ofSeconds(60))
                .timeToActive(ResourceType.EVENT_TRACKER, Duration.ofSeconds(30))
                .timeToDelete(ResourceType.CAMPAIGN, Duration.ofMinutes(2))
                .timeToDelete(ResourceType.SOLUTION, Duration.ofSeconds(30))
                .timeToDelete(ResourceType.DATASET, Duration.ofSeconds(20))
                .timeToDelete(ResourceType.DATASET_GROUP, Duration.ofSeconds(20))
                .timeToDelete(ResourceType.FILTER, Duration.ofSeconds(10))
                .timeToDelete(ResourceType.EVENT_TRACKER, Duration.ofSeconds(10));
    }
}
