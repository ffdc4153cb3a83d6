package io.personalizekit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import io.personalizekit.exception.PipelineStepException;
import io.personalizekit.resource.ResourceType;
import io.personalizekit.waiter.ResourceWaiter;
import io.personalizekit.waiter.Sleeper;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.InvalidInputException;
import software.amazon.awssdk.services.personalize.model.PersonalizeException;
import software.amazon.awssdk.services.personalize.model.SolutionVersionSummary;

/**
 * Creates whose reply is lost (the service did the work, the answer never arrived) take effect once: nothing is
 * billed twice. The fake carries out the call, then resets the connection, closes it without an answer, or answers
 * HTTP 500.
 */
@Timeout(60)
class ExactlyOnceCreateTest extends PipelineTestBase {
    private static final List<String> CREATES = List.of(
            "CreateDatasetGroup",
            "CreateSchema",
            "CreateDataset",
            "CreateDatasetImportJob",
            "CreateSolution",
            "CreateSolutionVersion",
            "CreateCampaign",
            "CreateFilter",
            "CreateEventTracker");

    private List<SolutionVersionSummary> versions() {
        return client.listSolutionVersionsPaginator(b -> {}).solutionVersions().stream()
                .collect(Collectors.toList());
    }

    @ParameterizedTest
    @EnumSource(
            value = Fault.class,
            names = {"CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE"})
    void run_whenCreateSolutionVersionReplyIsLost_adoptsTheVersionItStartedInsteadOfTrainingAgain(Fault fault) {
        fake.loseReply("CreateSolutionVersion", 1, fault);

        PipelineResult result = orchestrator().run(Article.spec());

        assertThat(versions()).hasSize(1);
        assertThat(fake.count("CreateSolutionVersion")).isEqualTo(1);
        String adopted = result.deployment().solutionVersion().arn();
        assertThat(versions().get(0).solutionVersionArn()).isEqualTo(adopted);
        assertThat(result.steps(ResourceType.SOLUTION_VERSION).get(0).action()).isEqualTo(StepAction.CREATED);
        assertThat(fake.status(adopted)).isEqualTo("ACTIVE");
    }

    @Test
    void run_whenCreateSolutionVersionAnswers500AfterStarting_adoptsIt() {
        fake.failAfterDoing("CreateSolutionVersion", 1);

        orchestrator().run(Article.spec());

        assertThat(versions()).hasSize(1);
        assertThat(fake.count("CreateSolutionVersion")).isEqualTo(1);
    }

    @Test
    void run_whenTheClientRetries_stillSendsCreateSolutionVersionOnce() {
        // a client with the SDK's standard retries: the call is sent with a per-request "do not retry" override
        fake.failAfterDoing("CreateSolutionVersion", 1);
        try (PersonalizeClient retrying = retryingClient();
                ResourceWaiter w = ResourceWaiter.builder()
                        .personalizeClient(retrying)
                        .clock(clock)
                        .sleeper(clock.sleeper())
                        .policyForAll(TEST_POLICY)
                        .build();
                PipelineOrchestrator pipeline = PipelineOrchestrator.builder()
                        .personalizeClient(retrying)
                        .waiter(w)
                        .build()) {
            fake.failAfterDoing("CreateDatasetGroup", 1); // a named create: the SDK's retry meets AlreadyExists

            pipeline.run(Article.spec());
        }

        assertThat(versions()).hasSize(1);
        assertThat(fake.count("CreateSolutionVersion")).isEqualTo(1);
        assertThat(fake.count("CreateDatasetGroup")).isEqualTo(2);
        assertThat(client.listDatasetGroups(b -> {}).datasetGroups()).hasSize(1);
    }

    /** A client with the SDK's standard retries (3 attempts), without their pauses. */
    private PersonalizeClient retryingClient() {
        return PersonalizeClient.builder()
                .endpointOverride(URI.create(fake.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "skid")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .backoffStrategy(a -> Duration.ZERO)
                        .build()))
                .build();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void run_whenTheUpdateCampaignReplyIsLost_updatesTheCampaignOnce(boolean sdkRetries) {
        orchestrator().run(Article.spec());
        fake.loseReply("UpdateCampaign", 1, Fault.EMPTY_RESPONSE);
        try (PersonalizeClient c = sdkRetries ? retryingClient() : fake.newClient();
                ResourceWaiter w = ResourceWaiter.builder()
                        .personalizeClient(c)
                        .clock(clock)
                        .sleeper(clock.sleeper())
                        .policyForAll(TEST_POLICY)
                        .build();
                PipelineOrchestrator retrain = PipelineOrchestrator.builder()
                        .personalizeClient(c)
                        .waiter(w)
                        .forceRetraining(true)
                        .build()) {
            PipelineResult result = retrain.run(Article.spec());

            String version = result.deployment().solutionVersion().arn();
            String campaign = result.deployment().campaign().arn();
            assertThat(result.steps(ResourceType.CAMPAIGN).get(0).action()).isEqualTo(StepAction.UPDATED);
            assertThat(client.describeCampaign(b -> b.campaignArn(campaign))
                            .campaign()
                            .solutionVersionArn())
                    .isEqualTo(version);
            // the SDK's retry met "update in progress" (our own update) and was not an error
            assertThat(fake.count("UpdateCampaign")).isEqualTo(sdkRetries ? 2 : 1);
        }
    }

