package io.personalizekit.local.internal;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** The control-plane resource kinds, with their wire names and nominal (service-like) creation times. */
enum Kind {
    DATASET_GROUP(
            "dataset-group",
            "datasetGroup",
            "datasetGroupArn",
            "datasetGroups",
            null,
            10,
            List.of(
                    "name",
                    "datasetGroupArn",
                    "status",
                    "creationDateTime",
                    "lastUpdatedDateTime",
                    "failureReason",
                    "domain")),
    SCHEMA(
            "schema",
            "schema",
            "schemaArn",
            "schemas",
            null,
            0,
            List.of("name", "schemaArn", "creationDateTime", "lastUpdatedDateTime", "domain")),
    DATASET(
            "dataset",
            "dataset",
            "datasetArn",
            "datasets",
            "datasetGroupArn",
            10,
            List.of("name", "datasetArn", "datasetType", "status", "creationDateTime", "lastUpdatedDateTime")),
    DATASET_IMPORT_JOB(
            "dataset-import-job",
            "datasetImportJob",
            "datasetImportJobArn",
            "datasetImportJobs",
            "datasetArn",
            300,
            List.of(
                    "datasetImportJobArn",
                    "jobName",
                    "status",
                    "creationDateTime",
                    "lastUpdatedDateTime",
                    "failureReason",
                    "importMode")),
    SOLUTION(
            "solution",
            "solution",
            "solutionArn",
            "solutions",
            "datasetGroupArn",
            10,
            List.of("name", "solutionArn", "status", "creationDateTime", "lastUpdatedDateTime", "recipeArn")),
    SOLUTION_VERSION(
            "solution",
            "solutionVersion",
            "solutionVersionArn",
            "solutionVersions",
            "solutionArn",
            1800,
            List.of(
                    "solutionVersionArn",
                    "status",
                    "trainingMode",
                    "trainingType",
                    "creationDateTime",
                    "lastUpdatedDateTime",
                    "failureReason")),
    CAMPAIGN(
            "campaign",
            "campaign",
            "campaignArn",
            "campaigns",
            "solutionArn",
            600,
            List.of("name", "campaignArn", "status", "creationDateTime", "lastUpdatedDateTime", "failureReason")),
    FILTER(
            "filter",
            "filter",
            "filterArn",
            "Filters",
            "datasetGroupArn",
            60,
            List.of(
                    "name",
                    "filterArn",
                    "creationDateTime",
                    "lastUpdatedDateTime",
                    "datasetGroupArn",
                    "failureReason",
                    "status")),
    EVENT_TRACKER(
            "event-tracker",
            "eventTracker",
            "eventTrackerArn",
            "eventTrackers",
            "datasetGroupArn",
            30,
            List.of("name", "eventTrackerArn", "status", "creationDateTime", "lastUpdatedDateTime")),
    BATCH_INFERENCE_JOB(
            "batch-inference-job",
            "batchInferenceJob",
            "batchInferenceJobArn",
            "batchInferenceJobs",
            "solutionVersionArn",
            900,
            List.of(
                    "batchInferenceJobArn",
                    "jobName",
                    "status",
                    "creationDateTime",
                    "lastUpdatedDateTime",
                    "failureReason",
                    "solutionVersionArn",
                    "batchInferenceJobMode")),
    DATA_DELETION_JOB(
            "data-deletion-job",
            "dataDeletionJob",
            "dataDeletionJobArn",
            "dataDeletionJobs",
            "datasetGroupArn",
            600,
            List.of(
                    "dataDeletionJobArn",
                    "datasetGroupArn",
                    "jobName",
                    "status",
                    "creationDateTime",
                    "lastUpdatedDateTime",
                    "failureReason")),
    DATASET_EXPORT_JOB(
            "dataset-export-job",
            "datasetExportJob",
            "datasetExportJobArn",
            "datasetExportJobs",
            "datasetArn",
            300,
            List.of(
                    "datasetExportJobArn",
                    "jobName",
                    "status",
                    "creationDateTime",
                    "lastUpdatedDateTime",
                    "failureReason")),
    METRIC_ATTRIBUTION(
            "metric-attribution",
            "metricAttribution",
            "metricAttributionArn",
            "metricAttributions",
            "datasetGroupArn",
            60,
            List.of(
                    "name",
                    "metricAttributionArn",
                    "status",
                    "creationDateTime",
                    "lastUpdatedDateTime",
                    "failureReason")),
    BATCH_SEGMENT_JOB(
            "batch-segment-job",
            "batchSegmentJob",
            "batchSegmentJobArn",
            "batchSegmentJobs",
            "solutionVersionArn",
            900,
            List.of(
                    "batchSegmentJobArn",
                    "jobName",
                    "status",
                    "creationDateTime",
                    "lastUpdatedDateTime",
                    "failureReason",
                    "solutionVersionArn")),
    RECOMMENDER(
            "recommender",
            "recommender",
            "recommenderArn",
            "recommenders",
            "datasetGroupArn",
            1800,
            List.of(
                    "name",
                    "recommenderArn",
                    "datasetGroupArn",
                    "recipeArn",
                    "recommenderConfig",
                    "status",
                    "creationDateTime",
                    "lastUpdatedDateTime"));

    final String arnType;
    final String describeKey;
    final String arnMember;
    final String listKey;
    final @Nullable String listScope;
    final double nominalSeconds;
    final List<String> summaryMembers;

    Kind(
            String arnType,
            String describeKey,
            String arnMember,
            String listKey,
            @Nullable String listScope,
            double nominalSeconds,
            List<String> summaryMembers) {
        this.arnType = arnType;
        this.describeKey = describeKey;
        this.arnMember = arnMember;
        this.listKey = listKey;
        this.listScope = listScope;
        this.nominalSeconds = nominalSeconds;
        this.summaryMembers = summaryMembers;
    }

    /** A human name for messages, e.g. "dataset group". */
    String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    boolean hasStatus() {
        return this != SCHEMA;
    }

    /**
     * Nominal seconds from a Delete call until the resource is gone, for the kinds the service deletes
     * asynchronously ({@code DELETE PENDING}, then {@code DELETE IN_PROGRESS} except for dataset groups); 0 for the
     * kinds whose deletes are immediate (schemas, filters).
     */
    double deleteSeconds() {
        return switch (this) {
            case DATASET_GROUP -> 10;
            case DATASET, SOLUTION -> 60;
            case EVENT_TRACKER -> 30;
            case CAMPAIGN, RECOMMENDER -> 120;
            case METRIC_ATTRIBUTION -> 60;
            default -> 0;
        };
    }

    /** The status names its creation goes through. */
    Lifecycle.Style style() {
        return switch (this) {
            case BATCH_INFERENCE_JOB, BATCH_SEGMENT_JOB -> Lifecycle.Style.BATCH;
            case DATA_DELETION_JOB -> Lifecycle.Style.DELETION;
            default -> Lifecycle.Style.RESOURCE;
        };
    }

    /** Whether a delete goes through {@code DELETE IN_PROGRESS} after {@code DELETE PENDING}. */
    boolean hasDeleteInProgress() {
        return this != DATASET_GROUP;
    }
}
