package io.personalizekit.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The command-line options of {@link NewsArticlesExample}.
 *
 * @param serve keep running and serve the similar-articles API
 * @param port the API port (0 picks a free one)
 * @param plan print what would be created, create nothing
 * @param aws run against real AWS instead of the embedded personalize-local
 * @param bucket the S3 bucket (real AWS)
 * @param roleArn the IAM role Personalize assumes to read the bucket (real AWS)
 * @param region the AWS region (real AWS)
 * @param articles how many articles to generate
 * @param readers how many readers to generate
 * @param workDir where the CSV files are written
 * @param redisUrl the Redis to cache in, or {@code null} for the in-memory store
 */
record ExampleOptions(
        boolean serve,
        int port,
        boolean plan,
        boolean aws,
        String bucket,
        String roleArn,
        String region,
        int articles,
        int readers,
        Path workDir,
        @Nullable String redisUrl) {

    static final String USAGE = String.join(
            "\n",
            "usage: NewsArticlesExample [--serve [--port N]] [--plan] [--articles N] [--readers N] [--work-dir DIR] [--redis-url U]",
            "                           [--aws --bucket B --role-arn R [--region X]]",
            "  --serve        keep running and serve GET /articles/{id}/similar?n=25 from the cache",
            "  --plan         print what the pipeline would create, create nothing",
            "  --aws          use real AWS (default credential chain) instead of the embedded personalize-local",
            "  --redis-url U  cache in Redis (redis:// or rediss://) instead of in memory; default: $REDIS_URL");

    static ExampleOptions parse(String[] args) {
        boolean serve = false;
        boolean plan = false;
        boolean aws = false;
        int port = 8080;
        String bucket = "news-articles";
        String roleArn = "arn:aws:iam::000000000000:role/PersonalizeS3Access";
        String region = "us-east-1";
        int articles = 3000;
        int readers = 2000;
        Path workDir = Path.of("target", "news-articles");
        String redisUrl = System.getenv("REDIS_URL");
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String a = rest.remove(0);
            switch (a) {
                case "--serve" -> serve = true;
                case "--plan" -> plan = true;
                case "--aws" -> aws = true;
                case "--port" -> port = Integer.parseInt(value(a, rest));
                case "--bucket" -> bucket = value(a, rest);
                case "--role-arn" -> roleArn = value(a, rest);
                case "--region" -> region = value(a, rest);
                case "--articles" -> articles = Integer.parseInt(value(a, rest));
                case "--readers" -> readers = Integer.parseInt(value(a, rest));
                case "--work-dir" -> workDir = Path.of(value(a, rest));
                case "--redis-url" -> redisUrl = value(a, rest);
                case "--help", "-h" -> throw new IllegalArgumentException(USAGE);
                default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
            }
        }
        if (aws && (roleArn.contains("000000000000") || bucket.isEmpty())) {
            throw new IllegalArgumentException("--aws needs --bucket and --role-arn\n" + USAGE);
        }
        if (redisUrl != null && redisUrl.isBlank()) {
            redisUrl = null;
        }
        return new ExampleOptions(
                serve, port, plan, aws, bucket, roleArn, region, articles, readers, workDir, redisUrl);
    }

    private static String value(String option, List<String> rest) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return rest.remove(0);
    }
}
