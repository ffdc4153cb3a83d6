package io.personalizekit.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class S3LocationTest {

    @Test
    void parse_whenUriHasBucketAndKey_splitsThem() {
        S3Location location = S3Location.parse("s3://my-bucket/batch/in/items.json");

        assertThat(location.bucket()).isEqualTo("my-bucket");
        assertThat(location.key()).isEqualTo("batch/in/items.json");
        assertThat(location.isPrefix()).isFalse();
        assertThat(location.fileName()).isEqualTo("items.json");
        assertThat(location.uri()).isEqualTo("s3://my-bucket/batch/in/items.json");
        assertThat(location).hasToString("s3://my-bucket/batch/in/items.json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3://my-bucket", "s3://my-bucket/"})
    void parse_whenUriHasOnlyTheBucket_isTheRootPrefix(String uri) {
        S3Location location = S3Location.parse(uri);

        assertThat(location.key()).isEmpty();
        assertThat(location.isPrefix()).isTrue();
        assertThat(location.uri()).isEqualTo("s3://my-bucket/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://my-bucket/key", "my-bucket/key", "S3://my-bucket/key", ""})
    void parse_whenNotAnS3Uri_throwsIllegalArgument(String uri) {
        assertThatThrownBy(() -> S3Location.parse(uri))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Not an s3:// URI");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ab",
                "Upper-case",
                "under_score",
                "-starts-with-hyphen",
                "ends-with-hyphen-",
                "two..dots",
                "192.168.5.4",
                "xn--punycode",
                "sthree-reserved",
                "amzn-s3-demo-bucket",
                "alias-s3alias",
                "object-lambda--ol-s3",
                "express--x-s3",
                "a-bucket-name-that-is-longer-than-sixty-three-characters-in-total"
            })
    void of_whenBucketNameBreaksS3Rules_throwsIllegalArgumentNamingIt(String bucket) {
        assertThatThrownBy(() -> S3Location.of(bucket, "key"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + bucket + "'");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "abc",
                "my.bucket.example",
                "a1-b2",
                "bucket-name-with-sixty-three-characters-is-allowed-exactly-xyzw"
            })
    void of_whenBucketNameIsValid_acceptsIt(String bucket) {
        assertThat(S3Location.of(bucket, "k").bucket()).isEqualTo(bucket);
    }

    @Test
    void of_whenKeyIsLongerThan1024Utf8Bytes_throwsIllegalArgumentWithTheLimit() {
        String key = "é".repeat(513); // 1026 bytes in UTF-8, 513 chars

        assertThatThrownBy(() -> S3Location.of("bucket", key))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1026 UTF-8 bytes")
                .hasMessageContaining("1024");
        assertThat(S3Location.of("bucket", "é".repeat(512)).key()).hasSize(512);
    }

    @Test
    void of_whenKeyStartsWithSlashOrHasControlCharacters_throwsIllegalArgument() {
        assertThatThrownBy(() -> S3Location.of("bucket", "/abs"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not start with '/'");
        assertThatThrownBy(() -> S3Location.of("bucket", "a\nb"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("U+000A");
    }

    @Test
    void of_whenArgumentMissing_throwsNullPointerNamingIt() {
        assertThatThrownBy(() -> S3Location.of(null, "k")).hasMessageContaining("bucket");
        assertThatThrownBy(() -> S3Location.of("bucket", null)).hasMessageContaining("key");
    }

    @Test
    void resolve_appendsToAPrefixAndNestsUnderAnObjectKey() {
        assertThat(S3Location.of("b1b", "in/").resolve("items.json").uri()).isEqualTo("s3://b1b/in/items.json");
        assertThat(S3Location.of("b1b", "").resolve("items.json").uri()).isEqualTo("s3://b1b/items.json");
        assertThat(S3Location.of("b1b", "in").resolve("items.json").uri()).isEqualTo("s3://b1b/in/items.json");
        assertThatThrownBy(() -> S3Location.of("b1b", "in/").resolve("/abs"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void asPrefix_addsTheTrailingSlashOnce() {
        assertThat(S3Location.of("b1b", "out").asPrefix().key()).isEqualTo("out/");
        assertThat(S3Location.of("b1b", "out/").asPrefix().key()).isEqualTo("out/");
    }

    @Test
    void equalsAndHashCode_dependOnBucketAndKey() {
        assertThat(S3Location.of("b1b", "k"))
                .isEqualTo(S3Location.parse("s3://b1b/k"))
                .hasSameHashCodeAs(S3Location.parse("s3://b1b/k"))
                .isNotEqualTo(S3Location.of("b1b", "k/"))
                .isNotEqualTo(S3Location.of("b2b", "k"));
    }
}
