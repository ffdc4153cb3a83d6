package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LauncherTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void parse_whenOptionsGiven_buildsAnEmulatorThatStartsWithThem() {
        PersonalizeLocal local = PersonalizeLocalLauncher.parse(
                new String[] {
                    "--port",
                    "0",
                    "--s3-port=0",
                    "--time-scale",
                    "0",
                    "--latency-ms",
                    "ListSchemas=1",
                    "--throttling-rate",
                    "0",
                    "--server-error-rate",
                    "GetRecommendations=0",
                    "--region",
                    "eu-west-1"
                },
                out);
        assertThat(local).isNotNull();
        try (PersonalizeLocal started = local.start()) {
            assertThat(started.region().id()).isEqualTo("eu-west-1");
            assertThat(started.personalizeClient()
                            .createDatasetGroup(r -> r.name("g"))
                            .datasetGroupArn())
                    .startsWith("arn:aws:personalize:eu-west-1:000000000000:dataset-group/");
        }
    }

    @Test
    void parse_whenS3EndpointGiven_usesItWithTheKeyOrTheEnvironmentsCredentials() throws Exception {
        try (S3ProxyTestServer proxy = S3ProxyTestServer.start()) {
            String endpoint = proxy.endpoint().toString();
            PersonalizeLocal withKey = PersonalizeLocalLauncher.parse(
                    new String[] {
                        "--s3-endpoint",
                        endpoint,
                        "--s3-access-key",
                        S3ProxyTestServer.ACCESS_KEY + ":" + S3ProxyTestServer.SECRET_KEY
                    },
                    out,
                    Map.of());
            try (PersonalizeLocal started = withKey.start()) {
                assertThat(started.s3Endpoint()).isEqualTo(proxy.endpoint());
                started.s3Client().createBucket(r -> r.bucket("from-launcher"));
            }
            assertThat(proxy.client().listBuckets().buckets())
                    .extracting(b -> b.name())
                    .contains("from-launcher");
            PersonalizeLocal fromEnv = PersonalizeLocalLauncher.parse(
                    new String[] {"--s3-endpoint=" + endpoint},
                    out,
                    Map.of(
                            "AWS_ACCESS_KEY_ID",
                            S3ProxyTestServer.ACCESS_KEY,
                            "AWS_SECRET_ACCESS_KEY",
                            S3ProxyTestServer.SECRET_KEY));
            try (PersonalizeLocal started = fromEnv.start()) {
                assertThat(started.s3Client().listBuckets().buckets())
                        .extracting(b -> b.name())
                        .contains("from-launcher");
            }
        }
    }

    @Test
    void parse_whenS3EndpointWithoutCredentialsOrWithS3Port_throwsIllegalArgument() {
        assertThatThrownBy(() -> PersonalizeLocalLauncher.parse(
                        new String[] {"--s3-endpoint", "http://127.0.0.1:9000"}, out, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AWS_ACCESS_KEY_ID");
        assertThatThrownBy(() -> PersonalizeLocalLauncher.parse(
                        new String[] {
                            "--s3-endpoint", "http://127.0.0.1:9000", "--s3-access-key", "a:b", "--s3-port", "9"
                        },
                        out,
                        Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("s3Port");
        assertThatThrownBy(() -> PersonalizeLocalLauncher.parse(new String[] {"--s3-access-key", "a:b"}, out, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--s3-endpoint");
    }

    @Test
    void parse_whenHelp_printsUsageAndReturnsNull() {
        assertThat(PersonalizeLocalLauncher.parse(new String[] {"--help"}, out)).isNull();
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("--data-dir")
                .contains("--s3-port")
                .contains("--s3-endpoint");
    }

    @Test
    void parse_whenOptionUnknownOrValueBad_throwsIllegalArgument() {
        assertThatThrownBy(() -> PersonalizeLocalLauncher.parse(new String[] {"--nope", "1"}, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--nope");
        assertThatThrownBy(() -> PersonalizeLocalLauncher.parse(new String[] {"--port", "x"}, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--port");
        assertThatThrownBy(() -> PersonalizeLocalLauncher.parse(new String[] {"--access-key", "nocolon"}, out))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
