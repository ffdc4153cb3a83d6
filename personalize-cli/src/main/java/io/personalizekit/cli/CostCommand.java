package io.personalizekit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.personalizekit.cost.AppliedAction;
import io.personalizekit.cost.CampaignCost;
import io.personalizekit.cost.CostAction;
import io.personalizekit.cost.CostGuard;
import io.personalizekit.cost.CostReport;
import io.personalizekit.cost.RecommenderCost;
import io.personalizekit.cost.SolutionTraining;
import io.personalizekit.resource.DatasetGroupRef;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code personalize-kit cost}: the cost guard's report (io.personalizekit.cost.CostGuard), a dry run unless
 * {@code --apply} is given.
 */
@Command(
        name = "cost",
        mixinStandardHelpOptions = true,
        description = {
            "Reports, per campaign and recommender, the provisioned throughput against the traffic seen, the days"
                    + " idle, each solution's automatic training, and an ESTIMATED monthly cost from the public list"
                    + " prices (docs/costs.md); then the actions that would save money: lower a campaign's minimum"
                    + " TPS, delete an idle campaign, stop an idle recommender, turn off automatic training without"
                    + " new data.",
            "A dry run: only List* and Describe* calls, nothing changes. --apply sends the recommended actions."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  personalize-kit cost",
            "  personalize-kit cost --dataset-group-arn arn:aws:personalize:us-east-1:123456789012:dataset-group/news"
                    + " --observed-tps arn:aws:personalize:us-east-1:123456789012:campaign/news-similar=0.4",
            "  personalize-kit cost --idle-after 3d --apply -o json"
        })
final class CostCommand extends CliCommand {
    @Option(
            names = "--dataset-group-arn",
            paramLabel = "ARN",
            description = "Report on this dataset group's campaigns, recommenders and solutions; without it, the"
                    + " whole account (region).")
    @Nullable
    String datasetGroupArn;

    @Option(
            names = "--observed-tps",
            paramLabel = "ARN=TPS",
            description = "The requests per second a campaign or recommender really serves (for example from"
                    + " CloudWatch); repeatable. Without it, traffic is unknown and no idle action is recommended.")
    Map<String, Double> observedTps = new LinkedHashMap<>();

    @Option(
            names = "--idle-after",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How long without a request makes a resource idle (default: the guard's).")
    @Nullable
    Duration idleAfter;

    @Option(
            names = "--apply",
            description = "Send the recommended actions (UpdateCampaign, DeleteCampaign, StopRecommender,"
                    + " UpdateSolution); without it nothing changes.")
    boolean apply;

    @Override
    int run(Session session) {
        CostGuard.Builder b = CostGuard.builder().personalizeClient(session.personalize());
        observedTps.forEach(b::observedTps);
        if (idleAfter != null) {
            b.idleAfter(idleAfter);
        }
        CostGuard guard = b.build();
        CostReport report =
                datasetGroupArn == null ? guard.reportAccount() : guard.report(DatasetGroupRef.of(datasetGroupArn));
        List<AppliedAction> applied = apply ? guard.apply(report.actions()) : List.of();
        session.output().result(json(report, applied), out -> {
            out.printf(
                    Locale.ROOT,
                    "  estimated monthly cost: %.2f (an estimate from list prices)%n",
                    report.estimatedMonthlyTotal());
            for (CampaignCost c : report.campaigns()) {
                out.printf(
                        Locale.ROOT,
                        "  campaign     %-30s %-8s minTPS %d, observed %s, idle %s days, %.2f/month%n",
                        c.name(),
                        c.status(),
                        c.minProvisionedTps(),
                        c.observedTps() == null ? "unknown" : String.format(Locale.ROOT, "%.2f", c.observedTps()),
                        c.daysIdle() == null ? "?" : c.daysIdle(),
                        c.estimatedMonthlyCost());
            }
            for (RecommenderCost r : report.recommenders()) {
                out.printf(
                        Locale.ROOT,
                        "  recommender  %-30s %-8s %.2f/month%n",
                        r.name(),
                        r.status(),
                        r.estimatedMonthlyCost());
            }
            for (SolutionTraining s : report.solutions()) {
                out.printf(
                        Locale.ROOT,
                        "  solution     %-30s auto-training %s, %.2f/month%n",
                        s.name(),
                        s.autoTraining() ? String.valueOf(s.schedule()) : "off",
                        s.estimatedMonthlyCost());
            }
            if (report.actions().isEmpty()) {
                out.println("  no action recommended");
            }
            for (CostAction a : report.actions()) {
                out.printf(
                        Locale.ROOT,
                        "  %s %-22s %s (saves ~%.2f/month): %s%n",
                        apply ? "applied" : "would  ",
                        a.type(),
                        a.arn(),
                        a.estimatedMonthlySaving(),
                        a.reason());
            }
            for (AppliedAction a : applied) {
                a.error()
                        .ifPresent(e -> out.printf(
                                "  REFUSED %s %s: %s%n",
                                a.action().type(), a.action().arn(), e));
            }
            if (!apply && !report.actions().isEmpty()) {
                out.println("  dry run: nothing changed (--apply to send these actions)");
            }
        });
        return applied.stream().allMatch(AppliedAction::succeeded) ? ExitCodes.OK : ExitCodes.SERVICE_FAILURE;
    }

    private static ObjectNode json(CostReport report, List<AppliedAction> applied) {
        ObjectNode root = Output.object();
        root.put("estimatedMonthlyTotal", report.estimatedMonthlyTotal());
        root.put("estimate", true);
        ArrayNode campaigns = root.putArray("campaigns");
        for (CampaignCost c : report.campaigns()) {
            ObjectNode n = campaigns.addObject();
            n.put("arn", c.arn()).put("name", c.name()).put("status", c.status());
            n.put("minProvisionedTps", c.minProvisionedTps());
            if (c.observedTps() != null) {
                n.put("observedTps", c.observedTps());
            }
            n.put("trafficSource", c.trafficSource().name());
            if (c.daysIdle() != null) {
                n.put("daysIdle", c.daysIdle());
            }
            n.put("estimatedMonthlyCost", c.estimatedMonthlyCost());
        }
        ArrayNode recommenders = root.putArray("recommenders");
        for (RecommenderCost r : report.recommenders()) {
            recommenders
                    .addObject()
                    .put("arn", r.arn())
                    .put("name", r.name())
                    .put("status", r.status())
                    .put("estimatedMonthlyCost", r.estimatedMonthlyCost());
        }
        ArrayNode solutions = root.putArray("solutions");
        for (SolutionTraining s : report.solutions()) {
            ObjectNode n = solutions.addObject();
            n.put("arn", s.arn()).put("name", s.name()).put("autoTraining", s.autoTraining());
            if (s.schedule() != null) {
                n.put("schedule", s.schedule());
            }
            n.put("estimatedMonthlyCost", s.estimatedMonthlyCost());
        }
        ArrayNode actions = root.putArray("actions");
        for (CostAction a : report.actions()) {
            ObjectNode n = actions.addObject();
            n.put("type", a.type().name()).put("arn", a.arn()).put("reason", a.reason());
            if (a.minTps() != null) {
                n.put("minTps", a.minTps());
            }
            n.put("estimatedMonthlySaving", a.estimatedMonthlySaving());
            applied.stream().filter(x -> x.action().equals(a)).findFirst().ifPresent(x -> {
                n.put("applied", x.succeeded());
                x.error().ifPresent(e -> n.put("error", e));
            });
        }
        return root;
    }
}
