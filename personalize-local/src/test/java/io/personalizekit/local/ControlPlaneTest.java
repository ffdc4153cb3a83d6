package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.DatasetGroup;
import software.amazon.awssdk.services.personalize.model.InvalidInputException;
import software.amazon.awssdk.services.personalize.model.InvalidNextTokenException;
import software.amazon.awssdk.services.personalize.model.ListDatasetGroupsResponse;
import software.amazon.awssdk.services.personalize.model.PersonalizeException;
import software.amazon.awssdk.services.personalize.model.RecipeSummary;
import software.amazon.awssdk.services.personalize.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.personalize.model.ResourceInUseException;
import software.amazon.awssdk.services.personalize.model.ResourceNotFoundException;
import software.amazon.awssdk.services.personalize.model.Tag;

class ControlPlaneTest {
    @RegisterExtension
    static final PersonalizeLocalExtension LOCAL = PersonalizeLocalExtension.withOptions(o -> o.timeScale(0));

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void createDatasetGroup_whenDescribed_returnsModelMembersStatusAndEpochTimes(PersonalizeClient p) {
        String name = unique("news");
        Instant before = Instant.now().minusSeconds(1);
        var created = p.createDatasetGroup(r -> r.name(name).domain("ECOMMERCE"));

        assertThat(created.datasetGroupArn())
                .isEqualTo("arn:aws:personalize:us-east-1:000000000000:dataset-group/" + name);
        assertThat(created.domainAsString()).isEqualTo("ECOMMERCE");
        var described = p.describeDatasetGroup(r -> r.datasetGroupArn(created.datasetGroupArn()));
        DatasetGroup g = described.datasetGroup();
        assertThat(g.name()).isEqualTo(name);
        assertThat(g.status()).isEqualTo("ACTIVE");
        assertThat(g.creationDateTime()).isAfter(before);
        assertThat(g.lastUpdatedDateTime()).isAfterOrEqualTo(g.creationDateTime());
        assertThat(g.failureReason()).isNull();
        assertThat(described.responseMetadata().requestId()).isNotBlank();
    }

    @Test
    void createDatasetGroup_whenNameTaken_throwsResourceAlreadyExists(PersonalizeClient p) {
        String name = unique("dup");
        p.createDatasetGroup(r -> r.name(name));

        assertThatThrownBy(() -> p.createDatasetGroup(r -> r.name(name)))
                .isInstanceOf(ResourceAlreadyExistsException.class)
                .hasMessageContaining(name);
    }

