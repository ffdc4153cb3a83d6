package io.personalizekit.local.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.personalizekit.local.internal.recipe.RecipeCatalog;
import io.personalizekit.local.internal.recipe.RecipeInfo;
import io.personalizekit.local.internal.recipe.RecipeType;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * CreateBatchSegmentJob (Describe and List are the generic ones): a solution version trained with a
 * USER_SEGMENTATION recipe (Item-Affinity, Item-Attribute-Affinity) makes user segments from JSON lines in S3. The
 * work is {@link DataJobs#batchSegments}'.
 */
final class BatchSegmentOperations {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** The default number of users per segment. */
    static final int DEFAULT_NUM_RESULTS = 25;
    /** The service's limit on the users of one segment. */
    static final int MAX_NUM_RESULTS = 5_000_000;
    /** Batch segment jobs pending or in progress at once. */
    static final int MAX_IN_PROGRESS = 5;

    private final ControlPlane cp;
    private final DataHooks hooks;

    private BatchSegmentOperations(ControlPlane cp, DataHooks hooks) {
        this.cp = cp;
        this.hooks = hooks;
    }

    static void register(ControlPlane cp, DataHooks hooks, Map<String, Function<Input, ObjectNode>> ops) {
        BatchSegmentOperations o = new BatchSegmentOperations(cp, hooks);
        ops.put("CreateBatchSegmentJob", o::create);
    }

    private ObjectNode create(Input in) {
        String jobName = in.name("jobName");
        String versionArn = in.arn("solutionVersionArn");
        String filterArn = in.optionalArn("filterArn");
        Integer numResults = in.optionalInt("numResults", 1, MAX_NUM_RESULTS);
        ObjectNode input = in.requiredObject("jobInput");
        ObjectNode output = in.requiredObject("jobOutput");
        String inputPath = ControlPlane.s3Path(input, "jobInput.s3DataSource", "s3DataSource");
        String outputPath = ControlPlane.s3Path(output, "jobOutput.s3DataDestination", "s3DataDestination");
        String roleArn = in.optionalRoleArn("roleArn");
        if (roleArn == null) {
            in.required("roleArn");
        }
        cp.checkTagCount(in);
        if (inputPath.equals(outputPath)) {
            throw ApiException.invalidInput("Invalid S3 output path: it must differ from the input path.");
        }
        synchronized (cp.lock) {
            Resource version = cp.require(Kind.SOLUTION_VERSION, versionArn);
            ControlPlane.requireActive(version);
            RecipeInfo recipe = RecipeCatalog.byArn(version.attr("recipeArn")).orElse(null);
            if (recipe == null || recipe.type() != RecipeType.USER_SEGMENTATION) {
                throw ApiException.invalidInput("The solution version " + versionArn + " was trained with "
                        + version.attr("recipeArn") + ", not a USER_SEGMENTATION recipe (aws-item-affinity,"
                        + " aws-item-attribute-affinity). Use CreateBatchInferenceJob for its recommendations.");
            }
            Resource filter = filterArn == null ? null : cp.require(Kind.FILTER, filterArn);
            if (filter != null) {
                ControlPlane.requireActive(filter);
            }
            String arn = cp.arnPrefix() + Kind.BATCH_SEGMENT_JOB.arnType + "/" + jobName;
            cp.checkArnFree(Kind.BATCH_SEGMENT_JOB, arn);
            long running = cp.all(Kind.BATCH_SEGMENT_JOB).stream()
                    .filter(cp::inProgress)
                    .count();
            if (running >= MAX_IN_PROGRESS) {
                throw ApiException.limitExceeded("More than 5 resources with PENDING or IN_PROGRESS status.");
            }
            ObjectNode a = JSON.objectNode();
            a.put("jobName", jobName);
            a.put("batchSegmentJobArn", arn);
            ControlPlane.putIf(a, "filterArn", filterArn);
            a.put("solutionVersionArn", versionArn);
            a.put("numResults", numResults == null ? DEFAULT_NUM_RESULTS : numResults);
            a.set("jobInput", input);
            a.set("jobOutput", output);
            a.put("roleArn", roleArn);
            CompletableFuture<@Nullable String> work = new CompletableFuture<>();
            Resource job =
                    cp.add(Kind.BATCH_SEGMENT_JOB, arn, jobName, a, cp.lifecycle(Kind.BATCH_SEGMENT_JOB, work), in);
            hooks.batchSegments(job, version).whenComplete((r, e) -> ControlPlane.complete(work, r, e));
            return JSON.objectNode().put("batchSegmentJobArn", arn);
        }
    }
}
