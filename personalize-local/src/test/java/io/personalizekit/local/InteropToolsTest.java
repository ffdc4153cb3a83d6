package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opentest4j.TestAbortedException;

/**
 * The rule for a missing interop tool: a skip that names the tool and how to install it, or a failure with {@code
 * -Dinterop.required=true}.
 */
@Timeout(60)
class InteropToolsTest {

    @Test
    void missing_whenNotRequired_skipsNamingTheToolAndHowToInstallIt() {
        assertThatThrownBy(() -> InteropTools.missing(
                        "the AWS CLI (`aws`) is not on the PATH", "install it with `apt-get install awscli`", false))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageStartingWith("skipped: the AWS CLI (`aws`) is not on the PATH;")
                .hasMessageContaining("install it with `apt-get install awscli`")
                .hasMessageContaining("-Dinterop.required=true");
    }

    @Test
    void missing_whenRequired_fails() {
        assertThatThrownBy(() -> InteropTools.missing(
                        "python3 with boto3 is not on the PATH", "install it with `pip install boto3`", true))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("python3 with boto3 is not on the PATH")
                .hasMessageContaining("pip install boto3")
                .hasMessageContaining("-Dinterop.required=true");
    }

    @Test
    void probe_tellsAMissingToolFromOneThatFails() {
        InteropTools.Probe absent = InteropTools.probe(List.of("personalize-kit-no-such-tool", "--version"));
        assertThat(absent.ok()).isFalse();
        assertThat(absent.problem("personalize-kit-no-such-tool --version")).isEqualTo("is not on the PATH");

        InteropTools.Probe failing = InteropTools.probe(List.of("sh", "-c", "echo broken install >&2; exit 3"));
        assertThat(failing.ok()).isFalse();
        assertThat(failing.problem("sh")).isEqualTo("does not work (`sh` exited with 3: broken install)");

        assertThat(InteropTools.probe(List.of("sh", "-c", "exit 0")).ok()).isTrue();
    }
}
