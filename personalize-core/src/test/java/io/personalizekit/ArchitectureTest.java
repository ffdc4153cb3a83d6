package io.personalizekit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.personalizekit.testing.ToolkitRules;
import org.junit.jupiter.api.Test;

/** The conventions of CONVENTIONS.md that a machine can check, over personalize-core's main classes. */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.personalizekit");

    private static final DescribedPredicate<JavaClass> INTERNAL = JavaClass.Predicates.resideInAPackage("..internal..");

    @Test
    void sleepingAndParking_onlyInTheOneInternalSleeper() {
        ToolkitRules.SLEEPS_ONLY_IN_THE_ONE_SLEEPER.check(MAIN);
    }

    @Test
    void mainCode_constructsOnlyToolkitExceptionsAndProgrammingErrors() {
        ToolkitRules.THROWS_ONLY_TOOLKIT_EXCEPTIONS.check(MAIN);
    }

    @Test
    void mainCode_neverLetsAnUncheckedIoExceptionOut() {
        ToolkitRules.NO_UNCHECKED_IO_EXCEPTIONS.check(MAIN);
        ToolkitRules.NO_STREAMS_THAT_THROW_UNCHECKED_IO.check(MAIN);
    }

    @Test
    void tests_shareTheOneFakeClockAndFakeClient() {
        JavaClasses tests = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPackages("io.personalizekit");
        ToolkitRules.ONE_FAKE_CLOCK.check(tests);
        ToolkitRules.ONE_FAKE_SIMILAR_ITEMS_CLIENT.check(tests);
    }

    @Test
    void libraryCode_neverPrintsToTheConsole() {
        noClasses()
                .should()
                .accessField(System.class, "out")
                .orShould()
                .accessField(System.class, "err")
                .orShould()
                .callMethod(Throwable.class, "printStackTrace")
                .because("library code logs through slf4j (L1)")
                .check(MAIN);
    }

    @Test
    void publicApi_neverMentionsInternalTypes() {
        methods()
                .that()
                .arePublic()
                .and()
                .areDeclaredInClassesThat()
                .resideOutsideOfPackage("..internal..")
                .and()
                .areDeclaredInClassesThat()
                .arePublic()
                .should()
                .haveRawReturnType(DescribedPredicate.not(INTERNAL))
                .andShould()
                .haveRawParameterTypes(DescribedPredicate.not(DescribedPredicate.anyElementThat(INTERNAL)))
                .because("internal packages are not API (A2)")
                .allowEmptyShould(true)
                .check(MAIN);
    }

    @Test
    void core_dependsOnNoOptionalIntegration() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.lettuce..",
                        "redis.clients..",
                        "com.github.tomakehurst..",
                        "org.wiremock..",
                        "io.personalizekit.local..",
                        "io.personalizekit.cache.redis..",
                        "io.micrometer..",
                        "io.personalizekit.micrometer..")
                .because("core has no Redis, WireMock, emulator or metrics-library dependency (A5, D30)")
                .check(MAIN);
    }
}
