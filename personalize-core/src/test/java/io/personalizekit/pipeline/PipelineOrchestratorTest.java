package io.personalizekit.pipeline;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.personalizekit.exception.DriftException;
import io.personalizekit.exception.PipelineStepException;
import io.personalizekit.exception.ResourceFailedException;
import io.personalizekit.exception.WaitInterruptedException;
import io.personalizekit.exception.WaitTimeoutException;
import io.personalizekit.resource.ResourceRef;
import io.personalizekit.resource.ResourceType;
import io.personalizekit.waiter.ResourceWaiter;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.personalize.model.LimitExceededException;

class PipelineOrchestratorTest extends PipelineTestBase {
    private static final List<String> ARTICLE_CREATES = List.of(
            "CreateDatasetGroup news",
            "CreateSchema news-items-schema",
            "CreateDataset news-items",
            "CreateSchema news-interactions-schema",
            "CreateDataset news-interactions",
            "CreateDatasetImportJob news-items-import",
            "CreateDatasetImportJob news-interactions-import",
            "CreateSolution news-similar",
            "CreateSolutionVersion arn:aws:personalize:us-east-1:123456789012:solution/news-similar",
            "CreateCampaign news-similar",
            "CreateFilter no-obituaries",
            "CreateEventTracker news-events");
    private static final int STEPS = ARTICLE_CREATES.size();

    @Test
    void run_articleFlow_createsEveryResourceOnceAndWaitsUntilActive() throws Exception {
        PipelineResult result = orchestrator().run(Article.spec());

        assertThat(fake.mutations()).containsExactlyElementsOf(ARTICLE_CREATES);
        assertThat(result.steps()).hasSize(STEPS);
        assertThat(result.steps()).allSatisfy(s -> {
            assertThat(s.action()).isEqualTo(StepAction.CREATED);
            assertThat(s.status()).isEqualTo("ACTIVE");
            assertThat(s.arn()).isPresent();
            assertThat(fake.status(s.arn().get())).isEqualTo("ACTIVE");
        });
        assertThat(result.deployment().campaign().arn())
                .isEqualTo("arn:aws:personalize:us-east-1:123456789012:campaign/news-similar");
        assertThat(result.steps(ResourceType.SOLUTION_VERSION).get(0).duration())
                .isGreaterThanOrEqualTo(Duration.ofSeconds(30));
        // the service's defaults are overridden explicitly
        JsonNode createSolution = body("CreateSolution");
        assertThat(createSolution.get("performAutoTraining").asBoolean(true)).isFalse();
        assertThat(createSolution.get("recipeArn").asText())
                .isEqualTo("arn:aws:personalize:::recipe/aws-similar-items");
        assertThat(body("CreateCampaign").get("minProvisionedTPS").asInt()).isEqualTo(1);
        assertThat(body("CreateDatasetGroup").get("tags").get(0).get("tagKey").asText())
                .isEqualTo("team");
        JsonNode createImport = body("CreateDatasetImportJob");
        assertThat(createImport.get("dataSource").get("dataLocation").asText()).startsWith("s3://news-personalize/");
        assertThat(createImport.get("importMode").asText()).isEqualTo("FULL");
        assertThat(createImport.get("roleArn").asText()).isEqualTo(Article.ROLE);
        assertThat(body("CreateDataset").get("datasetType").asText()).isIn("Items", "Interactions");
        // listener: started, polls, completed for each step, in order
        assertThat(events.calls.get(0)).isEqualTo("started dataset group news");
        assertThat(events.calls).contains("polled solution version of news-similar CREATE IN_PROGRESS");
        assertThat(events.completed)
                .extracting(StepOutcome::step)
                .containsExactlyElementsOf(
                        result.steps().stream().map(StepOutcome::step).collect(Collectors.toList()));
    }

    private JsonNode body(String op) throws Exception {
        String b = fake.server()
                .findAll(postRequestedFor(urlEqualTo("/"))
                        .withHeader("X-Amz-Target", equalTo("AmazonPersonalize." + op)))
                .get(0)
                .getBodyAsString();
        return new ObjectMapper().readTree(b);
    }

    @Test
    void run_whenEverythingExists_reusesAndCreatesNothing() {
        orchestrator().run(Article.spec());
        fake.resetJournal();
        fake.pageSize(1); // every List* answer is paginated: finding by name must follow nextToken

        PipelineResult second = orchestrator().run(Article.spec());

        assertThat(fake.mutations()).isEmpty();
        assertThat(fake.count("ListSchemas")).isGreaterThan(2);
        assertThat(second.steps())
                .hasSize(STEPS)
                .allSatisfy(s -> assertThat(s.action()).isEqualTo(StepAction.REUSED));
        assertThat(second.duration()).isLessThan(Duration.ofSeconds(1));
    }

