package io.personalizekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.personalizekit.local.PersonalizeLocal;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.personalize.PersonalizeClient;

/**
 * The exit codes that tell a failing service and an interruption from bad input, in-process and as a real process:
 * an endpoint that refuses connections, emulator fault injection, an interrupt during a wait, and Ctrl-C (SIGINT).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ExitCodesTest {
    static final String PIPELINE = Cli.news("news-pipeline.json").toString();

    static String stoppedEndpoint() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return "http://127.0.0.1:" + s.getLocalPort(); // closed: connections are refused
        }
    }

    @Test
    void plan_againstAStoppedEndpoint_isAServiceFailure() throws IOException {
        String endpoint = stoppedEndpoint();

        Cli.Result r = Cli.run("--endpoint-url", endpoint, "plan", PIPELINE, "-o", "json");

        assertThat(r.exit()).isEqualTo(ExitCodes.SERVICE_FAILURE);
        JsonNode error = r.json().get("error");
        assertThat(error.get("kind").asText()).isEqualTo("service-failure");
        assertThat(error.get("exitCode").asInt()).isEqualTo(3);
        assertThat(error.get("message").asText())
                .contains("Unable to execute HTTP request")
                .contains("127.0.0.1");
        assertThat(r.err())
                .startsWith("personalize-kit: Step 'dataset group news' failed: Unable to execute HTTP request:"
                        + " Connect to 127.0.0.1:");
    }

    @Test
    void recommend_whenTheServiceAnswers500_isAServiceFailure_namingTheError() {
        PersonalizeLocal local = PersonalizeLocal.builder()
                .serverErrorRate("DescribeCampaign", 1.0)
                .build()
                .start();
        try {
            Cli.Result r = Cli.run(
                    "--endpoint-url", local.endpoint().toString(),
                    "recommend", "similar",
                    "--campaign-arn", "arn:aws:personalize:us-east-1:000000000000:campaign/news-similar",
                    "--item", "article-1");

            assertThat(r.exit()).isEqualTo(ExitCodes.SERVICE_FAILURE);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).startsWith("personalize-kit: ").contains("Status Code: 500");
        } finally {
            local.stop();
        }
    }

    @Test
    void recommend_anUnknownCampaign_isAServiceFailure() {
        PersonalizeLocal local = PersonalizeLocal.builder().build().start();
        try {
            Cli.Result r = Cli.run(
                    "--endpoint-url", local.endpoint().toString(),
                    "recommend", "similar",
                    "--campaign-arn", "arn:aws:personalize:us-east-1:000000000000:campaign/nope",
                    "--item", "article-1");

            assertThat(r.exit()).isEqualTo(ExitCodes.SERVICE_FAILURE);
            assertThat(r.err()).contains("campaign/nope");
        } finally {
            local.stop();
        }
    }

    @Test
    void apply_interruptedWhileWaiting_exits130() throws Exception {
        // Service-like pace: the dataset group alone takes 10 s to become ACTIVE.
        PersonalizeLocal local =
                PersonalizeLocal.builder().timeScale(1.0).build().start();
        try {
            Cli.Watch err = new Cli.Watch("^\\[1/10\\] dataset group news \\.\\.\\.$");
            AtomicReference<Cli.Result> result = new AtomicReference<>();
            Thread run = new Thread(() -> result.set(Cli.run(
                    err, "--endpoint-url", local.endpoint().toString(), "--poll-interval", "50ms", "apply", PIPELINE)));
            run.start();
            assertThat(err.seen.await(2, TimeUnit.MINUTES)).as(err.toString()).isTrue();

            run.interrupt();
            run.join(TimeUnit.MINUTES.toMillis(1));

            assertThat(run.isAlive()).isFalse();
            assertThat(result.get().exit()).isEqualTo(ExitCodes.INTERRUPTED);
            assertThat(result.get().err()).endsWith("personalize-kit: interrupted\n");
        } finally {
            local.stop();
        }
    }

    @Test
    void asAProcess_ctrlCDuringApply_exits130() throws Exception {
        PersonalizeLocal local =
                PersonalizeLocal.builder().timeScale(1.0).build().start();
        try (CliProcess apply = CliProcess.start(
                "--endpoint-url", local.endpoint().toString(), "--poll-interval", "50ms", "apply", PIPELINE)) {
            apply.awaitErr(l -> l.equals("[1/10] dataset group news ..."), Duration.ofMinutes(2));

            apply.interrupt();

            assertThat(apply.exitCode(Duration.ofMinutes(1))).isEqualTo(ExitCodes.INTERRUPTED);
            assertThat(apply.err()).endsWith("personalize-kit: interrupted");
        } finally {
            local.stop();
        }
    }

    @Test
    void asAProcess_aBadCsv_exits2_withTheError() throws Exception {
        java.nio.file.Path csv = java.nio.file.Files.createTempFile("bad-items", ".csv");
        try {
            java.nio.file.Files.writeString(csv, "ITEM_ID,LABELS,CREATION_TIMESTAMP\narticle-1,POLITICS,soon\n");
            try (CliProcess p = CliProcess.start(
                    "validate", "-s", Cli.news("items.schema.json").toString(), csv.toString())) {
                assertThat(p.exitCode(Duration.ofMinutes(1))).isEqualTo(ExitCodes.BAD_INPUT);
                assertThat(p.out())
                        .isEqualTo(csv.getFileName() + ": 1 error(s) in 1 records\n  " + csv.getFileName()
                                + " line 2 (record 1), field CREATION_TIMESTAMP, value 'soon': is not an integer; the"
                                + " field's Avro type is long [type]");
            }
        } finally {
            java.nio.file.Files.delete(csv);
        }
    }

    @Test
    void asAProcess_localStartsTheEmulator_inTheGivenRegion_andPlanTalksToIt() throws Exception {
        try (CliProcess local = CliProcess.start("local", "--port", "0", "--s3-port", "0", "--region", "eu-west-1")) {
            String endpoint = local.awaitOut(l -> l.startsWith("Personalize endpoint: "), Duration.ofMinutes(2))
                    .substring("Personalize endpoint: ".length());
            assertThat(local.awaitOut(l -> l.startsWith("S3 endpoint: "), Duration.ofMinutes(1)))
                    .matches("S3 endpoint: http://127\\.0\\.0\\.1:\\d+");
            try (PersonalizeClient personalize = PersonalizeClient.builder()
                    .endpointOverride(URI.create(endpoint))
                    .region(Region.EU_WEST_1)
                    .httpClientBuilder(ApacheHttpClient.builder())
                    .build()) {
                personalize.createDatasetGroup(r -> r.name("news"));
            }

            try (CliProcess plan = CliProcess.start(
                    "--endpoint-url", endpoint, "--region", "eu-west-1", "plan", PIPELINE, "-o", "json")) {
                assertThat(plan.exitCode(Duration.ofMinutes(1))).as(plan.err()).isEqualTo(ExitCodes.OK);
                JsonNode json = Cli.JSON.readTree(plan.out());
                assertThat(json.get("upToDate").asBoolean()).isFalse();
                assertThat(json.get("steps")).hasSize(10);
                JsonNode group = json.get("steps").get(0);
                assertThat(group.get("step").asText()).isEqualTo("dataset group news");
                assertThat(group.get("action").asText()).isIn("REUSE", "AWAIT");
                assertThat(group.get("arn").asText())
                        .isEqualTo("arn:aws:personalize:eu-west-1:000000000000:dataset-group/news");
                assertThat(json.get("steps").get(1).get("action").asText()).isEqualTo("CREATE");
            }
        }
    }

    @Test
    void asAProcess_localWithABadOption_exits2() throws Exception {
        try (CliProcess local = CliProcess.start("local", "--time-scale", "fast")) {
            assertThat(local.exitCode(Duration.ofMinutes(1))).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(local.err()).startsWith("personalize-local: ");
        }
    }
}
