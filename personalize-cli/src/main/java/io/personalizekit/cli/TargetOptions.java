package io.personalizekit.cli;

import io.personalizekit.pipeline.PipelineOrchestrator;
import io.personalizekit.pipeline.PipelinePlan;
import io.personalizekit.pipeline.PipelineSpec;
import io.personalizekit.resource.CampaignRef;
import io.personalizekit.resource.Deployment;
import io.personalizekit.resource.SolutionVersionRef;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Which campaign a command asks: one named by ARN, or the campaign of a pipeline JSON that has run to the end
 * (looked up with List* and Describe* calls).
 */
final class TargetOptions {
    @ArgGroup(exclusive = true, multiplicity = "1")
    @SuppressWarnings("NullAway.Init")
    Target target;

    static final class Target {
        @Option(names = "--campaign-arn", paramLabel = "ARN", description = "The campaign to ask.")
        @Nullable
        String campaignArn;

        @Option(
                names = {"-p", "--pipeline"},
                paramLabel = "PIPELINE",
                description = "A pipeline JSON that 'apply' ran to the end: its campaign.")
        @Nullable
        Path pipeline;
    }

    /**
     * The recipe the campaign's solution version was trained with: {@code --recipe} when given, else from
     * DescribeSolutionVersion.
     */
    static io.personalizekit.recipe.Recipe recipe(
            Session session, Deployment deployment, @Nullable String recipeOption) {
        String arn = recipeOption != null
                ? recipeOption
                : session.personalize()
                        .describeSolutionVersion(r -> r.solutionVersionArn(
                                deployment.solutionVersion().arn()))
                        .solutionVersion()
                        .recipeArn();
        return io.personalizekit.recipe.Recipe.fromArn(arn)
                .orElseThrow(() -> CliException.badInput("the recipe " + arn + " is not one personalize-kit knows;"
                        + " pass --recipe with one of aws-user-personalization-v2, aws-user-personalization,"
                        + " aws-popularity-count, aws-trending-now, aws-personalized-ranking(-v2)"));
    }

    /** The campaign and the solution version it serves. */
    Deployment deployment(Session session) {
        if (target.pipeline != null) {
            PipelineSpec spec = InputFiles.pipeline(target.pipeline);
            if (spec.campaign() == null) {
                throw CliException.badInput("the pipeline " + target.pipeline + " has no campaign");
            }
            PipelinePlan plan;
            try (PipelineOrchestrator o = PipelineOrchestrator.builder()
                    .personalizeClient(session.personalize())
                    .build()) {
                plan = o.plan(spec);
            }
            return session.deploymentOf(spec, plan);
        }
        String arn = java.util.Objects.requireNonNull(target.campaignArn);
        CampaignRef campaign = CampaignRef.of(arn);
        String version = session.personalize()
                .describeCampaign(r -> r.campaignArn(arn))
                .campaign()
                .solutionVersionArn();
        return Deployment.builder()
                .campaign(campaign)
                .solutionVersion(SolutionVersionRef.of(version))
                .build();
    }
}
