package io.personalizekit.examples.snippets;

import io.personalizekit.exception.DriftException;
import io.personalizekit.exception.PipelineStepException;
import io.personalizekit.exception.ResourceFailedException;
import io.personalizekit.pipeline.DatasetGroupBuilder;
import io.personalizekit.pipeline.ImportMode;
import io.personalizekit.pipeline.PipelineListener;
import io.personalizekit.pipeline.PipelineOrchestrator;
import io.personalizekit.pipeline.PipelinePlan;
import io.personalizekit.pipeline.PipelineResult;
import io.personalizekit.pipeline.PipelineSpec;
import io.personalizekit.pipeline.PlannedAction;
import io.personalizekit.pipeline.ProvisionedDatasetGroup;
import io.personalizekit.pipeline.SolutionSpec;
import io.personalizekit.pipeline.StepOutcome;
import io.personalizekit.pipeline.Teardown;
import io.personalizekit.resource.ResourceRef;
import io.personalizekit.resource.ResourceType;
import io.personalizekit.resource.SolutionVersionRef;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.waiter.ResourceWaiter;
import io.personalizekit.waiter.WaitListener;
import io.personalizekit.waiter.WaitResult;
import java.nio.file.Path;
import java.time.Duration;
import software.amazon.awssdk.services.personalize.PersonalizeClient;

/** Samples of docs/pipeline.md. */
final class PipelineSnippets {
    private PipelineSnippets() {}

    static PipelineSpec articleSpec(
            DatasetSchema items,
            DatasetSchema interactions,
            String itemsCsvUri,
            String interactionsCsvUri,
            String roleArn) {
        PipelineSpec spec = PipelineSpec.builder()
                .datasetGroup(g -> g.name("news")
                        .putTag("team", "news")
                        .addDataset(d -> d.schema(items)
                                .addImport(i -> i.dataLocation(itemsCsvUri).roleArn(roleArn)))
                        .addDataset(d -> d.schema(interactions)
                                .addImport(
                                        i -> i.dataLocation(interactionsCsvUri).roleArn(roleArn))))
                .solution(s -> s.name("news-similar-articles")
                        .recipeArn(SolutionSpec.SIMILAR_ITEMS_RECIPE)
                        .performAutoTraining(false)) // explicit; the service's own default is true
                .campaign(c -> c.name("news-similar-articles").minProvisionedTps(1))
                .build();
        return spec;
    }

    static String run(PersonalizeClient personalize, PipelineSpec spec) {
        try (PipelineOrchestrator pipeline = PipelineOrchestrator.builder()
                .personalizeClient(personalize) // borrowed: never closed by the orchestrator
                .build()) {
            PipelineResult result = pipeline.run(spec); // hours the first time, seconds when all exists
            for (StepOutcome step : result.steps()) {
                System.out.println(step.step() + ": " + step.action() + " " + step.status() + " in " + step.duration());
            }
            String campaignArn = result.arn(ResourceType.CAMPAIGN).orElseThrow();
            String solutionVersionArn =
                    result.arn(ResourceType.SOLUTION_VERSION).orElseThrow();
            return campaignArn + " " + solutionVersionArn;
        }
    }

    static boolean plan(PipelineOrchestrator pipeline, PipelineSpec spec) {
        PipelinePlan plan = pipeline.plan(spec); // List* and Describe* calls only
        System.out.println(plan); // one line per step: CREATE, REUSE, AWAIT or UPDATE
        boolean trainsOrDeploys = plan.steps(PlannedAction.CREATE).stream()
                .anyMatch(s ->
                        s.resourceType() == ResourceType.SOLUTION_VERSION || s.resourceType() == ResourceType.CAMPAIGN);
        return plan.isUpToDate() || !trainsOrDeploys;
    }

    static PipelineOrchestrator withListener(PersonalizeClient personalize) {
        PipelineListener progress = new PipelineListener() {
            @Override
            public void onStepStarted(String step) {
                System.out.println("started   " + step);
            }

            @Override
            public void onQuotaWait(String step, String message, Duration delay) {
                System.out.println("quota     " + step + ": retrying in " + delay + " (" + message + ")");
            }

            @Override
            public void onStepCompleted(StepOutcome outcome) {
                System.out.println("completed " + outcome.step() + ": " + outcome.action());
            }
        };
        PipelineOrchestrator pipeline = PipelineOrchestrator.builder()
                .personalizeClient(personalize)
                .listener(progress)
                .build();
        return pipeline;
    }

