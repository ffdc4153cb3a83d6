package io.personalizekit.local.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The control-plane operations of data deletion jobs (CreateDataDeletionJob, DescribeDataDeletionJob,
 * ListDataDeletionJobs) and dataset export jobs (CreateDatasetExportJob; Describe and List are the generic ones):
 * validation, the service's rules and the resources' lifecycles. The work is {@link DataJobs}'.
 */
final class DataJobOperations {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> INGESTION_MODES = Set.of("BULK", "PUT", "ALL");
    /** The service's limit: "up to 5 deletion jobs with a status of PENDING" per dataset group. */
    static final int MAX_PENDING_DELETIONS = 5;

    private final ControlPlane cp;
    private final DataHooks hooks;

    private DataJobOperations(ControlPlane cp, DataHooks hooks) {
        this.cp = cp;
        this.hooks = hooks;
    }

    static void register(ControlPlane cp, DataHooks hooks, Map<String, Function<Input, ObjectNode>> ops) {
        DataJobOperations o = new DataJobOperations(cp, hooks);
        ops.put("CreateDataDeletionJob", o::createDataDeletionJob);
        ops.put("DescribeDataDeletionJob", o::describeDataDeletionJob);
        ops.put("ListDataDeletionJobs", o::listDataDeletionJobs);
        ops.put("CreateDatasetExportJob", o::createDatasetExportJob);
    }

    private static String requiredRoleArn(Input in) {
        String roleArn = in.optionalRoleArn("roleArn");
        return roleArn != null ? roleArn : in.required("roleArn");
    }

    // ------------------------------------------------------------------------------------ data deletion jobs

    private ObjectNode createDataDeletionJob(Input in) {
        String jobName = in.name("jobName");
        String groupArn = in.arn("datasetGroupArn");
        ObjectNode dataSource = in.requiredObject("dataSource");
        JsonNode loc = dataSource.get("dataLocation");
        if (loc == null || !loc.isTextual()) {
            throw ApiException.invalidInput("Member 'dataSource.dataLocation' must be set.");
        }
        String location = Input.checkPattern(
                "dataSource.dataLocation",
                Input.checkLength("dataSource.dataLocation", loc.asText(), 0, 256),
                Input.S3_LOCATION);
        String roleArn = requiredRoleArn(in);
        cp.checkTagCount(in);
        synchronized (cp.lock) {
            Resource group = cp.require(Kind.DATASET_GROUP, groupArn);
            ControlPlane.requireActive(group);
            String arn = cp.arnPrefix() + Kind.DATA_DELETION_JOB.arnType + "/" + jobName;
            cp.checkArnFree(Kind.DATA_DELETION_JOB, arn);
            long pending = cp.children(Kind.DATA_DELETION_JOB, "datasetGroupArn", groupArn).stream()
                    .filter(cp::inProgress)
                    .count();
            if (pending >= MAX_PENDING_DELETIONS) {
                throw ApiException.limitExceeded("More than " + MAX_PENDING_DELETIONS
                        + " data deletion jobs with PENDING or IN_PROGRESS status in dataset group " + groupArn
                        + ".");
            }
            ObjectNode a = JSON.objectNode();
            a.put("jobName", jobName);
            a.put("dataDeletionJobArn", arn);
            a.put("datasetGroupArn", groupArn);
            a.set("dataSource", JSON.objectNode().put("dataLocation", location));
            a.put("roleArn", roleArn);
            CompletableFuture<@Nullable String> work = new CompletableFuture<>();
            Resource job =
                    cp.add(Kind.DATA_DELETION_JOB, arn, jobName, a, cp.lifecycle(Kind.DATA_DELETION_JOB, work), in);
            hooks.deleteUsers(job, group).whenComplete((r, e) -> ControlPlane.complete(work, r, e));
            return JSON.objectNode().put("dataDeletionJobArn", arn);
        }
    }

    /** {@code numDeleted} is reported once the job is COMPLETED, as the service documents it. */
    private ObjectNode describeDataDeletionJob(Input in) {
        String arn = in.arn("dataDeletionJobArn");
        Resource job = cp.require(Kind.DATA_DELETION_JOB, arn);
        ObjectNode d = job.describe();
        if (!"COMPLETED".equals(d.path("status").asText())) {
            d.remove("numDeleted");
        }
        ObjectNode out = JSON.objectNode();
        out.set("dataDeletionJob", d);
        return out;
    }

    /** Most recent first, as the service documents. */
    private ObjectNode listDataDeletionJobs(Input in) {
        String groupArn = in.optionalArn("datasetGroupArn");
        List<ObjectNode> items = cp.all(Kind.DATA_DELETION_JOB).stream()
                .filter(r -> groupArn == null || r.attr("datasetGroupArn").equals(groupArn))
                .sorted(Comparator.comparingLong((Resource r) -> r.seq).reversed())
                .map(Resource::summary)
                .collect(Collectors.toList());
        return ControlPlane.page(in, Kind.DATA_DELETION_JOB.listKey, items);
    }

    // ------------------------------------------------------------------------------------ dataset export jobs

    private ObjectNode createDatasetExportJob(Input in) {
        String jobName = in.name("jobName");
        String datasetArn = in.arn("datasetArn");
        String mode = Optional.ofNullable(in.optionalEnum("ingestionMode", INGESTION_MODES))
                .orElse("PUT");
        String roleArn = requiredRoleArn(in);
        ObjectNode output = in.requiredObject("jobOutput");
        ControlPlane.s3Path(output, "jobOutput.s3DataDestination", "s3DataDestination");
        cp.checkTagCount(in);
        synchronized (cp.lock) {
            Resource dataset = cp.require(Kind.DATASET, datasetArn);
            ControlPlane.requireActive(dataset);
            String type = dataset.attr("datasetType");
            if (type.equals("ACTIONS") || type.equals("ACTION_INTERACTIONS")) {
                throw ApiException.invalidInput(
                        "You can't export data in an Action interactions dataset or Actions dataset: " + datasetArn);
            }
            String arn = cp.arnPrefix() + Kind.DATASET_EXPORT_JOB.arnType + "/" + jobName;
            cp.checkArnFree(Kind.DATASET_EXPORT_JOB, arn);
            ObjectNode a = JSON.objectNode();
            a.put("jobName", jobName);
            a.put("datasetExportJobArn", arn);
            a.put("datasetArn", datasetArn);
            a.put("ingestionMode", mode);
            a.put("roleArn", roleArn);
            a.set("jobOutput", output);
            CompletableFuture<@Nullable String> work = new CompletableFuture<>();
            Resource job =
                    cp.add(Kind.DATASET_EXPORT_JOB, arn, jobName, a, cp.lifecycle(Kind.DATASET_EXPORT_JOB, work), in);
            hooks.exportDataset(job, dataset).whenComplete((r, e) -> ControlPlane.complete(work, r, e));
            return JSON.objectNode().put("datasetExportJobArn", arn);
        }
    }
}
