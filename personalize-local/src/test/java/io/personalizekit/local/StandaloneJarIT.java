package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code java -jar personalize-local-<version>-standalone.jar}: prints the two endpoint lines and serves them. */
class StandaloneJarIT {
    @Test
    void standaloneJar_printsBothEndpoints_andServesPersonalizeAndS3() throws Exception {
        Path jar = Path.of(System.getProperty("standalone.jar", "missing"));
        assertThat(jar).as("the shaded jar built by the package phase").exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(
                        java, "-Xmx256m", "-jar", jar.toString(), "--port", "0", "--s3-port", "0", "--time-scale", "0")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            String line;
            while (lines.size() < 2 && (line = out.readLine()) != null) {
                lines.add(line);
            }
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).matches("Personalize endpoint: http://127\\.0\\.0\\.1:\\d+");
            assertThat(lines.get(1)).matches("S3 endpoint: http://127\\.0\\.0\\.1:\\d+");
            URI personalize = URI.create(lines.get(0).substring("Personalize endpoint: ".length()));
            URI s3 = URI.create(lines.get(1).substring("S3 endpoint: ".length()));
            var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "skid"));
            try (PersonalizeClient p = PersonalizeClient.builder()
                            .endpointOverride(personalize)
                            .region(Region.US_EAST_1)
                            .credentialsProvider(creds)
                            .httpClientBuilder(ApacheHttpClient.builder())
                            .build();
                    S3Client s3Client = S3Client.builder()
                            .endpointOverride(s3)
                            .region(Region.US_EAST_1)
                            .forcePathStyle(true)
                            .credentialsProvider(creds)
                            .httpClientBuilder(ApacheHttpClient.builder())
                            .build()) {
                String arn = p.createDatasetGroup(r -> r.name("from-jar")).datasetGroupArn();
                assertThat(p.describeDatasetGroup(r -> r.datasetGroupArn(arn))
                                .datasetGroup()
                                .status())
                        .isEqualTo("ACTIVE");
                s3Client.createBucket(r -> r.bucket("jar-bucket"));
                assertThat(s3Client.listBuckets().buckets())
                        .extracting(b -> b.name())
                        .contains("jar-bucket");
            }
        } finally {
            process.destroy();
            process.waitFor();
        }
        assertThat(Files.size(jar)).isGreaterThan(1_000_000);
    }

    @Test
    void standaloneJar_withS3Endpoint_printsTheExternalEndpoint_andDoesNotStartItsOwn() throws Exception {
        Path jar = Path.of(System.getProperty("standalone.jar", "missing"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (S3ProxyTestServer proxy = S3ProxyTestServer.start()) {
            ProcessBuilder pb = new ProcessBuilder(
                            java,
                            "-Xmx256m",
                            "-jar",
                            jar.toString(),
                            "--port",
                            "0",
                            "--s3-endpoint",
                            proxy.endpoint().toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("AWS_ACCESS_KEY_ID", S3ProxyTestServer.ACCESS_KEY);
            pb.environment().put("AWS_SECRET_ACCESS_KEY", S3ProxyTestServer.SECRET_KEY);
            Process process = pb.start();
            try {
                BufferedReader out =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                String first = out.readLine();
                String second = out.readLine();
                assertThat(first).matches("Personalize endpoint: http://127\\.0\\.0\\.1:\\d+");
                assertThat(second).isEqualTo("S3 endpoint: " + proxy.endpoint());
            } finally {
                process.destroy();
                process.waitFor();
            }
        }
    }
}
