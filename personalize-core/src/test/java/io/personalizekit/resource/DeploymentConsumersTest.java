package io.personalizekit.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.batch.BatchSimilarItemsRequest;
import io.personalizekit.events.EventRecorder;
import io.personalizekit.events.ItemSeeder;
import io.personalizekit.pipeline.ImportSpec;
import io.personalizekit.schema.BoundSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import io.personalizekit.storage.S3Location;
import io.personalizekit.storage.UploadResult;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.personalizeevents.PersonalizeEventsClient;

/** The seeders, the recorder, imports and batch requests take the deployment's references directly. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeploymentConsumersTest {
    static final String ARN = "arn:aws:personalize:us-east-1:123456789012:";

    record Article(String id, long created) {}

    record Read(String userId, String itemId, long at) {}

    static final BoundSchema<Article> ITEMS = SchemaBuilder.forType(DatasetType.ITEMS)
            .bind(Article.class)
            .stringField("ITEM_ID", Article::id)
            .longField("CREATION_TIMESTAMP", Article::created)
            .build();
    static final BoundSchema<Read> INTERACTIONS = SchemaBuilder.forType(DatasetType.INTERACTIONS)
            .bind(Read.class)
            .stringField("USER_ID", Read::userId)
            .stringField("ITEM_ID", Read::itemId)
            .longField("TIMESTAMP", Read::at)
            .build();

    static PersonalizeEventsClient events() {
        return PersonalizeEventsClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:9"))
                .region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .build();
    }

    @Test
    void itemSeeder_takesTheItemsDataset_andRefusesAnotherType() {
        try (PersonalizeEventsClient events = events()) {
            ItemSeeder<Article> seeder = ItemSeeder.builder(ITEMS)
                    .eventsClient(events)
                    .dataset(DatasetRef.of(ARN + "dataset/news/ITEMS"))
                    .build();
            assertThat(seeder.datasetArn()).isEqualTo(ARN + "dataset/news/ITEMS");
            assertThatThrownBy(
                            () -> ItemSeeder.builder(ITEMS).dataset(DatasetRef.of(ARN + "dataset/news/INTERACTIONS")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("ItemSeeder writes to an ITEMS dataset, but " + ARN
                            + "dataset/news/INTERACTIONS is a INTERACTIONS dataset");
        }
    }

    @Test
    void eventRecorder_takesTheTrackersTrackingId_orSaysItHasNone() {
        try (PersonalizeEventsClient events = events()) {
            EventRecorder<Read> recorder = EventRecorder.builder(INTERACTIONS)
                    .eventsClient(events)
                    .eventTracker(EventTrackerRef.of(ARN + "event-tracker/0a1b2c3d", "news-events", "tid-42"))
                    .eventType("read")
                    .build();
            assertThat(recorder.trackingId()).isEqualTo("tid-42");
        }
        assertThatThrownBy(() -> EventRecorder.builder(INTERACTIONS)
                        .eventTracker(EventTrackerRef.of(ARN + "event-tracker/0a1b2c3d")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("event tracker " + ARN + "event-tracker/0a1b2c3d carries no tracking id; use the"
                        + " pipeline's reference, EventTrackerRef.of(arn, name, trackingId), or trackingId(..) from"
                        + " DescribeEventTracker");
    }

    @Test
    void importSpec_takesAnS3LocationOrAnUploadResult() {
        S3Location items = S3Location.parse("s3://news-data/import/items.csv");
        UploadResult upload = UploadResult.of(items, 1234, "etag", 1, false);

        assertThat(ImportSpec.builder().dataLocation(items).build().dataLocation())
                .isEqualTo("s3://news-data/import/items.csv");
        assertThat(ImportSpec.builder().dataLocation(upload).build())
                .isEqualTo(ImportSpec.builder()
                        .dataLocation("s3://news-data/import/items.csv")
                        .build());
    }

    @Test
    void batchRequest_takesTheSolutionVersionAndFilter() {
        Deployment d = Deployment.builder()
                .solutionVersion(SolutionVersionRef.of(ARN + "solution/news-similar/1a2b3c4d"))
                .putFilter(FilterRef.of(ARN + "filter/unread"))
                .build();
        BatchSimilarItemsRequest r = BatchSimilarItemsRequest.builder()
                .jobName("catalog")
                .solutionVersion(d.solutionVersion())
                .filter(d.filter("unread"))
                .input(S3Location.parse("s3://news-data/in/items.json"))
                .outputPrefix(S3Location.parse("s3://news-data/out/"))
                .build();
        assertThat(r.solutionVersionArn()).isEqualTo(ARN + "solution/news-similar/1a2b3c4d");
        assertThat(r.filterArn()).contains(ARN + "filter/unread");
    }
}
