package io.personalizekit.micrometer;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.personalizekit.testing.ToolkitRules;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The toolkit's machine-checked conventions over this module's main classes. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MicrometerArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.personalizekit.micrometer");

    @Test
    void mainCode_constructsOnlyToolkitExceptionsAndProgrammingErrors() {
        ToolkitRules.THROWS_ONLY_TOOLKIT_EXCEPTIONS.check(MAIN);
    }

    @Test
    void sleepingAndParking_never() {
        ToolkitRules.SLEEPS_ONLY_IN_THE_ONE_SLEEPER.check(MAIN);
    }

    @Test
    void tests_useTheSharedFakeClock() {
        JavaClasses tests = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPackages("io.personalizekit.micrometer");
        ToolkitRules.ONE_FAKE_CLOCK.check(tests);
    }
}
