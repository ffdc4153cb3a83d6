package io.personalizekit.pipeline;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import io.personalizekit.testing.FakeClock;
import io.personalizekit.waiter.ResourceWaiter;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.personalize.PersonalizeClient;

/**
 * Hand-written WireMock stubs of the Personalize control plane for wire-exact tests: each answer is the JSON the
 * service sends (member names of the model, statuses with spaces, epoch-second timestamps), each request body is
 * read back from WireMock's journal as the SDK sent it. Unmatched requests fail the test (HTTP 404 from WireMock
 * makes the SDK throw). Stateful answers use WireMock scenarios: a mutating call moves the scenario on, and the
 * describe stubs answer per state.
 */
final class WireStubs implements AutoCloseable {
    static final String PREFIX = "arn:aws:personalize:us-east-1:123456789012:";
    static final String ROLE = "arn:aws:iam::123456789012:role/PersonalizeS3";
    static final long T0 = 1764700000L; // epoch seconds
    static final ObjectMapper JSON = new ObjectMapper();

    static final DatasetSchema INTERACTIONS = SchemaBuilder.forType(DatasetType.INTERACTIONS)
            .stringField("USER_ID")
            .stringField("ITEM_ID")
            .stringField("EVENT_TYPE")
            .longField("TIMESTAMP")
            .build();

    final WireMockServer server = new WireMockServer(options().dynamicPort());
    final FakeClock clock = new FakeClock();
    final PersonalizeClient client;
    final ResourceWaiter waiter;

    WireStubs() {
        server.start();
        client = PersonalizeClient.builder()
                .endpointOverride(URI.create(server.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "skid")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
        waiter = ResourceWaiter.builder()
                .personalizeClient(client)
                .clock(clock)
                .sleeper(clock.sleeper())
                .policyForAll(PipelineTestBase.TEST_POLICY)
                .build();
    }

    PipelineOrchestrator orchestrator() {
        return PipelineOrchestrator.builder()
                .personalizeClient(client)
                .waiter(waiter)
                .build();
    }

    Teardown teardown() {
        return Teardown.builder().personalizeClient(client).waiter(waiter).build();
    }

    private static MappingBuilder op(String operation) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonPersonalize." + operation));
    }

    /** {@code operation} always answers {@code body}. */
    WireStubs given(String operation, String body) {
        server.stubFor(op(operation).willReturn(ok(body)));
        return this;
    }

    /** {@code operation} answers {@code body} while scenario {@code scenario} is in {@code state}. */
    WireStubs given(String scenario, String state, String operation, String body) {
        server.stubFor(
                op(operation).inScenario(scenario).whenScenarioStateIs(state).willReturn(ok(body)));
        return this;
    }

    /** {@code operation} answers {@code body} in {@code state} and moves the scenario to {@code next}. */
    WireStubs given(String scenario, String state, String operation, String body, String next) {
        server.stubFor(op(operation)
                .inScenario(scenario)
                .whenScenarioStateIs(state)
                .willReturn(ok(body))
                .willSetStateTo(next));
        return this;
    }

