package io.personalizekit.cost;

import io.personalizekit.resource.DatasetGroupRef;
import io.personalizekit.resource.ResourceArn;
import io.personalizekit.resource.ResourceType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.Campaign;
import software.amazon.awssdk.services.personalize.model.CampaignSummary;
import software.amazon.awssdk.services.personalize.model.DatasetImportJobSummary;
import software.amazon.awssdk.services.personalize.model.DatasetSummary;
import software.amazon.awssdk.services.personalize.model.RecommenderSummary;
import software.amazon.awssdk.services.personalize.model.Solution;
import software.amazon.awssdk.services.personalize.model.SolutionSummary;
import software.amazon.awssdk.services.personalize.model.SolutionUpdateSummary;
import software.amazon.awssdk.services.personalize.model.SolutionVersionSummary;

/**
 * Finds what Amazon Personalize bills for while it is not earning its keep, and recommends what to change. A dry
 * run by default: {@link #report} only reads ({@code List*} and {@code Describe*} calls); {@link #apply} sends the
 * actions the caller picked, one request each, and reports each outcome.
 *
 * <pre>{@code
 * CostGuard guard = CostGuard.builder()
 *         .personalizeClient(personalize)
 *         .trafficCounter(counter)                 // fed with one record(arn) per GetRecommendations call
 *         .build();
 * CostReport report = guard.report(deployment.datasetGroup());
 * report.actions().forEach(a -> log.info("{} {}: {}", a.type(), a.arn(), a.reason()));
 * List<AppliedAction> done = guard.apply(report.actions(CostAction.Type.LOWER_MIN_TPS));
 * }</pre>
 *
 * <p>What it recommends:
 *
 * <ul>
 *   <li>an ACTIVE campaign idle for {@link Builder#idleAfter} or longer: {@link CostAction.Type#DELETE_CAMPAIGN},
 *       and, when its {@code minProvisionedTPS} is above 1, {@link CostAction.Type#LOWER_MIN_TPS} to 1 as the
 *       milder alternative (pick one);
 *   <li>an ACTIVE campaign whose observed TPS, rounded up, is below its {@code minProvisionedTPS}: lower it to that
 *       (at least 1);
 *   <li>an ACTIVE recommender idle for {@code idleAfter} or longer: {@link CostAction.Type#STOP_RECOMMENDER};
 *   <li>a solution that trains itself although no import finished since its latest version: {@link
 *       CostAction.Type#DISABLE_AUTO_TRAINING}.
 * </ul>
 *
 * <p>Traffic: a figure the caller supplies for an ARN wins; else the {@link TrafficCounter}'s average over its
 * window. Days idle: since the last request the counter saw or the caller reported; for an ARN the counter never
 * saw, since the counter started counting or the resource last changed, whichever is later (the counter is assumed
 * to see every call); without a counter and a reported last request, unknown, and no idle action is recommended.
 * Costs are estimates ({@link PriceTable}).
 *
 * <p>Thread-safe; the client is borrowed and never closed.
 */
