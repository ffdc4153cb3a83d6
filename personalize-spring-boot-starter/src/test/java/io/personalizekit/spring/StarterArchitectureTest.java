package io.personalizekit.spring;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.personalizekit.testing.ToolkitRules;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The toolkit's machine-checked conventions over the starter's main classes. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StarterArchitectureTest {
    // The module's own output folders only: scanning the class path's jars for the package takes most of a minute.
    private static final JavaClasses MAIN = new ClassFileImporter().importPath(Path.of("target", "classes"));

    @Test
    void mainCode_throwsOnlyToolkitExceptionsAndProgrammingErrors_andNeverSleeps() {
        org.assertj.core.api.Assertions.assertThat(MAIN.contain(FetcherJob.class))
                .isTrue();
        ToolkitRules.THROWS_ONLY_TOOLKIT_EXCEPTIONS.check(MAIN);
        ToolkitRules.NO_UNCHECKED_IO_EXCEPTIONS.check(MAIN);
        ToolkitRules.NO_STREAMS_THAT_THROW_UNCHECKED_IO.check(MAIN);
        ToolkitRules.SLEEPS_ONLY_IN_THE_ONE_SLEEPER.check(MAIN);
    }

    @Test
    void mainCode_usesOnlyThePublicApiOfTheOtherModules() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.personalizekit..internal..")
                .because("the starter is a user of the library like any application: internal packages may change")
                .check(MAIN);
    }

    @Test
    void tests_useTheSharedFakes() {
        JavaClasses tests = new ClassFileImporter().importPath(Path.of("target", "test-classes"));
        ToolkitRules.ONE_FAKE_CLOCK.check(tests);
        ToolkitRules.ONE_FAKE_SIMILAR_ITEMS_CLIENT.check(tests);
    }
}
