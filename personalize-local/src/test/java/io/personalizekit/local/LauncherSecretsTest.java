package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.PersonalizeException;

/** The launcher takes secrets from a file or the environment; a secret on the command line gets a warning. */
@Timeout(120)
class LauncherSecretsTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    private static PersonalizeClient client(PersonalizeLocal local, String akid, String secret) {
        return PersonalizeClient.builder()
                .endpointOverride(local.endpoint())
                .region(local.region())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(akid, secret)))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** The emulator accepts exactly {@code akid/secret}, on both endpoints. */
    private static void assertRequiresKey(PersonalizeLocal parsed, String akid, String secret) {
        try (PersonalizeLocal local = parsed.start();
                PersonalizeClient right = client(local, akid, secret);
                PersonalizeClient wrong = client(local, akid, secret + "x")) {
            assertThat(right.listDatasetGroups(r -> {}).datasetGroups()).isEmpty();
            assertThatThrownBy(() -> wrong.listDatasetGroups(r -> {}))
                    .isInstanceOfSatisfying(
                            PersonalizeException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException"));
            local.s3Client().createBucket(b -> b.bucket("signed-by-launcher-key"));
        }
    }

    @Test
    void accessKeyWithSecretKeyFile_requiresThatKey_withoutAWarning() throws Exception {
        Path secretFile = dir.resolve("secret");
        Files.writeString(secretFile, "from-a-file\n");
        PersonalizeLocal parsed = PersonalizeLocalLauncher.parse(
                new String[] {
                    "--time-scale", "0", "--access-key", "AKIDFILE", "--secret-key-file", secretFile.toString()
                },
                out,
                err,
                Map.of());
        assertRequiresKey(parsed, "AKIDFILE", "from-a-file");
        assertThat(err()).isEmpty();
    }

    @Test
    void accessKeyAlone_takesItsSecretFromTheEnvironment() {
        PersonalizeLocal parsed = PersonalizeLocalLauncher.parse(
                new String[] {"--time-scale=0", "--access-key=AKIDENV"},
                out,
                err,
                Map.of(PersonalizeLocalLauncher.SECRET_KEY_ENV, "from-the-env"));
        assertRequiresKey(parsed, "AKIDENV", "from-the-env");
        assertThat(err()).isEmpty();
    }

    @Test
    void secretOnTheCommandLine_stillWorks_butWarnsThatPsShowsIt() {
        PersonalizeLocal parsed = PersonalizeLocalLauncher.parse(
                new String[] {"--time-scale", "0", "--access-key", "AKIDINLINE:inline-secret"}, out, err, Map.of());
        assertRequiresKey(parsed, "AKIDINLINE", "inline-secret");
        assertThat(err()).contains("warning").contains("ps").contains("--secret-key-file");
        assertThat(err()).doesNotContain("inline-secret");
    }

    @Test
    void accessKeyWithoutASecret_orAnUnreadableFile_isRefusedNamingWhereSecretsComeFrom() {
        assertThatThrownBy(
                        () -> PersonalizeLocalLauncher.parse(new String[] {"--access-key", "AKID"}, out, err, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--secret-key-file")
                .hasMessageContaining(PersonalizeLocalLauncher.SECRET_KEY_ENV);
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> PersonalizeLocalLauncher.parse(
                        new String[] {"--access-key", "AKID", "--secret-key-file", missing.toString()},
                        out,
                        err,
                        Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toString());
        assertThatThrownBy(() -> PersonalizeLocalLauncher.parse(
                        new String[] {"--secret-key-file", missing.toString()}, out, err, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--access-key");
    }

    @Test
    void externalS3Key_takesItsSecretFromAFile() throws Exception {
        Path secretFile = dir.resolve("s3-secret");
        Files.writeString(secretFile, S3ProxyTestServer.SECRET_KEY + "\n");
        try (S3ProxyTestServer proxy = S3ProxyTestServer.start()) {
            PersonalizeLocal parsed = PersonalizeLocalLauncher.parse(
                    new String[] {
                        "--s3-endpoint",
                        proxy.endpoint().toString(),
                        "--s3-access-key",
                        S3ProxyTestServer.ACCESS_KEY,
                        "--s3-secret-key-file",
                        secretFile.toString()
                    },
                    out,
                    err,
                    Map.of());
            try (PersonalizeLocal local = parsed.start()) {
                local.s3Client().createBucket(b -> b.bucket("secret-from-file"));
            }
            assertThat(proxy.client().listBuckets().buckets())
                    .extracting(b -> b.name())
                    .contains("secret-from-file");
            assertThat(err()).isEmpty();
        }
    }

    @Test
    void fsyncFlag_withADataDir_keepsWritesAcrossRestarts() {
        PersonalizeLocal parsed = PersonalizeLocalLauncher.parse(
                new String[] {"--data-dir", dir.toString(), "--fsync", "--time-scale", "0"}, out, err, Map.of());
        try (PersonalizeLocal local = parsed.start()) {
            local.personalizeClient().createDatasetGroup(r -> r.name("fsynced"));
        }
        try (PersonalizeLocal local =
                PersonalizeLocal.builder().dataDir(dir).build().start()) {
            assertThat(local.personalizeClient().listDatasetGroups(r -> {}).datasetGroups())
                    .extracting(g -> g.name())
                    .containsExactly("fsynced");
        }
    }
}
