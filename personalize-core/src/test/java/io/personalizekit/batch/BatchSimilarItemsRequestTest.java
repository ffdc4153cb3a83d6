package io.personalizekit.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.storage.S3Location;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BatchSimilarItemsRequestTest {
    private static final String SV = "arn:aws:personalize:us-east-1:123456789012:solution/articles/3f2c9a1b";

    private static BatchSimilarItemsRequest.Builder valid() {
        return BatchSimilarItemsRequest.builder()
                .jobName("catalog-1")
                .solutionVersionArn(SV)
                .input(S3Location.parse("s3://bucket/batch/in/items.json"))
                .outputPrefix(S3Location.parse("s3://bucket/batch/out"));
    }

    @Test
    void build_addsTheTrailingSlashAndDerivesTheResultsLocation() {
        BatchSimilarItemsRequest request = valid().build();

        assertThat(request.outputPrefix().uri()).isEqualTo("s3://bucket/batch/out/");
        assertThat(request.resultsLocation().uri()).isEqualTo("s3://bucket/batch/out/items.json.out");
        assertThat(request.numResults()).isEmpty();
        assertThat(request.filterArn()).isEmpty();
        assertThat(request.inputFile()).isEmpty();
    }

    @Test
    void toBuilderAndCopy_keepEveryValue() {
        BatchSimilarItemsRequest request = valid().numResults(25)
                .filterArn("arn:aws:personalize:us-east-1:123456789012:filter/f")
                .inputFile(Path.of("items.json"))
                .build();

        assertThat(request.toBuilder().build()).isEqualTo(request).hasSameHashCodeAs(request);
        assertThat(request.copy(b -> b.numResults(10))).isNotEqualTo(request);
        assertThat(request.copy(b -> b.numResults(10)).numResults()).contains(10);
        assertThat(request.toString()).contains("catalog-1", "numResults=25", "s3://bucket/batch/in/items.json");
    }

    @Test
    void build_whenOutputPrefixIsTheInputFolder_throwsNamingBoth() {
        assertThatThrownBy(() -> valid().outputPrefix(S3Location.parse("s3://bucket/batch/in/"))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("s3://bucket/batch/in/")
                .hasMessageContaining("s3://bucket/batch/in/items.json");
    }

    @Test
    void build_whenRequiredFieldMissing_throwsNullPointerNamingIt() {
        assertThatThrownBy(() -> BatchSimilarItemsRequest.builder().build()).hasMessageContaining("jobName");
        assertThatThrownBy(() -> BatchSimilarItemsRequest.builder().jobName("j").build())
                .hasMessageContaining("solutionVersionArn");
        assertThatThrownBy(() -> BatchSimilarItemsRequest.builder()
                        .jobName("j")
                        .solutionVersionArn(SV)
                        .build())
                .hasMessageContaining("input");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "-leading-hyphen",
                "has space",
                "a-name-that-is-much-longer-than-sixty-three-characters-long-xxxxx"
            })
    void jobName_whenBreakingTheServicePattern_throwsIllegalArgument(String name) {
        assertThatThrownBy(() -> BatchSimilarItemsRequest.builder().jobName(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + name + "'");
    }

    @Test
    void setters_rejectBadSingleValues() {
        BatchSimilarItemsRequest.Builder b = BatchSimilarItemsRequest.builder();

        assertThatThrownBy(() -> b.numResults(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was 0");
        assertThatThrownBy(() -> b.solutionVersionArn("arn:aws:s3:::bucket"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("solutionVersionArn");
        assertThatThrownBy(() -> b.filterArn("filter/f"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("filterArn");
        assertThatThrownBy(() -> b.input(S3Location.parse("s3://bucket/in/")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is a prefix");
        assertThatThrownBy(() -> b.input(S3Location.of("bucket", "k".repeat(250))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 256");
    }
}
