package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalizeruntime.model.PredictedItem;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A dataset group for the data-job tests: interactions (with event types, values, recommendation ids and attribution
 * sources), items (genre, price) and users (segment). 120 filler users read 12 articles of their topic (items
 * {@code 1}..{@code 200}); users {@code A}, {@code B} and {@code C} each read item {@code X} and items of their own
 * ({@code A1}..{@code A3}, {@code B1}..{@code B4}, {@code C1}) that nobody else reads.
 */
final class JobFixtures {
    static final String INTERACTIONS_SCHEMA = "{\"type\":\"record\",\"name\":\"Interactions\","
            + "\"namespace\":\"com.amazonaws.personalize.schema\",\"fields\":["
            + "{\"name\":\"USER_ID\",\"type\":\"string\"},"
            + "{\"name\":\"ITEM_ID\",\"type\":\"string\"},"
            + "{\"name\":\"TIMESTAMP\",\"type\":\"long\"},"
            + "{\"name\":\"EVENT_TYPE\",\"type\":\"string\"},"
            + "{\"name\":\"EVENT_VALUE\",\"type\":[\"null\",\"float\"]},"
            + "{\"name\":\"RECOMMENDATION_ID\",\"type\":[\"null\",\"string\"]},"
            + "{\"name\":\"EVENT_ATTRIBUTION_SOURCE\",\"type\":[\"null\",\"string\"]}],\"version\":\"1.0\"}";
    static final String ITEMS_SCHEMA = "{\"type\":\"record\",\"name\":\"Items\","
            + "\"namespace\":\"com.amazonaws.personalize.schema\",\"fields\":["
            + "{\"name\":\"ITEM_ID\",\"type\":\"string\"},"
            + "{\"name\":\"GENRE\",\"type\":[\"null\",\"string\"],\"categorical\":true},"
            + "{\"name\":\"PRICE\",\"type\":[\"null\",\"double\"]}],\"version\":\"1.0\"}";
    static final String USERS_SCHEMA = "{\"type\":\"record\",\"name\":\"Users\","
            + "\"namespace\":\"com.amazonaws.personalize.schema\",\"fields\":["
            + "{\"name\":\"USER_ID\",\"type\":\"string\"},"
            + "{\"name\":\"SEGMENT\",\"type\":[\"null\",\"string\"],\"categorical\":true}],\"version\":\"1.0\"}";

    static final String SIMS = "arn:aws:personalize:::recipe/aws-sims";
    static final List<String> B_ITEMS = List.of("B1", "B2", "B3", "B4");
    static final Set<String> DONE = Set.of("ACTIVE", "CREATE FAILED", "CREATE STOPPED", "COMPLETED", "FAILED");

    /** The group's ARNs and the bucket holding its files. */
    record Group(String bucket, String group, String interactions, String items, String users) {}

    private JobFixtures() {}

    static String interactionsCsv() {
        StringBuilder b = new StringBuilder("USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE\n");
        long t = 1586731606L;
        for (int u = 1; u <= Articles.USERS; u++) {
            int topic = u % Articles.TOPICS.size();
            for (int k = 0; k < 12; k++) {
                int item =
                        topic + Articles.TOPICS.size() * ((u * 7 + k * 3) % (Articles.ITEMS / Articles.TOPICS.size()));
                if (item == 0) {
                    item = Articles.TOPICS.size();
                }
                b.append('u')
                        .append(u)
                        .append(',')
                        .append(item)
                        .append(",")
                        .append(t++)
                        .append(",click,1.0\n");
            }
        }
        for (String user : List.of("A", "B", "C")) {
            List<String> items = new ArrayList<>(List.of("X"));
            items.addAll(ownItems(user));
            for (String item : items) {
                b.append(user).append(',').append(item).append(',').append(t++).append(",click,2.5\n");
            }
        }
        return b.toString();
    }

    static List<String> ownItems(String user) {
        return switch (user) {
            case "A" -> List.of("A1", "A2", "A3");
            case "B" -> B_ITEMS;
            default -> List.of("C1");
        };
    }

    static String itemsCsv() {
        StringBuilder b = new StringBuilder("ITEM_ID,GENRE,PRICE\n");
        for (int i = 1; i <= Articles.ITEMS; i++) {
            b.append(i)
                    .append(',')
                    .append(Articles.topicOf(i))
                    .append(',')
                    .append(i)
                    .append(".0\n");
        }
        for (String user : List.of("A", "B", "C")) {
            for (String item : ownItems(user)) {
                b.append(item).append(",GENRE_").append(user).append(",5.0\n");
            }
        }
        b.append("X,SPECIAL,10.0\n");
        return b.toString();
    }