    @Test
    void run_whenCreateSolutionVersionFailsWithoutStarting_sendsItAgainAfterTheGracePeriod() {
        fake.injectError("CreateSolutionVersion", 1, 503, "ServiceUnavailable", "try later");

        orchestrator().run(Article.spec());

        assertThat(versions()).hasSize(1);
        assertThat(fake.count("CreateSolutionVersion")).isEqualTo(2);
        // it looked (at least twice) for a version before training again, for the 10 s of the not-found grace
        assertThat(fake.count("ListSolutionVersions")).isGreaterThanOrEqualTo(3);
    }

    @Test
    void run_whenCreateSolutionVersionIsRefusedWith4xx_failsWithoutRetrying() {
        fake.injectError("CreateSolutionVersion", 1, "InvalidInputException", "trainingMode UPDATE not supported");

        assertThatThrownBy(() -> orchestrator().run(Article.spec()))
                .isInstanceOf(PipelineStepException.class)
                .hasCauseInstanceOf(InvalidInputException.class);
        assertThat(fake.count("CreateSolutionVersion")).isEqualTo(1);
        assertThat(versions()).isEmpty();
    }

    @Test
    void run_whenCreateKeepsFailingPastTheErrorBudget_givesUpWithTheLastError() {
        fake.injectError("CreateSolutionVersion", 1000, 500, "InternalFailure", "boom");

        assertThatThrownBy(() -> orchestrator().run(Article.spec()))
                .isInstanceOf(PipelineStepException.class)
                .hasCauseInstanceOf(PersonalizeException.class);
        assertThat(versions()).isEmpty();
        // TEST_POLICY's default error budget (2 min) bounds the tries
        assertThat(fake.count("CreateSolutionVersion")).isBetween(2, 13);
    }

    @Test
    void run_whenAnotherVersionStartsWhileLooking_doesNotAdoptItAndTrainsItsOwn() {
        // the call fails without being carried out; while the step looks for what it may have started, a version
        // with another name appears (someone else's): it is new and recent, but not ours
        fake.injectError("CreateSolutionVersion", 1, 500, "InternalFailure", "boom");
        AtomicBoolean armed = new AtomicBoolean();
        Sleeper sleeper = d -> {
            if (armed.getAndSet(false)) {
                String solution =
                        client.listSolutions(b -> {}).solutions().get(0).solutionArn();
                client.createSolutionVersion(b -> b.solutionArn(solution).name("someone-else"));
            }
            clock.sleeper().sleep(d);
        };
        PipelineListener arm = new PipelineListener() {
            @Override
            public void onStepStarted(String step) {
                armed.set(step.startsWith("solution version"));
            }
        };
        try (ResourceWaiter w = ResourceWaiter.builder()
                        .personalizeClient(client)
                        .clock(clock)
                        .sleeper(sleeper)
                        .policyForAll(TEST_POLICY)
                        .build();
                PipelineOrchestrator pipeline = PipelineOrchestrator.builder()
                        .personalizeClient(client)
                        .waiter(w)
                        .listener(arm)
                        .build()) {
            PipelineResult result = pipeline.run(Article.spec());

            String ours = result.deployment().solutionVersion().arn();
            assertThat(versions()).hasSize(2);
            assertThat(client.describeSolutionVersion(b -> b.solutionVersionArn(ours))
                            .solutionVersion()
                            .name())
                    .startsWith("news-similar-");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE", "500"})
    void run_whenTheFirstReplyOfEveryCreateIsLost_endsWithExactlyOneOfEachResource(String how) {
        for (String op : CREATES) {
            if (how.equals("500")) {
                fake.failAfterDoing(op, 1);
            } else {
                fake.loseReply(op, 1, Fault.valueOf(how));
            }
        }

        PipelineResult result = orchestrator().run(Article.spec());

        assertThat(result.steps())
                .allSatisfy(s -> assertThat(fake.status(s.arn().orElseThrow())).isEqualTo("ACTIVE"));
        assertThat(client.listDatasetGroups(b -> {}).datasetGroups()).hasSize(1);
        assertThat(client.listSchemas(b -> {}).schemas()).hasSize(2);
        assertThat(client.listDatasets(b -> {}).datasets()).hasSize(2);
        assertThat(client.listDatasetImportJobs(b -> {}).datasetImportJobs()).hasSize(2);
        assertThat(client.listSolutions(b -> {}).solutions()).hasSize(1);
        assertThat(versions()).hasSize(1);
        assertThat(client.listCampaigns(b -> {}).campaigns()).hasSize(1);
        assertThat(client.listFilters(b -> {}).filters()).hasSize(1);
        assertThat(client.listEventTrackers(b -> {}).eventTrackers()).hasSize(1);
        assertThat(fake.count("CreateSolutionVersion")).isEqualTo(1);
    }
}
