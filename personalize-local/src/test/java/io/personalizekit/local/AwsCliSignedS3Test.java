package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real AWS CLI ({@code aws} on the PATH) against the emulator's S3 endpoint with signatures required: the right
 * key uploads (multipart) and downloads (ranged GETs); a wrong secret and unsigned requests are refused. Skips,
 * naming the tool and how to install it, when the CLI is missing; fails instead with {@code -Dinterop.required=true}
 * (see {@link InteropTools}).
 */
@Timeout(300)
class AwsCliSignedS3Test {
    private static final String AKID = "AKIDCLI";
    private static final String SECRET = "cli-secret";

    @Test
    void awsCli_withTheKey_copiesBothWays_andWithoutItIsRefused(@TempDir Path dir) throws Exception {
        InteropTools.requireAwsCli(); // skips, or fails with -Dinterop.required=true, when aws is missing
        try (PersonalizeLocal local = PersonalizeLocal.builder()
                .timeScale(0)
                .accessKey(AKID, SECRET)
                .requireSignedRequests(true)
                .build()
                .start()) {
            String endpoint = local.s3Endpoint().toString();
            byte[] big = new byte[9 * 1024 * 1024 + 7]; // above the CLI's 8 MB multipart threshold
            new Random(11).nextBytes(big);
            Path upload = dir.resolve("interactions.csv");
            Files.write(upload, big);

            assertThat(ok(dir, endpoint, SECRET, "s3", "mb", "s3://cli-signed").out)
                    .contains("make_bucket");
            ok(dir, endpoint, SECRET, "s3", "cp", upload.toString(), "s3://cli-signed/data/interactions.csv");
            assertThat(local.s3Client()
                            .getObjectAsBytes(g -> g.bucket("cli-signed").key("data/interactions.csv"))
                            .asByteArray())
                    .isEqualTo(big);
            Path back = dir.resolve("back.csv");
            ok(dir, endpoint, SECRET, "s3", "cp", "s3://cli-signed/data/interactions.csv", back.toString());
            assertThat(Files.readAllBytes(back)).isEqualTo(big);

            Result wrongSecret = run(dir, endpoint, "not-" + SECRET, List.of("s3", "ls", "s3://cli-signed/"));
            assertThat(wrongSecret.exitCode).isNotZero();
            assertThat(wrongSecret.err).contains("SignatureDoesNotMatch");

            Result unsigned = run(dir, endpoint, SECRET, List.of("s3", "ls", "s3://cli-signed/", "--no-sign-request"));
            assertThat(unsigned.exitCode).isNotZero();
            assertThat(unsigned.err).contains("AccessDenied");

            Result unsignedPut = run(
                    dir,
                    endpoint,
                    SECRET,
                    List.of("s3", "cp", upload.toString(), "s3://cli-signed/data/other.csv", "--no-sign-request"));
            assertThat(unsignedPut.exitCode).isNotZero();
            assertThat(local.s3Client()
                            .listObjectsV2(l -> l.bucket("cli-signed"))
                            .contents())
                    .extracting(o -> o.key())
                    .containsExactly("data/interactions.csv");
        }
    }

    private record Result(int exitCode, String out, String err) {}

    private static Result ok(Path dir, String endpoint, String secret, String... args) throws Exception {
        Result r = run(dir, endpoint, secret, List.of(args));
        assertThat(r.exitCode)
                .as("aws %s failed:%n%s%n%s", String.join(" ", args), r.out, r.err)
                .isZero();
        return r;
    }

    private static Result run(Path dir, String endpoint, String secret, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", endpoint));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.put("AWS_ACCESS_KEY_ID", AKID);
        env.put("AWS_SECRET_ACCESS_KEY", secret);
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_PAGER", "");
        env.put("AWS_MAX_ATTEMPTS", "1");
        env.put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError("The AWS CLI ('aws') must be on the PATH for this test: " + e.getMessage(), e);
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("aws " + args + " did not finish within 120 s");
        }
        return new Result(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
