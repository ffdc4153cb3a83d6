package io.personalizekit.internal.waiters;

import io.personalizekit.resource.ResourceRef;
import io.personalizekit.waiter.WaitCondition;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.CampaignUpdateSummary;
import software.amazon.awssdk.services.personalize.model.DatasetUpdateSummary;
import software.amazon.awssdk.services.personalize.model.DescribeBatchInferenceJobResponse;
import software.amazon.awssdk.services.personalize.model.DescribeCampaignResponse;
import software.amazon.awssdk.services.personalize.model.DescribeDatasetExportJobResponse;
import software.amazon.awssdk.services.personalize.model.DescribeDatasetGroupResponse;
import software.amazon.awssdk.services.personalize.model.DescribeDatasetImportJobResponse;
import software.amazon.awssdk.services.personalize.model.DescribeDatasetResponse;
import software.amazon.awssdk.services.personalize.model.DescribeEventTrackerResponse;
import software.amazon.awssdk.services.personalize.model.DescribeFilterResponse;
import software.amazon.awssdk.services.personalize.model.DescribeMetricAttributionResponse;
import software.amazon.awssdk.services.personalize.model.DescribeRecommenderResponse;
import software.amazon.awssdk.services.personalize.model.DescribeSchemaResponse;
import software.amazon.awssdk.services.personalize.model.DescribeSolutionResponse;
import software.amazon.awssdk.services.personalize.model.DescribeSolutionVersionResponse;
import software.amazon.awssdk.services.personalize.model.RecommenderUpdateSummary;
import software.amazon.awssdk.services.personalize.model.SolutionUpdateSummary;

/** Calls the right {@code Describe*} operation for a resource and extracts the status a condition looks at. */
public final class ResourceDescriber {
    private ResourceDescriber() {}

    /**
     * Describes the resource once.
     *
     * @param client the control-plane client
     * @param ref the resource
     * @param condition what the wait waits for
     * @return the observation
     */
    public static Observation describe(PersonalizeClient client, ResourceRef ref, WaitCondition condition) {
        String arn = ref.arn();
        switch (ref.type()) {
            case DATASET_GROUP: {
                DescribeDatasetGroupResponse r = client.describeDatasetGroup(b -> b.datasetGroupArn(arn));
                return new Observation(
                        r.datasetGroup().status(), r.datasetGroup().failureReason(), r);
            }
            case SCHEMA: {
                DescribeSchemaResponse r = client.describeSchema(b -> b.schemaArn(arn));
                return new Observation("ACTIVE", null, r);
            }
            case DATASET: {
                DescribeDatasetResponse r = client.describeDataset(b -> b.datasetArn(arn));
                DatasetUpdateSummary u = r.dataset().latestDatasetUpdate();
                if (condition == WaitCondition.DATASET_UPDATED && u != null) {
                    return new Observation(u.status(), u.failureReason(), r);
                }
                return new Observation(r.dataset().status(), null, r);
            }
            case DATASET_IMPORT_JOB: {
                DescribeDatasetImportJobResponse r = client.describeDatasetImportJob(b -> b.datasetImportJobArn(arn));
                return new Observation(
                        r.datasetImportJob().status(), r.datasetImportJob().failureReason(), r);
            }
            case SOLUTION: {
                DescribeSolutionResponse r = client.describeSolution(b -> b.solutionArn(arn));
                SolutionUpdateSummary u = r.solution().latestSolutionUpdate();
                if (condition == WaitCondition.SOLUTION_UPDATED && u != null) {
                    return new Observation(u.status(), u.failureReason(), r);
                }
                return new Observation(r.solution().status(), null, r);
            }
            case SOLUTION_VERSION: {
                DescribeSolutionVersionResponse r = client.describeSolutionVersion(b -> b.solutionVersionArn(arn));
                return new Observation(
                        r.solutionVersion().status(), r.solutionVersion().failureReason(), r);
            }
            case CAMPAIGN: {
                DescribeCampaignResponse r = client.describeCampaign(b -> b.campaignArn(arn));
                CampaignUpdateSummary u = r.campaign().latestCampaignUpdate();
                if (condition == WaitCondition.CAMPAIGN_UPDATED && u != null) {
                    return new Observation(u.status(), u.failureReason(), r);
                }
                return new Observation(r.campaign().status(), r.campaign().failureReason(), r);
            }
            case FILTER: {
                DescribeFilterResponse r = client.describeFilter(b -> b.filterArn(arn));
                return new Observation(r.filter().status(), r.filter().failureReason(), r);
            }
            case EVENT_TRACKER: {
                DescribeEventTrackerResponse r = client.describeEventTracker(b -> b.eventTrackerArn(arn));
                return new Observation(r.eventTracker().status(), null, r);
            }
            case BATCH_INFERENCE_JOB: {
                DescribeBatchInferenceJobResponse r =
                        client.describeBatchInferenceJob(b -> b.batchInferenceJobArn(arn));
                return new Observation(
                        r.batchInferenceJob().status(), r.batchInferenceJob().failureReason(), r);
            }
            case RECOMMENDER: {
                DescribeRecommenderResponse r = client.describeRecommender(b -> b.recommenderArn(arn));
                RecommenderUpdateSummary u = r.recommender().latestRecommenderUpdate();
                if (condition == WaitCondition.RECOMMENDER_UPDATED && u != null) {
                    return new Observation(u.status(), u.failureReason(), r);
                }
                return new Observation(r.recommender().status(), r.recommender().failureReason(), r);
            }
            case METRIC_ATTRIBUTION: {
                DescribeMetricAttributionResponse r =
                        client.describeMetricAttribution(b -> b.metricAttributionArn(arn));
                return new Observation(
                        r.metricAttribution().status(), r.metricAttribution().failureReason(), r);
            }
            case DATASET_EXPORT_JOB: {
                DescribeDatasetExportJobResponse r = client.describeDatasetExportJob(b -> b.datasetExportJobArn(arn));
                return new Observation(
                        r.datasetExportJob().status(), r.datasetExportJob().failureReason(), r);
            }
            default:
                throw new IllegalArgumentException("Cannot describe " + ref);
        }
    }
}