    static final class Crash extends RuntimeException {
        Crash() {
            super("simulated crash");
        }
    }

    @ParameterizedTest(name = "crash after step {0} completes")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11})
    void run_whenCrashedAfterAStep_rerunCreatesNothingTwice(int crashAfter) {
        PipelineListener crashing = new PipelineListener() {
            int completed;

            @Override
            public void onStepCompleted(StepOutcome outcome) {
                if (++completed == crashAfter) {
                    throw new Crash();
                }
            }
        };
        assertThatThrownBy(() -> orchestrator(crashing).run(Article.spec()))
                .isInstanceOf(PipelineStepException.class)
                .hasCauseInstanceOf(Crash.class);

        PipelineResult rerun = orchestrator().run(Article.spec());

        assertThat(fake.mutations()).containsExactlyElementsOf(ARTICLE_CREATES);
        assertThat(rerun.steps()).hasSize(STEPS);
        assertThat(rerun.steps().subList(0, crashAfter))
                .allSatisfy(s -> assertThat(s.action()).isEqualTo(StepAction.REUSED));
        assertThat(rerun.steps().subList(crashAfter, STEPS))
                .allSatisfy(s -> assertThat(s.action()).isEqualTo(StepAction.CREATED));
    }

    @ParameterizedTest(name = "crash while waiting in step {0}")
    @ValueSource(ints = {1, 3, 6, 9, 10, 12})
    void run_whenCrashedWhileWaiting_rerunAwaitsTheResourceInsteadOfCreatingIt(int crashIn) {
        PipelineListener crashing = new PipelineListener() {
            int started;

            @Override
            public void onStepStarted(String step) {
                started++;
            }

            @Override
            public void onStatusPolled(String step, ResourceRef r, String status, int attempt, Duration elapsed) {
                if (started == crashIn) {
                    throw new Crash();
                }
            }
        };
        assertThatThrownBy(() -> orchestrator(crashing).run(Article.spec())).isInstanceOf(PipelineStepException.class);

        PipelineResult rerun = orchestrator().run(Article.spec());

        assertThat(fake.mutations()).containsExactlyElementsOf(ARTICLE_CREATES);
        assertThat(rerun.steps().get(crashIn - 1).action()).isEqualTo(StepAction.AWAITED);
        assertThat(rerun.steps().get(crashIn - 1).status()).isEqualTo("ACTIVE");
    }

    @Test
    void run_whenImportFails_stopsWithTheStepArnAndTheServiceFailureReason() {
        String reason = "Input CSV is missing the following columns:[TIMESTAMP].";
        fake.failCreate(Article.INTERACTIONS_JOB, reason);

        assertThatThrownBy(() -> orchestrator().run(Article.spec()))
                .isInstanceOfSatisfying(PipelineStepException.class, e -> {
                    assertThat(e.step()).isEqualTo("import news-interactions-import");
                    assertThat(e.arn())
                            .contains("arn:aws:personalize:us-east-1:123456789012:dataset-import-job/"
                                    + "news-interactions-import");
                    assertThat(e.getMessage()).contains(reason);
                    assertThat(e.getCause()).isInstanceOfSatisfying(ResourceFailedException.class, f -> {
                        assertThat(f.status()).isEqualTo("CREATE FAILED");
                        assertThat(f.failureReason()).contains(reason);
                    });
                });
        assertThat(events.calls).contains("failed import news-interactions-import");
        assertThat(fake.count("CreateSolution")).isZero();
    }

    @Test
    void run_whenSchemaFieldsChanged_failsWithDriftNamingBothDefinitions() {
        orchestrator().run(Article.spec());
        fake.resetJournal();
        PipelineSpec changed = Article.spec().toBuilder()
                .datasetGroup(g -> g.name("news")
                        .addDataset(d -> d.schema(
                                Article.ITEMS.toBuilder().stringField("AUTHOR").build()))
                        .addDataset(Article.INTERACTIONS))
                .build();

        assertThatThrownBy(() -> orchestrator().run(changed)).isInstanceOfSatisfying(PipelineStepException.class, e -> {
            assertThat(e.step()).isEqualTo("schema news-items-schema");
            assertThat(e.getCause()).isInstanceOfSatisfying(DriftException.class, d -> {
                assertThat(d.name()).isEqualTo("news-items-schema");
                assertThat(d.existing()).doesNotContain("AUTHOR");
                assertThat(d.requested()).contains("AUTHOR");
            });
            assertThat(e.getMessage()).contains("existing:", "requested:");
        });
        assertThat(fake.mutations()).isEmpty();
    }

    @Test
    void run_whenFilterExpressionChanged_failsWithDrift() {
        orchestrator().run(Article.spec());
        PipelineSpec changed = Article.spec().toBuilder()
                .filters(List.of(FilterSpec.of("no-obituaries", "EXCLUDE ItemID WHERE Items.LABELS IN (\"ads\")")))
                .build();
        assertThatThrownBy(() -> orchestrator().run(changed))
                .isInstanceOf(PipelineStepException.class)
                .hasCauseInstanceOf(DriftException.class)
                .hasMessageContaining("ads");
    }

    @Test
    void plan_onEmptyAccount_listsCreatesAndMakesNoMutatingCall() {
        PipelinePlan plan = orchestrator().plan(Article.spec());

        assertThat(plan.steps()).hasSize(STEPS);
        assertThat(plan.steps()).allSatisfy(s -> assertThat(s.action()).isEqualTo(PlannedAction.CREATE));
        assertThat(fake.mutations()).isEmpty();
        assertThat(fake.operations()).allSatisfy(op -> assertThat(op).matches("(List|Describe).*"));
        assertThat(events.calls).isEmpty();
    }

    @Test
    void plan_afterPartialRun_reportsReuseAwaitAndCreate() {
        PipelineListener stopAtTraining = new PipelineListener() {
            @Override
            public void onStatusPolled(String step, ResourceRef r, String status, int attempt, Duration elapsed) {
                if (step.startsWith("solution version")) {
                    throw new Crash();
                }
            }
        };
        assertThatThrownBy(() -> orchestrator(stopAtTraining).run(Article.spec()));
        fake.resetJournal();

        PipelinePlan plan = orchestrator().plan(Article.spec());

        assertThat(plan.steps(PlannedAction.REUSE)).hasSize(8);
        assertThat(plan.steps(PlannedAction.AWAIT))
                .extracting(PlannedStep::step)
                .containsExactly("solution version of news-similar");
        assertThat(plan.steps(PlannedAction.CREATE))
                .extracting(PlannedStep::step)
                .containsExactly("campaign news-similar", "filter no-obituaries", "event tracker news-events");
        assertThat(fake.mutations()).isEmpty();
        assertThat(plan.isUpToDate()).isFalse();
        assertThat(plan.toString()).contains("AWAIT solution version of news-similar");
    }

    @Test
    void plan_afterFullRun_isUpToDate() {
        orchestrator().run(Article.spec());
        fake.resetJournal();
        assertThat(orchestrator().plan(Article.spec()).isUpToDate()).isTrue();
        assertThat(fake.mutations()).isEmpty();
    }

    @Test
    void run_afterNewImport_trainsANewVersionAndUpdatesTheCampaign() {
        PipelineResult first = orchestrator().run(Article.spec());
        String v1 = first.deployment().solutionVersion().arn();
        PipelineSpec withNewData = Article.spec().toBuilder()
                .datasetGroup(Article.spec().datasetGroup().toBuilder()
                        .datasets(List.of(
                                Article.spec().datasetGroup().datasets().get(0),
                                Article.spec().datasetGroup().datasets().get(1).toBuilder()
                                        .addImport(i -> i.dataLocation("s3://news-personalize/interactions-2.csv")
                                                .importMode(ImportMode.INCREMENTAL)
                                                .roleArn(Article.ROLE))
                                        .build()))
                        .build())
                .build();
        fake.resetJournal();
        PipelinePlan plan = orchestrator().plan(withNewData);
        assertThat(plan.steps(PlannedAction.CREATE))
                .extracting(PlannedStep::step)
                .containsExactly("import news-interactions-import-2", "solution version of news-similar");
        assertThat(plan.steps(PlannedAction.UPDATE))
                .extracting(PlannedStep::step)
                .containsExactly("campaign news-similar");

        PipelineResult second = orchestrator().run(withNewData);

        String v2 = second.deployment().solutionVersion().arn();
        assertThat(v2).isNotEqualTo(v1);
        assertThat(fake.mutations())
                .containsExactly(
                        "CreateDatasetImportJob news-interactions-import-2",
                        "CreateSolutionVersion arn:aws:personalize:us-east-1:123456789012:solution/news-similar",
                        "UpdateCampaign arn:aws:personalize:us-east-1:123456789012:campaign/news-similar");
        StepOutcome campaign = second.steps(ResourceType.CAMPAIGN).get(0);
        assertThat(campaign.action()).isEqualTo(StepAction.UPDATED);
        assertThat(campaign.duration()).isGreaterThanOrEqualTo(Duration.ofSeconds(10));
        assertThat(client.describeCampaign(b -> b.campaignArn(campaign.arn().get()))
                        .campaign()
                        .solutionVersionArn())
                .isEqualTo(v2);
    }

    @Test
    void run_withForceRetraining_trainsAgainEvenForTheSameData() {
        orchestrator().run(Article.spec());
        fake.resetJournal();
        PipelineResult second = PipelineOrchestrator.builder()
                .personalizeClient(client)
                .waiter(waiter)
                .forceRetraining(true)
                .build()
                .run(Article.spec());
        assertThat(fake.count("CreateSolutionVersion")).isEqualTo(1);
        assertThat(fake.count("UpdateCampaign")).isEqualTo(1);
        assertThat(second.steps(ResourceType.SOLUTION_VERSION).get(0).action()).isEqualTo(StepAction.CREATED);
    }

    @Test
    void run_whenInProgressQuotaExceeded_waitsItOutWithBackoffAndReportsIt() {
        String message = "More than 5 resources with PENDING or IN_PROGRESS status.";
        fake.injectError("CreateDatasetImportJob", 2, "LimitExceededException", message);

        PipelineResult result = orchestrator().run(Article.spec());

        assertThat(result.steps()).hasSize(STEPS);
        assertThat(fake.count("CreateDatasetImportJob")).isEqualTo(4); // 2 refused + 2 imports
        assertThat(events.calls.stream().filter(c -> c.startsWith("quota ")))
                .containsExactly(
                        "quota import news-items-import " + message, "quota import news-items-import " + message);
        // the default quota policy: first retry after about a minute (jitter 10%)
        assertThat(clock.sleeps())
                .anySatisfy(d -> assertThat(d).isBetween(Duration.ofSeconds(54), Duration.ofSeconds(66)));
    }

    @Test
    void run_whenResourceCountQuotaExceeded_stopsWithTheCause() {
        String message =
                "Cannot create a campaign. More than 5 resources in ACTIVE state. Please delete some and try again.";
        fake.injectError("CreateCampaign", 1, "LimitExceededException", message);
        assertThatThrownBy(() -> orchestrator().run(Article.spec()))
                .isInstanceOfSatisfying(PipelineStepException.class, e -> {
                    assertThat(e.step()).isEqualTo("campaign news-similar");
                    assertThat(e.getCause())
                            .isInstanceOf(LimitExceededException.class)
                            .hasMessageContaining(message);
                });
        assertThat(fake.count("CreateCampaign")).isEqualTo(1);
    }

    @Test
    void run_whenDeadlinePasses_stopsWithTimeoutAndLastStatus() {
        ResourceWaiter impatient = ResourceWaiter.builder()
                .personalizeClient(client)
                .clock(clock)
                .sleeper(clock.sleeper())
                .policyForAll(TEST_POLICY)
                .policy(ResourceType.SOLUTION_VERSION, p -> p.timeout(Duration.ofSeconds(20)))
                .build();
        assertThatThrownBy(() -> PipelineOrchestrator.builder()
                        .personalizeClient(client)
                        .waiter(impatient)
                        .build()
                        .run(Article.spec()))
                .isInstanceOfSatisfying(PipelineStepException.class, e -> {
                    assertThat(e.step()).isEqualTo("solution version of news-similar");
                    assertThat(e.getCause()).isInstanceOfSatisfying(WaitTimeoutException.class, t -> {
                        assertThat(t.lastStatus()).isEqualTo("CREATE IN_PROGRESS");
                        assertThat(t.elapsed()).isEqualTo(Duration.ofSeconds(20));
                    });
                });
    }

    @Test
    void run_whenInterruptedDuringAWait_stopsPromptlyWithTheFlagRestored() {
        ResourceWaiter interrupting = ResourceWaiter.builder()
                .personalizeClient(client)
                .clock(clock)
                .policyForAll(TEST_POLICY)
                .sleeper(d -> {
                    if (clock.totalSlept().compareTo(Duration.ofSeconds(20)) > 0) {
                        Thread.currentThread().interrupt();
                    }
                    clock.sleeper().sleep(d);
                })
                .build();
        try {
            assertThatThrownBy(() -> PipelineOrchestrator.builder()
                            .personalizeClient(client)
                            .waiter(interrupting)
                            .build()
                            .run(Article.spec()))
                    .isInstanceOf(PipelineStepException.class)
                    .hasCauseInstanceOf(WaitInterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(fake.count("CreateSolution")).isZero();
    }

    @Test
    void run_whenDescribeCallsAreThrottled_retriesThemAndSucceeds() {
        fake.injectError("DescribeSolutionVersion", 4, "ThrottlingException", "Rate exceeded");
        PipelineResult result = orchestrator().run(Article.spec());
        assertThat(result.steps()).hasSize(STEPS);
        assertThat(creates()).isEqualTo(STEPS);
    }

    @Test
    void builder_requiresClient_andDoesNotCloseBorrowedOnes() {
        assertThatThrownBy(() -> PipelineOrchestrator.builder().build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("personalizeClient");
        PipelineOrchestrator o = PipelineOrchestrator.builder()
                .personalizeClient(client)
                .waiter(waiter)
                .build();
        o.close();
        // the borrowed client still works
        assertThat(client.listDatasetGroups(b -> {}).datasetGroups()).isEmpty();
    }
}