public final class CostGuard {
    private static final Logger log = LoggerFactory.getLogger(CostGuard.class);
    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) days?\\)");

    private final PersonalizeClient personalize;
    private final Clock clock;
    private final PriceTable prices;
    private final @Nullable TrafficCounter counter;
    private final Map<String, Double> suppliedTps;
    private final Map<String, Instant> suppliedLastRequest;
    private final Duration idleAfter;

    private CostGuard(Builder b) {
        this.personalize = Objects.requireNonNull(b.personalize, "personalizeClient");
        this.clock = b.clock;
        this.prices = b.prices;
        this.counter = b.counter;
        this.suppliedTps = Map.copyOf(b.suppliedTps);
        this.suppliedLastRequest = Map.copyOf(b.suppliedLastRequest);
        this.idleAfter = b.idleAfter;
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reports on the campaigns, recommenders and solutions of a dataset group.
     *
     * @param datasetGroup the dataset group
     * @return the report; nothing was changed
     * @throws software.amazon.awssdk.services.personalize.model.PersonalizeException when a List or Describe call
     *     fails
     */
    public CostReport report(DatasetGroupRef datasetGroup) {
        Objects.requireNonNull(datasetGroup, "datasetGroup");
        String group = datasetGroup.arn();
        List<SolutionSummary> solutions = new ArrayList<>();
        personalize
                .listSolutionsPaginator(b -> b.datasetGroupArn(group))
                .solutions()
                .forEach(solutions::add);
        List<String> campaignArns = new ArrayList<>();
        for (SolutionSummary s : solutions) {
            personalize
                    .listCampaignsPaginator(b -> b.solutionArn(s.solutionArn()))
                    .campaigns()
                    .forEach(c -> campaignArns.add(c.campaignArn()));
        }
        List<RecommenderSummary> recommenders = new ArrayList<>();
        personalize
                .listRecommendersPaginator(b -> b.datasetGroupArn(group))
                .recommenders()
                .forEach(recommenders::add);
        Map<String, String> groupOfSolution = new HashMap<>();
        solutions.forEach(s -> groupOfSolution.put(s.solutionArn(), group));
        return build(
                campaignArns,
                recommenders,
                solutions.stream().map(SolutionSummary::solutionArn).toList(),
                groupOfSolution);
    }

    /**
     * Reports on every campaign and recommender of the account (in the client's region) and the solutions those
     * campaigns serve.
     *
     * @return the report; nothing was changed
     * @throws software.amazon.awssdk.services.personalize.model.PersonalizeException when a List or Describe call
     *     fails
     */
    public CostReport reportAccount() {
        List<String> campaignArns = new ArrayList<>();
        personalize.listCampaignsPaginator(b -> {}).campaigns().stream()
                .map(CampaignSummary::campaignArn)
                .forEach(campaignArns::add);
        List<RecommenderSummary> recommenders = new ArrayList<>();
        personalize.listRecommendersPaginator(b -> {}).recommenders().forEach(recommenders::add);
        return build(campaignArns, recommenders, List.of(), new HashMap<>());
    }

    private CostReport build(
            List<String> campaignArns,
            List<RecommenderSummary> recommenderSummaries,
            List<String> solutionArns,
            Map<String, String> groupOfSolution) {
        Instant now = clock.instant();
        List<CampaignCost> campaigns = new ArrayList<>();
        List<CostAction> actions = new ArrayList<>();
        Map<String, Boolean> solutionsSeen = new LinkedHashMap<>();
        solutionArns.forEach(s -> solutionsSeen.put(s, true));
        for (String arn : campaignArns) {
            Campaign c = personalize.describeCampaign(b -> b.campaignArn(arn)).campaign();
            String solutionArn = solutionOf(c.solutionVersionArn());
            solutionsSeen.putIfAbsent(solutionArn, true);
            int min = c.minProvisionedTPS() == null ? 1 : c.minProvisionedTPS();
            Traffic t =
                    traffic(arn, c.lastUpdatedDateTime() != null ? c.lastUpdatedDateTime() : c.creationDateTime(), now);
            boolean active = "ACTIVE".equals(c.status());
            double billed = Math.max(min, t.tps == null ? 0 : t.tps);
            double cost = active ? prices.campaignMonthly(billed) : 0;
            campaigns.add(
                    new CampaignCost(arn, c.name(), c.status(), min, t.tps, t.source, t.daysIdle, solutionArn, cost));
            if (!active) {
                continue;
            }
            if (t.daysIdle != null && t.daysIdle >= idleAfter.toDays()) {
                actions.add(new CostAction(
                        CostAction.Type.DELETE_CAMPAIGN,
                        arn,
                        "no request for " + t.daysIdle + " days; an ACTIVE campaign bills its minProvisionedTPS (" + min
                                + ") around the clock",
                        null,
                        cost));
                if (min > 1) {
                    actions.add(new CostAction(
                            CostAction.Type.LOWER_MIN_TPS,
                            arn,
                            "no request for " + t.daysIdle + " days; if it must stay, provision 1 TPS instead of "
                                    + min,
                            1,
                            cost - prices.campaignMonthly(1)));
                }
            } else if (t.tps != null && Math.max(1, (int) Math.ceil(t.tps)) < min) {
                int lower = Math.max(1, (int) Math.ceil(t.tps));
                actions.add(new CostAction(
                        CostAction.Type.LOWER_MIN_TPS,
                        arn,
                        String.format(
                                Locale.ROOT,
                                "%.2f TPS observed (%s) against minProvisionedTPS %d; the service scales up above"
                                        + " the minimum by itself",
                                t.tps,
                                t.source.name().toLowerCase(Locale.ROOT),
                                min),
                        lower,
                        cost - prices.campaignMonthly(Math.max(lower, t.tps))));
            }
        }
        List<RecommenderCost> recommenders = new ArrayList<>();
        for (RecommenderSummary r : recommenderSummaries) {
            Integer configured =
                    r.recommenderConfig() == null ? null : r.recommenderConfig().minRecommendationRequestsPerSecond();
            int min = configured == null ? 1 : configured;
            Traffic t = traffic(
                    r.recommenderArn(),
                    r.lastUpdatedDateTime() != null ? r.lastUpdatedDateTime() : r.creationDateTime(),
                    now);
            boolean active = "ACTIVE".equals(r.status());
            double cost = active ? prices.recommenderMonthly(Math.max(min, t.tps == null ? 0 : t.tps)) : 0;
            recommenders.add(new RecommenderCost(
                    r.recommenderArn(), r.name(), r.status(), min, t.tps, t.source, t.daysIdle, cost));
            if (active && t.daysIdle != null && t.daysIdle >= idleAfter.toDays()) {
                actions.add(new CostAction(
                        CostAction.Type.STOP_RECOMMENDER,
                        r.recommenderArn(),
                        "no request for " + t.daysIdle + " days; a stopped recommender bills nothing and"
                                + " StartRecommender brings it back",
                        null,
                        cost));
            }
        }
        List<SolutionTraining> solutions = new ArrayList<>();
        for (String solutionArn : solutionsSeen.keySet()) {
            SolutionTraining s = training(solutionArn, groupOfSolution);
            solutions.add(s);
            if (s.autoTraining() && !s.newDataSinceLastTraining()) {
                actions.add(new CostAction(
                        CostAction.Type.DISABLE_AUTO_TRAINING,
                        solutionArn,
                        "trains itself (" + (s.schedule() == null ? "rate(7 days)" : s.schedule()) + ") but no import"
                                + " finished since its latest version"
                                + (s.lastTrainingAt() == null ? "" : " (" + s.lastTrainingAt() + ")")
                                + "; a new version would learn nothing new",
                        null,
                        s.estimatedMonthlyCost()));
            }
        }
        CostReport report = new CostReport(now, prices, campaigns, recommenders, solutions, actions);
        log.debug(
                "Cost report: {} campaign(s), {} recommender(s), {} solution(s), {} action(s)",
                campaigns.size(),
                recommenders.size(),
                solutions.size(),
                actions.size());
        return report;
    }

    private record Traffic(
            @Nullable Double tps,
            TrafficSource source,
            @Nullable Long daysIdle) {}

    private Traffic traffic(String arn, @Nullable Instant lastChanged, Instant now) {
        Double tps = suppliedTps.get(arn);
        TrafficSource source = TrafficSource.SUPPLIED;
        if (tps == null && counter != null) {
            tps = counter.tps(arn);
            source = TrafficSource.OBSERVED;
        } else if (tps == null) {
            source = TrafficSource.UNKNOWN;
        }
        Instant last = suppliedLastRequest.get(arn);
        if (counter != null) {
            Instant seen = counter.lastSeen(arn).orElse(null);
            if (seen != null && (last == null || seen.isAfter(last))) {
                last = seen;
            }
            if (last == null) {
                last = lastChanged != null && lastChanged.isAfter(counter.since()) ? lastChanged : counter.since();
            }
        }
        Long days =
                last == null ? null : Math.max(0, Duration.between(last, now).toDays());
        return new Traffic(tps, source, days);
    }

    private static String solutionOf(String solutionVersionArn) {
        ResourceArn arn = ResourceArn.parse(solutionVersionArn.replace("/$LATEST", ""));
        return arn.resourceType() == ResourceType.SOLUTION
                ? arn.toString()
                : arn.sibling(ResourceType.SOLUTION, arn.path().get(0)).toString();
    }

    private SolutionTraining training(String solutionArn, Map<String, String> groupOfSolution) {
        Solution s =
                personalize.describeSolution(b -> b.solutionArn(solutionArn)).solution();
        boolean auto = Boolean.TRUE.equals(s.performAutoTraining());
        String schedule = s.solutionConfig() == null || s.solutionConfig().autoTrainingConfig() == null
                ? null
                : s.solutionConfig().autoTrainingConfig().schedulingExpression();
        SolutionUpdateSummary u = s.latestSolutionUpdate();
        if (u != null && "ACTIVE".equals(u.status())) {
            if (u.performAutoTraining() != null) {
                auto = u.performAutoTraining();
            }
            if (u.solutionUpdateConfig() != null && u.solutionUpdateConfig().autoTrainingConfig() != null) {
                schedule = u.solutionUpdateConfig().autoTrainingConfig().schedulingExpression();
            }
        }
        SolutionVersionSummary latest = s.latestSolutionVersion();
        Instant lastTraining = latest == null ? null : latest.creationDateTime();
        Double hours = null;
        if (latest != null && "ACTIVE".equals(latest.status())) {
            hours = personalize
                    .describeSolutionVersion(b -> b.solutionVersionArn(latest.solutionVersionArn()))
                    .solutionVersion()
                    .trainingHours();
        }
        String group = groupOfSolution.getOrDefault(solutionArn, s.datasetGroupArn());
        boolean newData = lastTraining == null || (group != null && importedSince(group, lastTraining));
        double perMonth = 30.0 / days(schedule);
        double cost = auto && hours != null ? perMonth * hours * prices.trainingHour() : 0;
        return new SolutionTraining(solutionArn, s.name(), auto, schedule, lastTraining, newData, hours, cost);
    }

    private static int days(@Nullable String schedule) {
        if (schedule != null) {
            Matcher m = RATE.matcher(schedule.trim());
            if (m.matches()) {
                return Math.max(1, Integer.parseInt(m.group(1)));
            }
        }
        return 7;
    }

    private boolean importedSince(String group, Instant since) {
        for (DatasetSummary d :
                personalize.listDatasetsPaginator(b -> b.datasetGroupArn(group)).datasets()) {
            for (DatasetImportJobSummary j : personalize
                    .listDatasetImportJobsPaginator(b -> b.datasetArn(d.datasetArn()))
                    .datasetImportJobs()) {
                Instant done = j.lastUpdatedDateTime();
                if ("ACTIVE".equals(j.status()) && done != null && done.isAfter(since)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Applies actions, one request each, in order: {@code UpdateCampaign} ({@code minProvisionedTPS}), {@code
     * DeleteCampaign}, {@code StopRecommender}, {@code UpdateSolution} ({@code performAutoTraining} false). A
     * refused request (the campaign is being updated, the recommender is not ACTIVE, ...) is reported and the next
     * action is applied. Does not wait for the changes to finish.
     *
     * @param actions the actions to apply, usually picked from {@link CostReport#actions()}
     * @return one outcome per action, in order
     */
    public List<AppliedAction> apply(List<CostAction> actions) {
        Objects.requireNonNull(actions, "actions");
        List<AppliedAction> out = new ArrayList<>(actions.size());
        for (CostAction a : actions) {
            String error = null;
            try {
                switch (a.type()) {
                    case LOWER_MIN_TPS ->
                        personalize.updateCampaign(b -> b.campaignArn(a.arn()).minProvisionedTPS(a.minTps()));
                    case DELETE_CAMPAIGN -> personalize.deleteCampaign(b -> b.campaignArn(a.arn()));
                    case STOP_RECOMMENDER -> personalize.stopRecommender(b -> b.recommenderArn(a.arn()));
                    case DISABLE_AUTO_TRAINING ->
                        personalize.updateSolution(b -> b.solutionArn(a.arn()).performAutoTraining(false));
                }
                log.info("Cost guard applied {} to {}: {}", a.type(), a.arn(), a.reason());
            } catch (SdkException e) {
                error = e.getMessage();
                log.warn("Cost guard could not apply {} to {}: {}", a.type(), a.arn(), e.getMessage());
            }
            out.add(new AppliedAction(a, error));
        }
        return List.copyOf(out);
    }

    /** Builder of {@link CostGuard}; not thread-safe. */
    public static final class Builder {
        private @Nullable PersonalizeClient personalize;
        private Clock clock = Clock.systemUTC();
        private PriceTable prices = PriceTable.usEast1ListPrices();
        private @Nullable TrafficCounter counter;
        private final Map<String, Double> suppliedTps = new HashMap<>();
        private final Map<String, Instant> suppliedLastRequest = new HashMap<>();
        private Duration idleAfter = Duration.ofDays(7);

        private Builder() {}

        /**
         * Sets the control-plane client (required). It is borrowed: the guard never closes it.
         *
         * @param personalizeClient the client
         * @return this builder
         */
        public Builder personalizeClient(PersonalizeClient personalizeClient) {
            this.personalize = Objects.requireNonNull(personalizeClient, "personalizeClient");
            return this;
        }

        /**
         * Sets the clock "now" is read from; defaults to the system UTC clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the prices; defaults to {@link PriceTable#usEast1ListPrices()}.
         *
         * @param prices the prices
         * @return this builder
         */
        public Builder priceTable(PriceTable prices) {
            this.prices = Objects.requireNonNull(prices, "prices");
            return this;
        }

        /**
         * Sets the counter of the application's own calls (none by default).
         *
         * @param counter the counter, fed with one record per call
         * @return this builder
         */
        public Builder trafficCounter(TrafficCounter counter) {
            this.counter = Objects.requireNonNull(counter, "counter");
            return this;
        }

        /**
         * Supplies the requests per second of a campaign or recommender (for example from CloudWatch); wins over the
         * counter.
         *
         * @param arn the ARN
         * @param tps at least 0
         * @return this builder
         * @throws IllegalArgumentException when negative or not finite
         */
        public Builder observedTps(String arn, double tps) {
            Objects.requireNonNull(arn, "arn");
            if (!(tps >= 0) || Double.isInfinite(tps)) {
                throw new IllegalArgumentException("tps for " + arn + " must be finite and >= 0, but it is " + tps);
            }
            suppliedTps.put(arn, tps);
            return this;
        }

        /**
         * Supplies when a campaign or recommender last got a request (for example from CloudWatch); the later of
         * this and the counter's counts.
         *
         * @param arn the ARN
         * @param at the time
         * @return this builder
         */
        public Builder lastRequest(String arn, Instant at) {
            suppliedLastRequest.put(Objects.requireNonNull(arn, "arn"), Objects.requireNonNull(at, "at"));
            return this;
        }

        /**
         * Sets how long without a request makes a campaign or recommender idle; defaults to 7 days.
         *
         * @param idleAfter at least one day
         * @return this builder
         * @throws IllegalArgumentException when shorter than a day
         */
        public Builder idleAfter(Duration idleAfter) {
            Objects.requireNonNull(idleAfter, "idleAfter");
            if (idleAfter.toDays() < 1) {
                throw new IllegalArgumentException("idleAfter must be at least 1 day, but it is " + idleAfter);
            }
            this.idleAfter = idleAfter;
            return this;
        }

        /**
         * Builds the guard.
         *
         * @return the guard
         * @throws NullPointerException when the client is missing
         */
        public CostGuard build() {
            return new CostGuard(this);
        }
    }
}
