package io.personalizekit.attribution;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.personalizekit.exception.DataJobException;
import io.personalizekit.storage.S3Location;
import io.personalizekit.testing.S3ProxyServer;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.personalize.PersonalizeClient;

/** {@link AttributionReportReader} on reports in the service's format, found through DescribeMetricAttribution. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AttributionReportReaderTest {
    private static final String TARGET = "X-Amz-Target";
    private static final String JSON_1_1 = "application/x-amz-json-1.1";
    private static final String MA_ARN = "arn:aws:personalize:us-east-1:123456789012:metric-attribution/news-clicks";
    private static final String HOME = "arn:aws:personalize:us-east-1:123456789012:campaign/home";
    private static final String SHOP = "arn:aws:personalize:us-east-1:123456789012:recommender/shop";
    private static final String BUCKET = "metrics";
    private static final AtomicInteger RUNS = new AtomicInteger();

    @RegisterExtension
    static final WireMockExtension WM = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .failOnUnmatchedRequests(true)
            .build();

    @RegisterExtension
    static final S3ProxyServer S3 = S3ProxyServer.create();

    private PersonalizeClient personalize;
    private String prefix;

    @BeforeEach
    void setUp() {
        personalize = PersonalizeClient.builder()
                .endpointOverride(URI.create(WM.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "skid")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        S3.createBucket(BUCKET);
        prefix = "run-" + RUNS.incrementAndGet() + "/";
    }

    @AfterEach
    void tearDown() {
        personalize.close();
    }

    private AttributionReportReader reader() {
        return AttributionReportReader.builder()
                .s3Client(S3.client())
                .personalizeClient(personalize)
                .build();
    }

    private void put(String key, String body) {
        S3.client().putObject(r -> r.bucket(BUCKET).key(prefix + key), RequestBody.fromString(body));
    }

    private void stubDescribe(String outputConfig) {
        WM.stubFor(post(urlEqualTo("/"))
                .withHeader(TARGET, equalTo("AmazonPersonalize.DescribeMetricAttribution"))
                .withRequestBody(equalToJson("{\"metricAttributionArn\":\"" + MA_ARN + "\"}"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", JSON_1_1)
                        .withBody("{\"metricAttribution\":{\"name\":\"news-clicks\",\"metricAttributionArn\":\""
                                + MA_ARN + "\",\"datasetGroupArn\":\"arn:aws:personalize:us-east-1:123456789012:"
                                + "dataset-group/news\",\"metricsOutputConfig\":" + outputConfig
                                + ",\"status\":\"ACTIVE\",\"creationDateTime\":1.7645832E9,"
                                + "\"lastUpdatedDateTime\":1.7645832E9}}")));
    }

    @Test
    void read_byArn_findsTheReportsUnderTheAttributionsPathAndSumsClicksPerDay() {
        stubDescribe("{\"s3DataDestination\":{\"path\":\"s3://" + BUCKET + "/" + prefix + "reports\"},"
                + "\"roleArn\":\"arn:aws:iam::123456789012:role/Personalize\"}");
        // 2025-12-01T23:45Z, 2025-12-02T00:00Z and 00:15Z, 2025-12-02T10:00Z
        put(
                "reports/AggregatedAttributionMetrics - FULL - 2026-12-02T01:00:00Z.csv",
                "METRIC_NAME,EVENT_TYPE,VALUE,MATH_FUNCTION,EVENT_ATTRIBUTION_SOURCE,TIMESTAMP\n"
                        + "CLICKS,click,12.0,samplecount," + HOME + ",1764632700\n"
                        + "CLICKS,click,5.0,samplecount,SOURCE_NAME_UNDEFINED,1764632700\n"
                        + "CLICKS,click,3.0,samplecount," + HOME + ",1764633600\n"
                        + "REVENUE,purchase,19.5,sum," + SHOP + ",1764633600\n");
        put(
                "reports/nested/AggregatedAttributionMetrics-INCREMENTAL-20261202T100500Z.csv",
                "EVENT_ATTRIBUTION_SOURCE,METRIC_NAME,EVENT_TYPE,VALUE,MATH_FUNCTION,TIMESTAMP\n"
                        + "\"newsletter, december\",CLICKS,click,4.0,samplecount,1764669600\n"
                        + SHOP + ",CLICKS,click,7.0,samplecount,1764634500\n");
        put("reports/README.txt", "not a report");
        put("elsewhere/AggregatedAttributionMetrics-FULL-x.csv", "not under the path");

        AttributionReport report = reader().read(MA_ARN);

        assertThat(report.reports())
                .containsExactly(
                        S3Location.of(
                                BUCKET,
                                prefix + "reports/AggregatedAttributionMetrics - FULL - 2026-12-02T01:00:00Z.csv"),
                        S3Location.of(
                                BUCKET,
                                prefix
                                        + "reports/nested/AggregatedAttributionMetrics-INCREMENTAL-20261202T100500Z.csv"));
        assertThat(report.rows()).hasSize(6);
        AttributionRow first = report.rows().get(0);
        assertThat(first)
                .isEqualTo(new AttributionRow(
                        "CLICKS",
                        "click",
                        12.0,
                        "samplecount",
                        HOME,
                        Instant.ofEpochSecond(1764632700L),
                        report.reports().get(0),
                        2));
        assertThat(report.rows("REVENUE")).singleElement().satisfies(r -> {
            assertThat(r.mathFunction()).isEqualTo("sum");
            assertThat(r.value()).isEqualTo(19.5);
            assertThat(r.fromRecommendations()).isTrue();
        });
        assertThat(report.daily("CLICKS"))
                .containsExactly(
                        new DailyAttribution(LocalDate.parse("2025-12-01"), "CLICKS", "SOURCE_NAME_UNDEFINED", 5.0),
                        new DailyAttribution(LocalDate.parse("2025-12-01"), "CLICKS", HOME, 12.0),
                        new DailyAttribution(LocalDate.parse("2025-12-02"), "CLICKS", HOME, 3.0),
                        new DailyAttribution(LocalDate.parse("2025-12-02"), "CLICKS", SHOP, 7.0),
                        new DailyAttribution(LocalDate.parse("2025-12-02"), "CLICKS", "newsletter, december", 4.0));
        assertThat(report.dailyFromRecommendations("CLICKS"))
                .containsExactly(
                        entry(LocalDate.parse("2025-12-01"), 12.0), entry(LocalDate.parse("2025-12-02"), 10.0));
        assertThat(report.daily("CLICKS", ZoneId.of("Europe/Berlin")))
                .extracting(DailyAttribution::day)
                .containsOnly(LocalDate.parse("2025-12-02"));
        assertThat(report.totalsBySource("CLICKS"))
                .containsExactly(
                        entry(HOME, 15.0),
                        entry(SHOP, 7.0),
                        entry("SOURCE_NAME_UNDEFINED", 5.0),
                        entry("newsletter, december", 4.0));
    }

    @Test
    void read_whenAValueIsNotANumber_namesTheFileTheLineAndTheValue() {
        put(
                "bad/AggregatedAttributionMetrics-FULL-1.csv",
                "METRIC_NAME,EVENT_TYPE,VALUE,MATH_FUNCTION,EVENT_ATTRIBUTION_SOURCE,TIMESTAMP\n"
                        + "CLICKS,click,1.0,samplecount," + HOME + ",1764632700\n"
                        + "CLICKS,click,lots,samplecount," + HOME + ",1764632700\n");

        assertThatThrownBy(() -> reader().read(S3Location.of(BUCKET, prefix + "bad")))
                .isInstanceOf(DataJobException.class)
                .hasMessageContaining("AggregatedAttributionMetrics-FULL-1.csv line 3, column VALUE: 'lots'")
                .satisfies(e -> assertThat(((DataJobException) e).line()).isEqualTo(3));
    }

    @Test
    void read_whenAColumnIsMissing_namesItAndTheHeader() {
        put("short/AggregatedAttributionMetrics-FULL-1.csv", "METRIC_NAME,EVENT_TYPE,VALUE\nCLICKS,click,1.0\n");

        assertThatThrownBy(() -> reader().read(S3Location.of(BUCKET, prefix + "short/")))
                .isInstanceOf(DataJobException.class)
                .hasMessageContaining("line 1: the header lacks the column MATH_FUNCTION");
    }

    @Test
    void read_byArn_whenTheAttributionHasNoS3Path_saysItsFiguresAreInCloudWatch() {
        stubDescribe("{\"roleArn\":\"arn:aws:iam::123456789012:role/Personalize\"}");

        assertThatThrownBy(() -> reader().read(MA_ARN))
                .isInstanceOf(DataJobException.class)
                .hasMessageContaining("publishes no reports to S3");
        assertThat(reader().read(S3Location.of(BUCKET, prefix + "nothing-yet/")).rows())
                .isEmpty();
    }
}
