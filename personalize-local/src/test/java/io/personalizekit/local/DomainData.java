package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.personalizekit.testing.FakeClock;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.personalize.PersonalizeClient;

/**
 * Deterministic data for domain dataset groups, and a builder of such a group up to imported datasets.
 *
 * <p>ECOMMERCE: 100 products {@code p1..p100} in 5 categories; 150 users, each viewing 12 products of their
 * category and purchasing 8 of them (1,800 {@code View} and 1,200 {@code Purchase} events before the extras);
 * everyone also views {@code p100} (so it is the most viewed) and every second user buys {@code p99} (so it is the
 * best seller). VIDEO_ON_DEMAND: 80 videos {@code v1..v80} in 4 genres; 150 users, each watching 10 videos of their
 * genre and clicking 4 more; everyone watches {@code v80}.
 */
final class DomainData {
    static final String ECOMMERCE_INTERACTIONS_SCHEMA = "{\"type\":\"record\",\"name\":\"Interactions\","
            + "\"namespace\":\"com.amazonaws.personalize.schema\",\"fields\":["
            + "{\"name\":\"USER_ID\",\"type\":\"string\"},{\"name\":\"ITEM_ID\",\"type\":\"string\"},"
            + "{\"name\":\"EVENT_TYPE\",\"type\":\"string\"},{\"name\":\"TIMESTAMP\",\"type\":\"long\"}],"
            + "\"version\":\"1.0\"}";
    static final String ECOMMERCE_ITEMS_SCHEMA = "{\"type\":\"record\",\"name\":\"Items\","
            + "\"namespace\":\"com.amazonaws.personalize.schema\",\"fields\":["
            + "{\"name\":\"ITEM_ID\",\"type\":\"string\"},{\"name\":\"PRICE\",\"type\":\"float\"},"
            + "{\"name\":\"CATEGORY_L1\",\"type\":\"string\",\"categorical\":true}],\"version\":\"1.0\"}";
    static final String VOD_ITEMS_SCHEMA = "{\"type\":\"record\",\"name\":\"Items\","
            + "\"namespace\":\"com.amazonaws.personalize.schema\",\"fields\":["
            + "{\"name\":\"ITEM_ID\",\"type\":\"string\"},"
            + "{\"name\":\"GENRES\",\"type\":\"string\",\"categorical\":true},"
            + "{\"name\":\"CREATION_TIMESTAMP\",\"type\":\"long\"}],\"version\":\"1.0\"}";

    static final int USERS = 150;

    private DomainData() {}

    /** The ECOMMERCE interactions; {@code purchasesPerUser} from 0 to 8. */
    static String ecommerceInteractions(int purchasesPerUser) {
        StringBuilder b = new StringBuilder("USER_ID,ITEM_ID,EVENT_TYPE,TIMESTAMP\n");
        long t = 1700000000L;
        for (int u = 1; u <= USERS; u++) {
            for (String item : ecommerceViews(u)) {
                b.append('u')
                        .append(u)
                        .append(',')
                        .append(item)
                        .append(",View,")
                        .append(t++)
                        .append('\n');
            }
            List<String> views = ecommerceViews(u);
            for (int k = 0; k < purchasesPerUser; k++) {
                b.append('u')
                        .append(u)
                        .append(',')
                        .append(views.get(k))
                        .append(",Purchase,")
                        .append(t++)
                        .append('\n');
            }
            b.append('u').append(u).append(",p100,View,").append(t++).append('\n');
            if (u % 2 == 0 && purchasesPerUser > 0) {
                b.append('u').append(u).append(",p99,Purchase,").append(t++).append('\n');
            }
        }
        return b.toString();
    }

    /** The 12 products user {@code u} views, of their category ({@code u % 5}); the first 8 they purchase. */
    static List<String> ecommerceViews(int u) {
        List<String> out = new ArrayList<>();
        int category = u % 5;
        for (int k = 0; k < 12; k++) {
            int i = category + 5 * ((u * 3 + k * 7) % 19);
            out.add("p" + (i + 1));
        }
        return out;
    }

    static String ecommerceItems() {
        StringBuilder b = new StringBuilder("ITEM_ID,PRICE,CATEGORY_L1\n");
        for (int i = 1; i <= 100; i++) {
            b.append('p')
                    .append(i)
                    .append(',')
                    .append(i * 1.5)
                    .append(",c")
                    .append((i - 1) % 5)
                    .append('\n');
        }
        return b.toString();
    }

    static String vodInteractions() {
        StringBuilder b = new StringBuilder("USER_ID,ITEM_ID,EVENT_TYPE,TIMESTAMP\n");
        long t = 1700000000L;
        for (int u = 1; u <= USERS; u++) {
            List<String> watched = vodWatched(u);
            for (String item : watched) {
                b.append('u')
                        .append(u)
                        .append(',')
                        .append(item)
                        .append(",Watch,")
                        .append(t++)
                        .append('\n');
            }
            for (int k = 0; k < 4; k++) {
                int i = (u % 4) + 4 * ((u * 5 + k * 11 + 7) % 19);
                b.append('u')
                        .append(u)
                        .append(",v")
                        .append(i + 1)
                        .append(",Click,")
                        .append(t++)
                        .append('\n');
            }
            b.append('u').append(u).append(",v80,Watch,").append(t++).append('\n');
        }
        return b.toString();
    }