    @Test
    void createDatasetGroup_whenNameBreaksPatternOrLength_throwsInvalidInputNamingMember(PersonalizeClient p) {
        assertThatThrownBy(() -> p.createDatasetGroup(r -> r.name("-starts-with-dash")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'name'")
                .hasMessageContaining("^[a-zA-Z0-9][a-zA-Z0-9\\-_]*");
        assertThatThrownBy(() -> p.createDatasetGroup(r -> r.name("a".repeat(64))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'name'")
                .hasMessageContaining("less than or equal to 63");
        assertThatThrownBy(() -> p.createDatasetGroup(r -> r.name("ok").domain("GAMES")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'domain'");
    }

    @Test
    void describe_whenArnMalformedOrMissing_throwsTypedErrorsWith400(PersonalizeClient p) {
        assertThatThrownBy(() -> p.describeDatasetGroup(r -> r.datasetGroupArn("not-an-arn")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'datasetGroupArn'");
        String missing = "arn:aws:personalize:us-east-1:000000000000:dataset-group/missing";
        assertThatThrownBy(() -> p.describeDatasetGroup(r -> r.datasetGroupArn(missing)))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
                    assertThat(e.requestId()).isNotBlank();
                    assertThat(e.getMessage()).contains(missing);
                });
    }

    @Test
    void unknownOperation_answersUnknownOperationException(PersonalizeLocal local) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(local.endpoint())
                                .header("X-Amz-Target", "AmazonPersonalize.DeleteSolutionVersion")
                                .header("Content-Type", "application/x-amz-json-1.1")
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("UnknownOperationException");
        assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(response.body()).contains("\"__type\":\"UnknownOperationException\"");
    }

    @Test
    void listDatasetGroups_whenPaged_returnsEveryGroupOnceAndRejectsBadTokens(PersonalizeClient p) {
        String prefix = unique("page");
        for (int i = 0; i < 5; i++) {
            String n = prefix + "-" + i;
            p.createDatasetGroup(r -> r.name(n));
        }
        ListDatasetGroupsResponse first = p.listDatasetGroups(r -> r.maxResults(2));
        assertThat(first.datasetGroups()).hasSize(2);
        assertThat(first.nextToken()).isNotNull();

        List<String> all = p.listDatasetGroupsPaginator(r -> r.maxResults(2)).datasetGroups().stream()
                .map(g -> g.name())
                .filter(n -> n.startsWith(prefix))
                .collect(Collectors.toList());
        assertThat(all).containsExactly(prefix + "-0", prefix + "-1", prefix + "-2", prefix + "-3", prefix + "-4");

        assertThatThrownBy(() -> p.listDatasetGroups(r -> r.nextToken("garbage")))
                .isInstanceOf(InvalidNextTokenException.class);
        assertThatThrownBy(() -> p.listDatasetGroups(r -> r.maxResults(101)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'maxResults'");
    }

    @Test
    void datasets_whenRulesBroken_answerTheServiceErrors(PersonalizeClient p) {
        String group = p.createDatasetGroup(r -> r.name(unique("dg"))).datasetGroupArn();
        String items = p.createSchema(r -> r.name(unique("items")).schema(Fixtures.ITEMS_SCHEMA))
                .schemaArn();
        String interactions = p.createSchema(r -> r.name(unique("int")).schema(Fixtures.INTERACTIONS_SCHEMA))
                .schemaArn();

        String dataset = p.createDataset(r -> r.name(unique("items-ds"))
                        .datasetGroupArn(group)
                        .schemaArn(items)
                        .datasetType("Items"))
                .datasetArn();
        assertThat(dataset).endsWith("/ITEMS");

        assertThatThrownBy(() -> p.createDataset(r -> r.name(unique("again"))
                        .datasetGroupArn(group)
                        .schemaArn(items)
                        .datasetType("ITEMS")))
                .isInstanceOf(ResourceAlreadyExistsException.class);
        assertThatThrownBy(() -> p.createDataset(r -> r.name(unique("wrong"))
                        .datasetGroupArn(group)
                        .schemaArn(items)
                        .datasetType("Interactions")))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> p.createDataset(r -> r.name(unique("bad"))
                        .datasetGroupArn(group)
                        .schemaArn(items)
                        .datasetType("Things")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("datasetType");
        assertThatThrownBy(() -> p.createSchema(r -> r.name(unique("broken")).schema("{not avro")))
                .isInstanceOf(InvalidInputException.class);

        assertThatThrownBy(() -> p.deleteDatasetGroup(r -> r.datasetGroupArn(group)))
                .isInstanceOf(ResourceInUseException.class);
        assertThatThrownBy(() -> p.deleteSchema(r -> r.schemaArn(items))).isInstanceOf(ResourceInUseException.class);

        p.deleteDataset(r -> r.datasetArn(dataset));
        Await.gone(() -> p.describeDataset(r -> r.datasetArn(dataset)));
        p.deleteSchema(r -> r.schemaArn(items));
        p.deleteSchema(r -> r.schemaArn(interactions));
        assertThatThrownBy(() -> p.describeSchema(r -> r.schemaArn(items)))
                .as("schemas are deleted at once")
                .isInstanceOf(ResourceNotFoundException.class);
        p.deleteDatasetGroup(r -> r.datasetGroupArn(group));
        Await.gone(() -> p.describeDatasetGroup(r -> r.datasetGroupArn(group)));
    }

    @Test
    void createDataset_whenParentMissing_throwsResourceNotFound(PersonalizeClient p) {
        String schema = p.createSchema(r -> r.name(unique("s")).schema(Fixtures.ITEMS_SCHEMA))
                .schemaArn();
        assertThatThrownBy(() -> p.createDataset(r -> r.name(unique("d"))
                        .datasetGroupArn("arn:aws:personalize:us-east-1:000000000000:dataset-group/nope")
                        .schemaArn(schema)
                        .datasetType("Items")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void createEventTracker_whenGroupAlreadyHasOne_throwsResourceAlreadyExists(PersonalizeClient p) {
        String group = p.createDatasetGroup(r -> r.name(unique("dg"))).datasetGroupArn();
        var tracker = p.createEventTracker(r -> r.name(unique("t")).datasetGroupArn(group));
        assertThat(tracker.trackingId()).matches("[0-9a-f-]{36}");
        assertThat(tracker.eventTrackerArn()).matches(".*:event-tracker/[0-9a-f]{8}");

        assertThatThrownBy(() -> p.createEventTracker(r -> r.name(unique("t2")).datasetGroupArn(group)))
                .isInstanceOf(ResourceAlreadyExistsException.class);
        assertThatThrownBy(() -> p.deleteDatasetGroup(r -> r.datasetGroupArn(group)))
                .isInstanceOf(ResourceInUseException.class);
        var described = p.describeEventTracker(r -> r.eventTrackerArn(tracker.eventTrackerArn()));
        assertThat(described.eventTracker().trackingId()).isEqualTo(tracker.trackingId());
        assertThat(described.eventTracker().accountId()).isEqualTo("000000000000");
        p.deleteEventTracker(r -> r.eventTrackerArn(tracker.eventTrackerArn()));
        Await.gone(() -> p.describeEventTracker(r -> r.eventTrackerArn(tracker.eventTrackerArn())));
        p.deleteDatasetGroup(r -> r.datasetGroupArn(group));
    }

    @Test
    void recipes_listAndDescribe(PersonalizeClient p) {
        List<String> names = p.listRecipesPaginator(r -> r.maxResults(5)).recipes().stream()
                .map(RecipeSummary::name)
                .collect(Collectors.toList());
        assertThat(names).contains("aws-similar-items", "aws-sims", "aws-popularity-count");
        var recipe = p.describeRecipe(r -> r.recipeArn(Fixtures.SIMILAR_ITEMS)).recipe();
        assertThat(recipe.recipeType()).isEqualTo("RELATED_ITEMS");
        assertThat(recipe.algorithmArn()).isEqualTo("arn:aws:personalize:::algorithm/aws-similar-items");
        assertThatThrownBy(() -> p.describeRecipe(r -> r.recipeArn("arn:aws:personalize:::recipe/aws-nope")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void tags_whenAddedListedAndRemoved_roundTrip(PersonalizeClient p) {
        String group = p.createDatasetGroup(r -> r.name(unique("tagged"))
                        .tags(Tag.builder().tagKey("team").tagValue("news").build()))
                .datasetGroupArn();
        p.tagResource(r -> r.resourceArn(group)
                .tags(Tag.builder().tagKey("env").tagValue("test").build()));
        assertThat(p.listTagsForResource(r -> r.resourceArn(group)).tags())
                .extracting(Tag::tagKey, Tag::tagValue)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("team", "news"),
                        org.assertj.core.groups.Tuple.tuple("env", "test"));
        p.untagResource(r -> r.resourceArn(group).tagKeys("team"));
        assertThat(p.listTagsForResource(r -> r.resourceArn(group)).tags())
                .extracting(Tag::tagKey)
                .containsExactly("env");
        assertThatThrownBy(() -> p.tagResource(r -> r.resourceArn(group)
                        .tags(Tag.builder().tagKey("bad{key}").tagValue("v").build())))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("tagKey");
    }

    @Test
    void errorsWithoutModelledShape_surfaceAsBaseExceptionWithCode(PersonalizeClient p) {
        assertThatThrownBy(() -> p.createSolution(r -> r.name(unique("s"))
                        .datasetGroupArn("arn:aws:personalize:us-east-1:000000000000:dataset-group/x")
                        .recipeArn(Fixtures.SIMILAR_ITEMS)))
                .isInstanceOf(PersonalizeException.class)
                .isInstanceOf(ResourceNotFoundException.class);
    }
}
