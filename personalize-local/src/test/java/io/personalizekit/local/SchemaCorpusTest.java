package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.InvalidInputException;

/**
 * The shared schema corpus (personalize-core's {@code src/test/resources/schema-corpus/schema-cases.json}, copied
 * onto this module's test class path by the POM) against the emulator: each case goes through the real SDK's
 * {@code CreateSchema}; a valid one must be created and described back unchanged, an invalid one must fail with
 * {@code InvalidInputException} whose message names the rule (and the field). The emulator's verdict comes from its
 * own validator, so this is the documented verdict even where core disagrees.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SchemaCorpusTest {
    @RegisterExtension
    static final PersonalizeLocalExtension LOCAL = PersonalizeLocalExtension.withOptions(o -> o.timeScale(0));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    static List<JsonNode> cases() {
        try (InputStream in = Objects.requireNonNull(
                SchemaCorpusTest.class.getResourceAsStream("/schema-corpus/schema-cases.json"),
                "missing /schema-corpus/schema-cases.json (personalize-core's corpus, added by the POM)")) {
            List<JsonNode> out = new ArrayList<>();
            JSON.readTree(in).get("cases").forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Arguments> corpus() {
        return cases().stream().map(c -> Arguments.of(c.get("id").asText(), c));
    }

    static String schemaText(JsonNode c) {
        return c.has("schemaText")
                ? c.get("schemaText").asText()
                : c.get("schema").toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void createSchema_givesTheDocumentedVerdict(String id, JsonNode c, PersonalizeClient p) {
        String name = "corpus-" + SEQUENCE.incrementAndGet();
        String schema = schemaText(c);

        Throwable thrown = catchThrowable(() -> p.createSchema(r -> r.name(name).schema(schema)));

        if (c.get("valid").asBoolean()) {
            assertThat(thrown).as("%s: %s", id, c.get("doc").asText()).isNull();
            String arn = "arn:aws:personalize:us-east-1:000000000000:schema/" + name;
            assertThat(p.describeSchema(r -> r.schemaArn(arn)).schema().schema())
                    .isEqualTo(schema);
            p.deleteSchema(r -> r.schemaArn(arn));
        } else {
            assertThat(thrown)
                    .as("%s: %s", id, c.get("doc").asText())
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorMessage())
                                .startsWith("Invalid schema: ")
                                .contains(c.get("says").asText())
                                .doesNotContain("data engine");
                        if (c.has("field")) {
                            assertThat(e.awsErrorDetails().errorMessage())
                                    .contains(c.get("field").asText());
                        }
                    });
        }
    }
}