    /** The 10 videos user {@code u} watches, of their genre ({@code u % 4}), besides {@code v80}. */
    static List<String> vodWatched(int u) {
        List<String> out = new ArrayList<>();
        int genre = u % 4;
        for (int k = 0; k < 10; k++) {
            int i = genre + 4 * ((u * 3 + k * 7) % 19);
            out.add("v" + (i + 1));
        }
        return out;
    }

    static String vodItems() {
        StringBuilder b = new StringBuilder("ITEM_ID,GENRES,CREATION_TIMESTAMP\n");
        for (int i = 1; i <= 80; i++) {
            b.append('v')
                    .append(i)
                    .append(",g")
                    .append((i - 1) % 4)
                    .append(',')
                    .append(1690000000L + i)
                    .append('\n');
        }
        return b.toString();
    }

    /** A domain dataset group with its datasets imported. */
    record Group(String arn, String interactions, @Nullable String items) {}

    /**
     * Creates a domain dataset group, its domain schemas and datasets, and imports the CSVs; everything ACTIVE.
     *
     * @param itemsCsv the items CSV, or null for no Items dataset
     */
    static Group build(
            PersonalizeLocal local, String name, String domain, String interactionsCsv, @Nullable String itemsCsv) {
        return build(local, () -> {}, name, domain, interactionsCsv, itemsCsv);
    }

    /** As {@link #build}, moving a test clock past each resource's nominal creation time before waiting for it. */
    static Group buildAdvancing(
            PersonalizeLocal local,
            FakeClock clock,
            String name,
            String domain,
            String interactionsCsv,
            @Nullable String itemsCsv) {
        return build(
                local, () -> clock.advance(java.time.Duration.ofMinutes(10)), name, domain, interactionsCsv, itemsCsv);
    }

    private static Group build(
            PersonalizeLocal local,
            Runnable beforeWait,
            String name,
            String domain,
            String interactionsCsv,
            @Nullable String itemsCsv) {
        PersonalizeClient p = local.personalizeClient();
        local.s3Client().createBucket(r -> r.bucket(name));
        local.s3Client()
                .putObject(r -> r.bucket(name).key("interactions.csv"), RequestBody.fromString(interactionsCsv));
        String group = p.createDatasetGroup(r -> r.name(name).domain(domain)).datasetGroupArn();
        beforeWait.run();
        active(Await.terminal(() -> p.describeDatasetGroup(r -> r.datasetGroupArn(group))
                .datasetGroup()
                .status()));
        String interactionsSchema = p.createSchema(
                        r -> r.name(name + "-interactions").domain(domain).schema(ECOMMERCE_INTERACTIONS_SCHEMA))
                .schemaArn();
        String interactions = dataset(p, beforeWait, name + "-interactions", group, interactionsSchema, "Interactions");
        importCsv(p, beforeWait, name + "-interactions", interactions, "s3://" + name + "/interactions.csv");
        String items = null;
        if (itemsCsv != null) {
            local.s3Client().putObject(r -> r.bucket(name).key("items.csv"), RequestBody.fromString(itemsCsv));
            String itemsSchema = p.createSchema(r -> r.name(name + "-items")
                            .domain(domain)
                            .schema(domain.equals("ECOMMERCE") ? ECOMMERCE_ITEMS_SCHEMA : VOD_ITEMS_SCHEMA))
                    .schemaArn();
            items = dataset(p, beforeWait, name + "-items", group, itemsSchema, "Items");
            importCsv(p, beforeWait, name + "-items", items, "s3://" + name + "/items.csv");
        }
        return new Group(group, interactions, items);
    }

    private static String dataset(
            PersonalizeClient p, Runnable beforeWait, String name, String group, String schema, String type) {
        String arn = p.createDataset(r ->
                        r.name(name).datasetGroupArn(group).schemaArn(schema).datasetType(type))
                .datasetArn();
        beforeWait.run();
        active(Await.terminal(
                () -> p.describeDataset(r -> r.datasetArn(arn)).dataset().status()));
        return arn;
    }

    private static void importCsv(
            PersonalizeClient p, Runnable beforeWait, String job, String dataset, String location) {
        String arn = p.createDatasetImportJob(r -> r.jobName(job)
                        .datasetArn(dataset)
                        .roleArn(Fixtures.ROLE)
                        .dataSource(s -> s.dataLocation(location)))
                .datasetImportJobArn();
        beforeWait.run();
        active(Await.terminal(() -> p.describeDatasetImportJob(r -> r.datasetImportJobArn(arn))
                .datasetImportJob()
                .status()));
    }

    private static void active(String status) {
        assertThat(status).isEqualTo("ACTIVE");
    }
}
