package io.personalizekit.pipeline;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import io.personalizekit.testing.FakeClock;
import io.personalizekit.waiter.ResourceWaiter;
import io.personalizekit.waiter.WaitPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.personalize.PersonalizeClient;

/**
 * Find-or-create when the service's List* lags behind creation: the resource was created moments ago (by another
 * process, or by a crashed earlier run), so the first List* does not show it, Create* answers {@code
 * ResourceAlreadyExistsException}, and a List* made after that shows it. The step must reuse the resource, not fail.
 * WireMock scenarios answer in the exact awsJson1.1 wire format, and every other request is unmatched (a failure).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CreateWhenListingLagsTest {
    private static final String PREFIX = "arn:aws:personalize:us-east-1:123456789012:";
    private static final String GROUP_ARN = PREFIX + "dataset-group/news";
    private static final String SCHEMA_ARN = PREFIX + "schema/news-items-schema";
    private static final String DATASET_ARN = PREFIX + "dataset/news/ITEMS";
    private static final String JSON = "application/x-amz-json-1.1";
    private static final String VISIBLE = "visible";

    private static final DatasetSchema ITEMS = SchemaBuilder.forType(DatasetType.ITEMS)
            .stringField("ITEM_ID")
            .stringField("LABELS", f -> f.nullable().categorical())
            .build();

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .failOnUnmatchedRequests(true)
            .build();

    private final FakeClock clock = new FakeClock();
    private PersonalizeClient client;
    private ResourceWaiter waiter;

    @BeforeEach
    void setUp() {
        client = PersonalizeClient.builder()
                .endpointOverride(URI.create(wm.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "skid")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        waiter = ResourceWaiter.builder()
                .personalizeClient(client)
                .clock(clock)
                .sleeper(clock.sleeper())
                .policyForAll(WaitPolicy.builder()
                        .initialDelay(Duration.ofSeconds(1))
                        .jitter(0)
                        .timeout(Duration.ofMinutes(5))
                        .build())
                .build();
    }

    @AfterEach
    void tearDown() {
        waiter.close();
        client.close();
    }

    private static MappingBuilder op(String operation) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonPersonalize." + operation));
    }

    private static ResponseDefinitionBuilder ok(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", JSON).withBody(body);
    }

    private static ResponseDefinitionBuilder alreadyExists(String message) {
        return aResponse()
                .withStatus(400)
                .withHeader("Content-Type", JSON)
                .withHeader("x-amzn-RequestId", "00000000-0000-0000-0000-000000000001")
                .withHeader("x-amzn-ErrorType", "ResourceAlreadyExistsException")
                .withBody("{\"__type\":\"ResourceAlreadyExistsException\",\"message\":\"" + message + "\"}");
    }

    /**
     * One resource type's lagging listing: List* is empty until Create* has answered "already exists", and shows
     * the resource from then on; a second Create* would be unmatched.
     */
    private static void lagging(String scenario, String list, String emptyList, String listed, String create) {
        wm.stubFor(op(list).inScenario(scenario).whenScenarioStateIs(STARTED).willReturn(ok(emptyList)));
        wm.stubFor(op(create)
                .inScenario(scenario)
                .whenScenarioStateIs(STARTED)
                .willReturn(alreadyExists("The resource already exists."))
                .willSetStateTo(VISIBLE));
        wm.stubFor(op(list).inScenario(scenario).whenScenarioStateIs(VISIBLE).willReturn(ok(listed)));
    }

    @Test
    void provision_whenCreateSaysAlreadyExistsBeforeListingShowsIt_reusesEachResource() {
        lagging(
                "dataset-group",
                "ListDatasetGroups",
                "{\"datasetGroups\":[]}",
                "{\"datasetGroups\":[{\"name\":\"news\",\"datasetGroupArn\":\"" + GROUP_ARN
                        + "\",\"status\":\"ACTIVE\",\"creationDateTime\":1.7643E9,\"lastUpdatedDateTime\":1.7643E9}]}",
                "CreateDatasetGroup");
        lagging(
                "schema",
                "ListSchemas",
                "{\"schemas\":[]}",
                "{\"schemas\":[{\"name\":\"news-items-schema\",\"schemaArn\":\"" + SCHEMA_ARN
                        + "\",\"creationDateTime\":1.7643E9,\"lastUpdatedDateTime\":1.7643E9}]}",
                "CreateSchema");
        lagging(
                "dataset",
                "ListDatasets",
                "{\"datasets\":[]}",
                "{\"datasets\":[{\"name\":\"news-items\",\"datasetArn\":\"" + DATASET_ARN
                        + "\",\"datasetType\":\"ITEMS\",\"status\":\"ACTIVE\",\"creationDateTime\":1.7643E9,"
                        + "\"lastUpdatedDateTime\":1.7643E9}]}",
                "CreateDataset");
        wm.stubFor(
                op("DescribeDatasetGroup")
                        .willReturn(
                                ok(
                                        "{\"datasetGroup\":{\"name\":\"news\",\"datasetGroupArn\":\"" + GROUP_ARN
                                                + "\",\"status\":\"ACTIVE\",\"creationDateTime\":1.7643E9,\"lastUpdatedDateTime\":1.7643E9}}")));
        wm.stubFor(op("DescribeSchema")
                .willReturn(ok("{\"schema\":{\"name\":\"news-items-schema\",\"schemaArn\":\"" + SCHEMA_ARN
                        + "\",\"schema\":" + quoted(ITEMS.toAvroJson())
                        + ",\"creationDateTime\":1.7643E9,\"lastUpdatedDateTime\":1.7643E9}}")));
        wm.stubFor(op("DescribeDataset")
                .willReturn(ok("{\"dataset\":{\"name\":\"news-items\",\"datasetArn\":\"" + DATASET_ARN
                        + "\",\"datasetGroupArn\":\"" + GROUP_ARN + "\",\"datasetType\":\"ITEMS\",\"schemaArn\":\""
                        + SCHEMA_ARN + "\",\"status\":\"ACTIVE\",\"creationDateTime\":1.7643E9,"
                        + "\"lastUpdatedDateTime\":1.7643E9}}")));

        ProvisionedDatasetGroup group = DatasetGroupBuilder.builder()
                .personalizeClient(client)
                .waiter(waiter)
                .name("news")
                .dataset(ITEMS)
                .provision();

        assertThat(group.datasetGroup().arn()).isEqualTo(GROUP_ARN);
        assertThat(group.schemas().get(DatasetType.ITEMS).arn()).isEqualTo(SCHEMA_ARN);
        assertThat(group.dataset(DatasetType.ITEMS).arn()).isEqualTo(DATASET_ARN);
        assertThat(group.steps())
                .hasSize(3)
                .allSatisfy(s -> assertThat(s.status()).isEqualTo("ACTIVE"));
        for (String create : new String[] {"CreateDatasetGroup", "CreateSchema", "CreateDataset"}) {
            assertThat(calls(create)).as(create).isEqualTo(1);
        }
        for (String list : new String[] {"ListDatasetGroups", "ListSchemas", "ListDatasets"}) {
            assertThat(calls(list)).as(list).isEqualTo(2); // before the create, and the one that finds it
        }
        assertThat(wm.findAll(postRequestedFor(urlEqualTo("/"))
                        .withRequestBody(containing(GROUP_ARN))
                        .withHeader("X-Amz-Target", equalTo("AmazonPersonalize.ListDatasets"))))
                .hasSize(2);
    }

    private static int calls(String operation) {
        return wm.findAll(postRequestedFor(urlEqualTo("/"))
                        .withHeader("X-Amz-Target", equalTo("AmazonPersonalize." + operation)))
                .size();
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
