package io.personalizekit.local.internal.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.personalizekit.local.InteropTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the S3 endpoint with the real AWS CLI ({@code aws} on the PATH). Skipped with a reason naming the tool
 * when the CLI is missing, a failure instead with {@code -Dinterop.required=true} (see {@link InteropTools}).
 */
class AwsCliS3Test {
    @BeforeEach
    void requireAwsCli() {
        InteropTools.requireAwsCli(); // skips, or fails with -Dinterop.required=true, when aws is missing
    }

    @Test
    void awsCli_makesBucket_copiesMultipartFile_lists_andDownloads(@TempDir Path dir) throws Exception {
        ObjectStore store = ObjectStore.inMemory();
        try (S3Server server = S3Server.start(store, "127.0.0.1", 0)) {
            String endpoint = server.endpoint().toString();
            byte[] big = new byte[9 * 1024 * 1024 + 123]; // above the CLI's 8 MB multipart threshold
            new Random(3).nextBytes(big);
            Path upload = dir.resolve("interactions.csv");
            Files.write(upload, big);

            assertThat(aws(dir, endpoint, "s3", "mb", "s3://cli-bucket").out).contains("make_bucket: cli-bucket");
            aws(dir, endpoint, "s3", "cp", upload.toString(), "s3://cli-bucket/data/interactions.csv");
            assertThat(store.get("cli-bucket", "data/interactions.csv"))
                    .hasValueSatisfying(b -> assertThat(b).isEqualTo(big));

            String ls = aws(dir, endpoint, "s3", "ls", "s3://cli-bucket/data/").out;
            assertThat(ls).contains("interactions.csv").contains(Integer.toString(big.length));

            // Downloads above the threshold use ranged GETs in parallel.
            Path back = dir.resolve("back.csv");
            aws(dir, endpoint, "s3", "cp", "s3://cli-bucket/data/interactions.csv", back.toString());
            assertThat(Files.readAllBytes(back)).isEqualTo(big);

            Result missing = run(dir, endpoint, List.of("s3", "ls", "s3://no-such-bucket/"));
            assertThat(missing.exitCode).isNotZero();
            assertThat(missing.err).contains("NoSuchBucket");
        }
    }

    private record Result(int exitCode, String out, String err) {}

    private static Result aws(Path dir, String endpoint, String... args) throws Exception {
        Result r = run(dir, endpoint, List.of(args));
        assertThat(r.exitCode)
                .as("aws %s failed:%n%s%n%s", String.join(" ", args), r.out, r.err)
                .isZero();
        return r;
    }

    private static Result run(Path dir, String endpoint, List<String> args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("aws");
        command.add("--endpoint-url");
        command.add(endpoint);
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.put("AWS_ACCESS_KEY_ID", "akid");
        env.put("AWS_SECRET_ACCESS_KEY", "skid");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_PAGER", "");
        env.put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError(
                    "The AWS CLI ('aws') must be on the PATH for this test; install awscli. Cause: " + e.getMessage(),
                    e);
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
