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
import io.personalizekit.pipeline.RecommenderState;
import io.personalizekit.pipeline.SolutionSpec;
import io.personalizekit.pipeline.StepOutcome;
import io.personalizekit.pipeline.Teardown;
import io.personalizekit.recipe.Recipe;
import io.personalizekit.resource.CampaignRef;
import io.personalizekit.resource.DatasetRef;
import io.personalizekit.resource.Deployment;
import io.personalizekit.resource.RecommenderRef;
import io.personalizekit.resource.ResourceRef;
import io.personalizekit.resource.ResourceType;
import io.personalizekit.resource.SolutionVersionRef;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.storage.S3Location;
import io.personalizekit.storage.UploadResult;
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
            UploadResult itemsCsv,
            UploadResult interactionsCsv,
            String roleArn) {
        PipelineSpec spec = PipelineSpec.builder()
                .datasetGroup(g -> g.name("news")
                        .putTag("team", "news")
                        .addDataset(d -> d.schema(items)
                                .addImport(i -> i.dataLocation(itemsCsv).roleArn(roleArn))) // where it was uploaded
                        .addDataset(d -> d.schema(interactions)
                                .addImport(i -> i.dataLocation(interactionsCsv).roleArn(roleArn))))
                .solution(s -> s.name("news-similar-articles")
                        .recipeArn(SolutionSpec.SIMILAR_ITEMS_RECIPE)
                        .performAutoTraining(false)) // explicit; the service's own default is true
                .campaign(c -> c.name("news-similar-articles").minProvisionedTps(1))
                .build();
        return spec;
    }

    static Deployment run(PersonalizeClient personalize, PipelineSpec spec) {
        try (PipelineOrchestrator pipeline = PipelineOrchestrator.builder()
                .personalizeClient(personalize) // borrowed: never closed by the orchestrator
                .build()) {
            PipelineResult result = pipeline.run(spec); // hours the first time, seconds when all exists
            for (StepOutcome step : result.steps()) {
                System.out.println(step.step() + ": " + step.action() + " " + step.status() + " in " + step.duration());
            }
            Deployment news = result.deployment(); // typed references to every resource of the spec
            CampaignRef campaign = news.campaign(); // what SimilarItemsClient asks
            SolutionVersionRef model = news.solutionVersion(); // the version the campaign serves
            DatasetRef itemsDataset = news.dataset(DatasetType.ITEMS); // what ItemSeeder writes to
            return news;
        }
    }

    static Deployment lookUp(PipelineOrchestrator pipeline, PipelineSpec spec) {
        Deployment news = pipeline.plan(spec) // List* and Describe* calls only: creates nothing
                .deployment()
                .orElseThrow(() -> new IllegalStateException("the pipeline has not run to the end yet"));
        return news;
    }

    static Deployment provisionedElsewhere() {
        Deployment news = Deployment.builder()
                .campaign(CampaignRef.of("arn:aws:personalize:eu-west-1:123456789012:campaign/news-similar"))
                .solutionVersion(SolutionVersionRef.of(
                        "arn:aws:personalize:eu-west-1:123456789012:solution/news-similar/1a2b3c4d"))
                .putDataset(DatasetRef.of("arn:aws:personalize:eu-west-1:123456789012:dataset/news/ITEMS"))
                .build();
        return news;
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
            UploadResult itemsCsv,
            UploadResult interactionsCsv,
            S3Location newInteractions,
            String roleArn) {
        PipelineSpec next = spec.toBuilder()
                .datasetGroup(g -> g.name("news")
                        .putTag("team", "news")
                        .addDataset(d -> d.schema(items)
                                .addImport(i -> i.dataLocation(itemsCsv).roleArn(roleArn)))
                        .addDataset(d -> d.schema(interactions)
                                .addImport(i -> i.dataLocation(interactionsCsv).roleArn(roleArn))
                                .addImport(i -> i.jobName("news-interactions-2026-11-28") // new data, new name
                                        .dataLocation(newInteractions)
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

    static PipelineResult teardownDeployment(Teardown teardown, Deployment news) {
        PipelineResult deleted = teardown.deployment(news); // its dataset group, everything in it, its schemas
        return deleted;
    }

    static ProvisionedDatasetGroup datasetGroupOnly(
            PersonalizeClient personalize, DatasetSchema items, DatasetSchema interactions) {
        ProvisionedDatasetGroup group = DatasetGroupBuilder.builder()
                .personalizeClient(personalize)
                .name("news")
                .dataset(items) // named news-items, with schema news-items-schema
                .dataset(interactions)
                .provision();
        DatasetRef itemsDataset = group.dataset(DatasetType.ITEMS); // what ItemSeeder writes to
        return group;
    }

    static WaitResult waitForTraining(PersonalizeClient personalize, SolutionVersionRef version) {
        try (ResourceWaiter waiter = ResourceWaiter.create(personalize)) {
            WaitResult trained = waiter.waitUntilActive(version, p -> p.timeout(Duration.ofHours(20)));
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

    static PipelineSpec autoTraining(PipelineSpec spec) {
        PipelineSpec weekly = spec.toBuilder()
                .solution(spec.solution().toBuilder()
                        .performAutoTraining(true) // billed per training hour
                        .autoTrainingSchedule("rate(14 days)")
                        .build())
                .build(); // the next run sends UpdateSolution; the solution and its versions stay
        return weekly;
    }

    static PipelineSpec campaignConfig(PipelineSpec spec) {
        PipelineSpec next = spec.toBuilder()
                .campaign(c -> c.name("news-for-you")
                        .minProvisionedTps(1)
                        .syncWithLatestSolutionVersion(true) // created on <solution>/$LATEST
                        .enableMetadataWithRecommendations(true)
                        .putItemExplorationConfig("explorationWeight", "0.1") // User-Personalization
                        .putRankingInfluence("FRESHNESS", 0.5))
                .build();
        return next;
    }

    static PipelineSpec recommenders(DatasetSchema interactions, DatasetSchema items, String roleArn) {
        PipelineSpec shop = PipelineSpec.builder()
                .datasetGroup(g -> g.name("shop")
                        .domain("ECOMMERCE") // a domain dataset group takes recommenders
                        .addDataset(d -> d.schema(interactions)
                                .addImport(i -> i.dataLocation("s3://shop-data/interactions.csv")
                                        .roleArn(roleArn)))
                        .addDataset(d -> d.schema(items)
                                .addImport(i -> i.dataLocation("s3://shop-data/items.csv")
                                        .roleArn(roleArn))))
                .addRecommender(r -> r.name("shop-for-you")
                        .useCase(Recipe.ECOMMERCE_RECOMMENDED_FOR_YOU)
                        .minRecommendationRequestsPerSecond(1) // the billing floor
                        .putItemExplorationConfig("explorationWeight", "0.3"))
                .addRecommender(r -> r.name("shop-best-sellers")
                        .useCase(Recipe.ECOMMERCE_BEST_SELLERS)
                        .state(RecommenderState.INACTIVE)) // stopped: serves nothing, bills nothing
                .build(); // no solution: a spec has a solution, recommenders, or both
        return shop;
    }

    static RecommenderRef recommenderDeployment(PipelineOrchestrator pipeline, PipelineSpec shop) {
        Deployment deployed = pipeline.run(shop).deployment();
        RecommenderRef forYou = deployed.recommender("shop-for-you"); // GetRecommendations' recommenderArn
        return forYou;
    }

    static PipelineSpec metricAttribution(PipelineSpec shop, String roleArn) {
        PipelineSpec measured = shop.toBuilder()
                .metricAttribution(m -> m.name("shop-impact")
                        .addMetric("CLICKS", "click", "SAMPLECOUNT()")
                        .addMetric("REVENUE", "purchase", "SUM(Items.PRICE)")
                        .s3Path("s3://shop-data/attribution/") // reports of bulk imports
                        .roleArn(roleArn)) // writes the reports, publishes to CloudWatch
                .build();
        return measured;
    }
}
