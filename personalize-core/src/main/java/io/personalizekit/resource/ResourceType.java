package io.personalizekit.resource;

/**
 * The kinds of Amazon Personalize resources personalize-kit provisions, awaits and deletes, with the resource-type
 * segment their ARNs use.
 */
public enum ResourceType {
    /** A dataset group: {@code dataset-group/{name}}. */
    DATASET_GROUP("dataset-group", "dataset group"),
    /** A dataset schema: {@code schema/{name}}. Schemas have no status; they exist or not. */
    SCHEMA("schema", "schema"),
    /** A dataset: {@code dataset/{datasetGroupName}/{DATASET_TYPE}}. */
    DATASET("dataset", "dataset"),
    /** A dataset import job: {@code dataset-import-job/{jobName}}. */
    DATASET_IMPORT_JOB("dataset-import-job", "dataset import job"),
    /** A solution: {@code solution/{name}}. */
    SOLUTION("solution", "solution"),
    /** A solution version: {@code solution/{solutionName}/{versionId}}. */
    SOLUTION_VERSION("solution", "solution version"),
    /** A campaign: {@code campaign/{name}}. */
    CAMPAIGN("campaign", "campaign"),
    /** A filter: {@code filter/{name}}. */
    FILTER("filter", "filter"),
    /** An event tracker: {@code event-tracker/{id}} (the id is not the name). */
    EVENT_TRACKER("event-tracker", "event tracker"),
    /** A batch inference job: {@code batch-inference-job/{jobName}}. */
    BATCH_INFERENCE_JOB("batch-inference-job", "batch inference job"),
    /** A recommender of a domain dataset group: {@code recommender/{name}}. */
    RECOMMENDER("recommender", "recommender"),
    /** A metric attribution: {@code metric-attribution/{name}}. */
    METRIC_ATTRIBUTION("metric-attribution", "metric attribution"),
    /** A dataset export job: {@code dataset-export-job/{jobName}}. */
    DATASET_EXPORT_JOB("dataset-export-job", "dataset export job");

    private final String arnResourceType;
    private final String displayName;

    ResourceType(String arnResourceType, String displayName) {
        this.arnResourceType = arnResourceType;
        this.displayName = displayName;
    }

    /**
     * The resource-type segment of the ARN, for example {@code dataset-group}. Solutions and solution versions
     * share {@code solution}; they differ by the number of path segments after it.
     *
     * @return the ARN resource-type segment
     */
    public String arnResourceType() {
        return arnResourceType;
    }

    /**
     * A human-readable name, for example {@code "dataset import job"}, used in messages.
     *
     * @return the display name
     */
    public String displayName() {
        return displayName;
    }
}