    static String failure(PipelineOrchestrator pipeline, PipelineSpec spec) {
        try {
            pipeline.run(spec);
        } catch (PipelineStepException e) {
            // e.step() is for example "import news-interactions-import"; e.arn() the resource, when it existed.
            if (e.getCause() instanceof ResourceFailedException) {
                ResourceFailedException failed = (ResourceFailedException) e.getCause();
                return failed.status() + ": " + failed.failureReason().orElse("no reason given");
            }
            if (e.getCause() instanceof DriftException) {
                DriftException drift = (DriftException) e.getCause();
                return drift.name() + " exists as " + drift.existing() + ", not " + drift.requested();
            }
            throw e; // a timeout, an interrupt, or the SDK's exception (with its request id) as the cause
        }
        return "";
    }

    static PipelineSpec fromJson(Path specFile) {
        PipelineSpec spec = PipelineSpec.fromJson(specFile); // unknown members are errors
        String json = spec.toJson(); // the same structure back
        return PipelineSpec.fromJson(json);
    }

    static PipelineSpec retrain(
            PipelineSpec spec,
            DatasetSchema items,
            DatasetSchema interactions,
            String itemsCsvUri,
            String interactionsCsvUri,
            String newInteractionsUri,
            String roleArn) {
        PipelineSpec next = spec.toBuilder()
                .datasetGroup(g -> g.name("news")
                        .putTag("team", "news")
                        .addDataset(d -> d.schema(items)
                                .addImport(i -> i.dataLocation(itemsCsvUri).roleArn(roleArn)))
                        .addDataset(d -> d.schema(interactions)
                                .addImport(
                                        i -> i.dataLocation(interactionsCsvUri).roleArn(roleArn))
                                .addImport(i -> i.jobName("news-interactions-2026-11-28") // new data, new name
                                        .dataLocation(newInteractionsUri)
                                        .importMode(ImportMode.INCREMENTAL)
                                        .roleArn(roleArn))))
                .build();
        return next;
    }

    static PipelineResult teardown(PersonalizeClient personalize, PipelineSpec spec) {
        try (Teardown teardown =
                Teardown.builder().personalizeClient(personalize).build()) {
            PipelineResult deleted = teardown.run(spec); // campaigns first: they bill by the hour
            return deleted;
        }
    }

    static ProvisionedDatasetGroup datasetGroupOnly(
            PersonalizeClient personalize, DatasetSchema items, DatasetSchema interactions) {
        ProvisionedDatasetGroup group = DatasetGroupBuilder.builder()
                .personalizeClient(personalize)
                .name("news")
                .dataset(items) // named news-items, with schema news-items-schema
                .dataset(interactions)
                .provision();
        String itemsDatasetArn = group.dataset(DatasetType.ITEMS).orElseThrow().arn();
        return group;
    }

    static WaitResult waitForTraining(PersonalizeClient personalize, String solutionVersionArn) {
        try (ResourceWaiter waiter = ResourceWaiter.create(personalize)) {
            WaitResult trained = waiter.waitUntilActive(
                    SolutionVersionRef.of(solutionVersionArn), p -> p.timeout(Duration.ofHours(20)));
            return trained;
        }
    }

    static PipelineOrchestrator patientPipeline(PersonalizeClient personalize) {
        ResourceWaiter waiter = ResourceWaiter.builder()
                .personalizeClient(personalize)
                .policy(
                        ResourceType.SOLUTION_VERSION,
                        p -> p.maxDelay(Duration.ofMinutes(5)).timeout(Duration.ofHours(24)))
                .build();
        PipelineOrchestrator pipeline = PipelineOrchestrator.builder()
                .personalizeClient(personalize)
                .waiter(waiter) // borrowed: close it yourself when done
                .build();
        return pipeline;
    }

    static ResourceWaiter ridingOutBlips(PersonalizeClient personalize) {
        ResourceWaiter waiter = ResourceWaiter.builder()
                .personalizeClient(personalize)
                .policy(ResourceType.SOLUTION_VERSION, p -> p.errorBudget(Duration.ofHours(1)))
                .listener(new WaitListener() {
                    @Override
                    public void onPollFailed(
                            ResourceRef ref, Throwable error, int failedPolls, Duration failingFor, Duration budget) {
                        System.out.println(ref.arn() + ": " + failedPolls + " failed polls in " + failingFor
                                + ", giving up after " + budget);
                    }
                })
                .build();
        return waiter;
    }
}
