package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
    void parse_whenHelp_printsUsageAndReturnsNull() {
        assertThat(PersonalizeLocalLauncher.parse(new String[] {"--help"}, out)).isNull();
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("--data-dir")
                .contains("--s3-port");
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
