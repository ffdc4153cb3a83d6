package io.personalizekit.cache.redis;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.personalizekit.testing.ToolkitRules;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The toolkit's machine-checked conventions over this module's main classes, and where Lettuce may appear. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RedisArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.personalizekit.cache.redis");

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
    void tests_useTheSharedFakeClockAndFakeClient() {
        JavaClasses tests = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPackages("io.personalizekit.cache.redis");
        ToolkitRules.ONE_FAKE_CLOCK.check(tests);
        ToolkitRules.ONE_FAKE_SIMILAR_ITEMS_CLIENT.check(tests);
    }

    @Test
    void sleepingAndParking_never() {
        ToolkitRules.SLEEPS_ONLY_IN_THE_ONE_SLEEPER.check(MAIN);
    }

    @Test
    void lettuceTypes_onlyInTheLettuceAdapterAndTheBorrowingSetter() {
        // Lettuce is optional: only these may touch it, so the rest loads (and reflects) without it.
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName(LettuceAdapter.class.getName())
                .and()
                .doNotHaveFullyQualifiedName(RedisRecommendationStore.Builder.class.getName())
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.lettuce..")
                .because("Lettuce is an optional dependency (only RedisDriver.LETTUCE and connection(..) need it)")
                .check(MAIN);
        noFields()
                .that()
                .areDeclaredInClassesThat()
                .doNotHaveFullyQualifiedName(LettuceAdapter.class.getName())
                .should()
                .haveRawType(com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage("io.lettuce.."))
                .because("a field of a Lettuce type makes reflection over its class fail without Lettuce")
                .check(MAIN);
    }
}
