package io.personalizekit.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A malformed Redis URI is reported without its user info: not in the message, not in a cause or stack trace. */
@Timeout(10)
class RedisUrisTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "redis://:p%zzsecret@cache.example.com:6379",
                "redis://app:p%zzsecret@cache.example.com:6379/0",
                "rediss://app:p%zzsecret@cache.example.com:6380",
                "redis://app:p%zz/secret@cache.example.com:6379",
                "redis://app:p%zz@secret@cache.example.com:6379",
                "redis://app:p%zz:secret@cache.example.com:6379",
                "redis://p%zzsecret@cache.example.com:6379",
                "redis://:p%zzsecret@cache.example.com:notaport",
                "redis://:secret secret@cache.example.com:6379/x",
                "redis://:se cret secret@cache.example.com:6379",
                "http://app:se/cret secret@cache.example.com:6379",
            })
    void parse_whenMalformed_neverEchoesTheUserInfo(String uri) {
        Throwable thrown = catchThrowable(() -> RedisUris.parse(uri));

        assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("redisUri");
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString())
                .as("the exception, its causes and suppressed ones, printed")
                .doesNotContain("secret")
                .doesNotContain("p%zz")
                .doesNotContain("cret");
        assertThat(thrown.getMessage()).contains("***@cache.example.com");
    }

    @Test
    void parse_whenEscapeIsMalformed_saysWhatIsWrong() {
        assertThatMessage("redis://:p%zzsecret@cache.example.com:6379")
                .startsWith("Malformed redisUri redis://***@cache.example.com:6379: ")
                .contains("escape")
                .contains("percent-encode");
        assertThatMessage("redis://cache.example.com:6379/%zz")
                .as("without user info, the parser's message is kept whole")
                .contains("redis://cache.example.com:6379/%zz")
                .doesNotContain("***");
    }

    private static org.assertj.core.api.AbstractStringAssert<?> assertThatMessage(String uri) {
        return assertThat(catchThrowable(() -> RedisUris.parse(uri)).getMessage());
    }
}
