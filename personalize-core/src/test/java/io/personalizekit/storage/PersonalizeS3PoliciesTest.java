package io.personalizekit.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PersonalizeS3PoliciesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode parse(String json) throws Exception {
        return JSON.readTree(json);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(n -> values.add(n.asText()));
        return values;
    }

    @Test
    void bucketPolicy_grantsPersonalizeReadOnTheBucketAndItsObjects() throws Exception {
        JsonNode doc = parse(PersonalizeS3Policies.forBucket("my-bucket").bucketPolicy());

        assertThat(doc.get("Version").asText()).isEqualTo("2012-10-17");
        assertThat(doc.get("Statement")).hasSize(1);
        JsonNode statement = doc.get("Statement").get(0);
        assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
        assertThat(statement.get("Principal").get("Service").asText()).isEqualTo("personalize.amazonaws.com");
        assertThat(strings(statement.get("Action"))).containsExactly("s3:GetObject", "s3:ListBucket");
        assertThat(strings(statement.get("Resource")))
                .containsExactly("arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*");
        assertThat(statement.has("Condition")).isFalse();
    }

    @Test
    void rolePolicy_hasTheSameGrantWithoutAPrincipal() throws Exception {
        JsonNode statement = parse(PersonalizeS3Policies.forBucket("my-bucket").rolePolicy())
                .get("Statement")
                .get(0);

        assertThat(statement.has("Principal")).isFalse();
        assertThat(strings(statement.get("Action"))).containsExactly("s3:GetObject", "s3:ListBucket");
        assertThat(strings(statement.get("Resource")))
                .containsExactly("arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*");
    }

    @Test
    void allowWrite_addsPutObjectForBatchJobs() throws Exception {
        PersonalizeS3Policies policies = PersonalizeS3Policies.builder()
                .bucket("my-bucket")
                .allowWrite(true)
                .build();

        assertThat(strings(
                        parse(policies.bucketPolicy()).get("Statement").get(0).get("Action")))
                .containsExactly("s3:GetObject", "s3:ListBucket", "s3:PutObject");
        assertThat(strings(parse(policies.rolePolicy()).get("Statement").get(0).get("Action")))
                .containsExactly("s3:GetObject", "s3:ListBucket", "s3:PutObject");
    }

    @Test
    void trustPolicy_letsPersonalizeAssumeTheRole() throws Exception {
        JsonNode statement = parse(PersonalizeS3Policies.forBucket("my-bucket").trustPolicy())
                .get("Statement")
                .get(0);

        assertThat(statement.get("Principal").get("Service").asText()).isEqualTo("personalize.amazonaws.com");
        assertThat(statement.get("Action").asText()).isEqualTo("sts:AssumeRole");
        assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
    }

    @Test
    void sourceAccountAndPartition_appearInConditionsAndArns() throws Exception {
        PersonalizeS3Policies policies = PersonalizeS3Policies.builder()
                .bucket("cn-bucket")
                .partition("aws-cn")
                .sourceAccount("123456789012")
                .build();

        JsonNode bucket = parse(policies.bucketPolicy()).get("Statement").get(0);
        assertThat(bucket.get("Condition")
                        .get("StringEquals")
                        .get("aws:SourceAccount")
                        .asText())
                .isEqualTo("123456789012");
        assertThat(strings(bucket.get("Resource")))
                .containsExactly("arn:aws-cn:s3:::cn-bucket", "arn:aws-cn:s3:::cn-bucket/*");
        JsonNode trust = parse(policies.trustPolicy()).get("Statement").get(0);
        assertThat(trust.get("Condition")
                        .get("StringEquals")
                        .get("aws:SourceAccount")
                        .asText())
                .isEqualTo("123456789012");
        assertThat(parse(policies.rolePolicy()).get("Statement").get(0).has("Condition"))
                .isFalse();
    }

    @Test
    void builder_rejectsBadValuesNamingThem() {
        assertThatThrownBy(() -> PersonalizeS3Policies.builder().bucket("Bad_Bucket"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Bad_Bucket");
        assertThatThrownBy(() -> PersonalizeS3Policies.builder().sourceAccount("12345"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("12345");
        assertThatThrownBy(() -> PersonalizeS3Policies.builder().partition("amazon"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("amazon");
        assertThatThrownBy(() -> PersonalizeS3Policies.builder().build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("bucket");
    }

    @Test
    void toBuilder_roundTripsAndEqualityFollowsSettings() {
        PersonalizeS3Policies policies = PersonalizeS3Policies.builder()
                .bucket("my-bucket")
                .allowWrite(true)
                .sourceAccount("123456789012")
                .build();

        assertThat(policies.toBuilder().build()).isEqualTo(policies).hasSameHashCodeAs(policies);
        assertThat(policies.toBuilder().allowWrite(false).build()).isNotEqualTo(policies);
        assertThat(DatasetUploader.policiesFor("my-bucket")).isEqualTo(PersonalizeS3Policies.forBucket("my-bucket"));
        assertThat(policies.toString()).contains("my-bucket", "allowWrite=true");
    }
}
