package io.personalizekit.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.schema.DatasetType;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class DeploymentTest {
    static final String ARN = "arn:aws:personalize:us-east-1:123456789012:";

    static Deployment news() {
        return Deployment.builder()
                .datasetGroup(DatasetGroupRef.of(ARN + "dataset-group/news"))
                .putDataset(DatasetRef.of(ARN + "dataset/news/ITEMS", "news-items"))
                .putSchema(DatasetType.ITEMS, SchemaRef.of(ARN + "schema/news-items-schema"))
                .solutionVersion(SolutionVersionRef.of(ARN + "solution/news-similar/1a2b3c4d"))
                .campaign(CampaignRef.of(ARN + "campaign/news-similar"))
                .putFilter(FilterRef.of(ARN + "filter/unread"))
                .build();
    }

    @Test
    void accessors_returnTheReferences_andTheSolutionComesFromItsVersion() {
        Deployment d = news();
        assertThat(d.dataset(DatasetType.ITEMS).name()).isEqualTo("news-items");
        assertThat(d.solution()).isEqualTo(SolutionRef.of(ARN + "solution/news-similar"));
        assertThat(d.filter("unread").arn()).isEqualTo(ARN + "filter/unread");
        assertThat(d.has(ResourceType.EVENT_TRACKER)).isFalse();
        assertThat(d.has(ResourceType.DATASET_IMPORT_JOB)).isFalse();
        assertThat(d.toString())
                .isEqualTo("Deployment{datasetGroup=" + ARN + "dataset-group/news, datasets=[ITEMS], solutionVersion="
                        + ARN + "solution/news-similar/1a2b3c4d, campaign=" + ARN
                        + "campaign/news-similar, filters=[unread]}");
    }

    @Test
    void accessors_whenTheResourceIsMissing_failNamingWhatIsThere() {
        Deployment d = news();
        assertThatThrownBy(d::eventTracker)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("This deployment has no event tracker (" + d + "); add one with"
                        + " .eventTracker(EventTrackerRef.of(..)), or an event tracker in the spec");
        assertThatThrownBy(() -> d.dataset(DatasetType.INTERACTIONS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("This deployment has no INTERACTIONS dataset; it has [ITEMS] (" + d + ")");
        assertThatThrownBy(() -> d.filter("unseen"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("This deployment has no filter named 'unseen'; it has filters [unread] (" + d + ")");
        assertThatThrownBy(() -> Deployment.builder().build().solutionVersion())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("This deployment has no solution version (Deployment{})");
    }

    @Test
    void build_whenReferencesDoNotBelongTogether_failsNamingBoth() {
        assertThatThrownBy(() -> news().copy(b -> b.putDataset(DatasetRef.of(ARN + "dataset/sports/USERS"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dataset " + ARN + "dataset/sports/USERS belongs to dataset group 'sports', not to"
                        + " datasetGroup " + ARN + "dataset-group/news");
        assertThatThrownBy(() -> news().copy(b -> b.solution(SolutionRef.of(ARN + "solution/other"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("solutionVersion " + ARN + "solution/news-similar/1a2b3c4d is a version of another"
                        + " solution than solution " + ARN + "solution/other");
    }

    @Test
    void equality_isByEveryReference_andCopiesAreEqual() {
        assertThat(news()).isEqualTo(news()).hasSameHashCodeAs(news());
        assertThat(news().toBuilder().build()).isEqualTo(news());
        assertThat(news().copy(b -> b.campaign(null))).isNotEqualTo(news());
    }

    @Test
    void eventTrackerRef_carriesTheTrackingId_butEqualityIsByArn() {
        EventTrackerRef withId = EventTrackerRef.of(ARN + "event-tracker/0a1b2c3d", "news-events", "tid-1");
        assertThat(withId.trackingId()).contains("tid-1");
        assertThat(EventTrackerRef.of(withId.arn()).trackingId()).isEmpty();
        assertThat(withId).isEqualTo(EventTrackerRef.of(withId.arn()));
        assertThatThrownBy(() -> EventTrackerRef.of(withId.arn(), null, " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("trackingId must not be blank");
    }
}