    /** {@code operation} answers an error as the service sends it. */
    WireStubs givenError(String operation, String errorType, String message) {
        server.stubFor(op(operation)
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withHeader("x-amzn-ErrorType", errorType)
                        .withHeader("x-amzn-RequestId", "req-1")
                        .withBody("{\"__type\":\"" + errorType + "\",\"message\":\"" + message + "\"}")));
        return this;
    }

    static String started() {
        return Scenario.STARTED;
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder ok(String body) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withHeader("x-amzn-RequestId", "req-1")
                .withBody(body);
    }

    /** The bodies of every request of an operation, in order. */
    List<JsonNode> requests(String operation) {
        List<JsonNode> out = new ArrayList<>();
        server.findAll(postRequestedFor(urlEqualTo("/"))
                        .withHeader("X-Amz-Target", equalTo("AmazonPersonalize." + operation)))
                .forEach(r -> {
                    try {
                        out.add(JSON.readTree(r.getBodyAsString()));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
        return out;
    }

    /** The operations called that change something (not Describe or List), in order. */
    List<String> mutations() {
        List<String> out = new ArrayList<>();
        server.getAllServeEvents().forEach(e -> {
            String op = e.getRequest().getHeader("X-Amz-Target").replace("AmazonPersonalize.", "");
            if (!op.startsWith("Describe") && !op.startsWith("List")) {
                out.add(0, op);
            }
        });
        return out;
    }

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An ACTIVE custom dataset group {@code name} with an Interactions dataset and no import job. */
    WireStubs existingGroup(String name, @org.jspecify.annotations.Nullable String domain) {
        String group = PREFIX + "dataset-group/" + name;
        String schema = PREFIX + "schema/" + name + "-interactions-schema";
        String dataset = PREFIX + "dataset/" + name + "/INTERACTIONS";
        String dom = domain == null ? "" : ",\"domain\":\"" + domain + "\"";
        given(
                "ListDatasetGroups",
                "{\"datasetGroups\":[{\"name\":\"" + name + "\",\"datasetGroupArn\":\"" + group
                        + "\",\"status\":\"ACTIVE\",\"creationDateTime\":" + T0 + ",\"lastUpdatedDateTime\":" + T0
                        + dom + "}]}");
        given(
                "DescribeDatasetGroup",
                "{\"datasetGroup\":{\"name\":\"" + name + "\",\"datasetGroupArn\":\"" + group
                        + "\",\"status\":\"ACTIVE\",\"creationDateTime\":" + T0 + ",\"lastUpdatedDateTime\":" + T0
                        + dom + "}}");
        given(
                "ListSchemas",
                "{\"schemas\":[{\"name\":\"" + name + "-interactions-schema\",\"schemaArn\":\"" + schema
                        + "\",\"creationDateTime\":" + T0 + ",\"lastUpdatedDateTime\":" + T0 + dom + "}]}");
        given(
                "DescribeSchema",
                "{\"schema\":{\"name\":\"" + name + "-interactions-schema\",\"schemaArn\":\"" + schema
                        + "\",\"schema\":" + JSON.valueToTree(INTERACTIONS.toAvroJson()) + ",\"creationDateTime\":"
                        + T0 + ",\"lastUpdatedDateTime\":" + T0 + dom + "}}");
        given(
                "ListDatasets",
                "{\"datasets\":[{\"name\":\"" + name + "-interactions\",\"datasetArn\":\"" + dataset
                        + "\",\"datasetType\":\"Interactions\",\"status\":\"ACTIVE\",\"creationDateTime\":" + T0
                        + ",\"lastUpdatedDateTime\":" + T0 + "}]}");
        given(
                "DescribeDataset",
                "{\"dataset\":{\"name\":\"" + name + "-interactions\",\"datasetArn\":\"" + dataset
                        + "\",\"datasetGroupArn\":\"" + group + "\",\"datasetType\":\"Interactions\",\"schemaArn\":\""
                        + schema + "\",\"status\":\"ACTIVE\",\"creationDateTime\":" + T0 + ",\"lastUpdatedDateTime\":"
                        + T0 + "}}");
        given("ListDatasetImportJobs", "{\"datasetImportJobs\":[]}");
        return this;
    }

    static final String SOLUTION = PREFIX + "solution/shop-up";
    static final String VERSION = SOLUTION + "/1a2b3c4d";

    /** ACTIVE solution {@code shop-up} (User-Personalization-v2, no automatic training) with one ACTIVE version. */
    WireStubs existingSolution() {
        String recipe = "arn:aws:personalize:::recipe/aws-user-personalization-v2";
        given(
                "ListSolutions",
                "{\"solutions\":[{\"name\":\"shop-up\",\"solutionArn\":\"" + SOLUTION + "\",\"status\":"
                        + "\"ACTIVE\",\"creationDateTime\":" + T0 + ",\"lastUpdatedDateTime\":" + T0
                        + ",\"recipeArn\":\"" + recipe + "\"}]}");
        given(
                "DescribeSolution",
                "{\"solution\":{\"name\":\"shop-up\",\"solutionArn\":\"" + SOLUTION + "\",\"recipeArn\":\""
                        + recipe + "\",\"datasetGroupArn\":\"" + PREFIX + "dataset-group/shop\",\"status\":"
                        + "\"ACTIVE\",\"performAutoTraining\":false,\"solutionConfig\":{},\"creationDateTime\":" + T0
                        + ",\"lastUpdatedDateTime\":" + T0 + "}}");
        given(
                "ListSolutionVersions",
                "{\"solutionVersions\":[{\"solutionVersionArn\":\"" + VERSION + "\",\"status\":\"ACTIVE\","
                        + "\"trainingMode\":\"FULL\",\"trainingType\":\"MANUAL\",\"creationDateTime\":"
                        + (T0 + 60) + ",\"lastUpdatedDateTime\":" + (T0 + 600) + "}]}");
        return this;
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }

    @Override
    public void close() {
        waiter.close();
        client.close();
        server.stop();
    }
}