    static String usersCsv() {
        StringBuilder b = new StringBuilder("USER_ID,SEGMENT\n");
        for (int u = 1; u <= Articles.USERS; u++) {
            b.append('u').append(u).append(",filler\n");
        }
        return b.append("A,gold\nB,gold\nC,silver\n").toString();
    }

    /** Creates the bucket, schemas, group and datasets, and imports the three CSV files. */
    static Group build(PersonalizeLocal local, String name) {
        PersonalizeClient p = local.personalizeClient();
        S3Client s3 = local.s3Client();
        s3.createBucket(r -> r.bucket(name));
        put(s3, name, "interactions.csv", interactionsCsv());
        put(s3, name, "items.csv", itemsCsv());
        put(s3, name, "users.csv", usersCsv());
        String group = p.createDatasetGroup(r -> r.name(name)).datasetGroupArn();
        active(() -> p.describeDatasetGroup(r -> r.datasetGroupArn(group))
                .datasetGroup()
                .status());
        String interactions = dataset(p, group, name, "Interactions", INTERACTIONS_SCHEMA);
        String items = dataset(p, group, name, "Items", ITEMS_SCHEMA);
        String users = dataset(p, group, name, "Users", USERS_SCHEMA);
        TestPipeline.importCsv(p, name + "-interactions-import", interactions, "s3://" + name + "/interactions.csv");
        TestPipeline.importCsv(p, name + "-items-import", items, "s3://" + name + "/items.csv");
        TestPipeline.importCsv(p, name + "-users-import", users, "s3://" + name + "/users.csv");
        return new Group(name, group, interactions, items, users);
    }

    private static String dataset(PersonalizeClient p, String group, String name, String type, String schema) {
        String schemaArn =
                p.createSchema(r -> r.name(name + "-" + type).schema(schema)).schemaArn();
        String arn = p.createDataset(r -> r.name(name + "-" + type)
                        .datasetGroupArn(group)
                        .schemaArn(schemaArn)
                        .datasetType(type))
                .datasetArn();
        active(() -> p.describeDataset(r -> r.datasetArn(arn)).dataset().status());
        return arn;
    }

    static void put(S3Client s3, String bucket, String key, String content) {
        s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString(content));
    }

    static String get(S3Client s3, String bucket, String key) {
        return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8);
    }

    static List<String> lines(S3Client s3, String bucket, String key) {
        return Arrays.stream(get(s3, bucket, key).split("\n")).collect(Collectors.toList());
    }

    /** Trains a solution of a recipe (with hyperparameters {@code k1, v1, ...}) and returns its ACTIVE version. */
    static String solution(PersonalizeClient p, String group, String name, String recipeArn, String... hyper) {
        java.util.Map<String, String> hp = new java.util.HashMap<>();
        for (int i = 0; i + 1 < hyper.length; i += 2) {
            hp.put(hyper[i], hyper[i + 1]);
        }
        String solution = p.createSolution(r -> r.name(name)
                        .datasetGroupArn(group)
                        .recipeArn(recipeArn)
                        .performAutoTraining(false)
                        .solutionConfig(c -> c.algorithmHyperParameters(hp)))
                .solutionArn();
        active(() -> p.describeSolution(r -> r.solutionArn(solution)).solution().status());
        return solution;
    }

    static String campaign(PersonalizeClient p, String name, String version) {
        String campaign =
                p.createCampaign(r -> r.name(name).solutionVersionArn(version)).campaignArn();
        active(() -> p.describeCampaign(r -> r.campaignArn(campaign)).campaign().status());
        return campaign;
    }

    static List<String> recommend(PersonalizeLocal local, String campaign, String itemId, String userId) {
        return local
                .runtimeClient()
                .getRecommendations(r ->
                        r.campaignArn(campaign).itemId(itemId).userId(userId).numResults(10))
                .itemList()
                .stream()
                .map(PredictedItem::itemId)
                .collect(Collectors.toList());
    }

    /** Polls until the status is terminal for its kind (ACTIVE, COMPLETED, ... FAILED), without sleeping. */
    static String terminal(Supplier<String> status) {
        return Await.oneOf(DONE, status);
    }

    static void active(Supplier<String> status) {
        assertThat(terminal(status)).isEqualTo("ACTIVE");
    }
}
