package io.personalizekit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.personalizekit.exception.PersonalizeKitException;
import io.personalizekit.internal.time.ThreadSleeper;
import java.io.IOException;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The conventions of CONVENTIONS.md that a machine can check, over personalize-core's main classes. */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.personalizekit");

    private static final DescribedPredicate<JavaClass> INTERNAL = JavaClass.Predicates.resideInAPackage("..internal..");

    @Test
    void sleepingAndParking_onlyInTheOneInternalSleeper() {
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName(ThreadSleeper.class.getName())
                .should()
                .callMethod(Thread.class, "sleep", long.class)
                .orShould()
                .callMethod(Thread.class, "sleep", long.class, int.class)
                .orShould()
                .callMethod(TimeUnit.class, "sleep", long.class)
                .orShould()
                .callMethodWhere(JavaCall.Predicates.target(
                        HasOwner.Predicates.With.owner(JavaClass.Predicates.equivalentTo(LockSupport.class))))
                .because("all waiting goes through the one Sleeper (internal.time.ThreadSleeper), so time stays"
                        + " injectable (W1, W4)")
                .check(MAIN);
    }

    /**
     * What main code may construct as a {@link Throwable}: a toolkit exception (a subtype of the root, never the bare
     * root), a programming-error type, or a type a JDK contract names for the method that throws it.
     */
    private static boolean allowedThrowable(JavaClass type) {
        if (type.isAssignableTo(PersonalizeKitException.class)) {
            return !type.isEquivalentTo(PersonalizeKitException.class);
        }
        return PROGRAMMING_ERRORS.stream().anyMatch(type::isEquivalentTo)
                || CONTRACT_EXCEPTIONS.stream().anyMatch(type::isEquivalentTo);
    }

    /** Programming errors caught at the edge (CONVENTIONS E1). */
    private static final List<Class<?>> PROGRAMMING_ERRORS = List.of(
            IllegalArgumentException.class,
            IllegalStateException.class,
            NullPointerException.class,
            UnsupportedOperationException.class,
            AssertionError.class);

    /**
     * Exceptions a JDK contract prescribes: {@code Iterator.next()} past the end, {@code List.get(i)} out of range,
     * {@code InputStream.read()} and {@code Writer.write()} failing (checked, so they never escape undeclared), and an
     * interrupted wait.
     */
    private static final List<Class<?>> CONTRACT_EXCEPTIONS = List.of(
            NoSuchElementException.class,
            IndexOutOfBoundsException.class,
            IOException.class,
            InterruptedException.class);

    @Test
    void mainCode_constructsOnlyToolkitExceptionsAndProgrammingErrors() {
        noClasses()
                .that()
                .areNotAssignableTo(Throwable.class) // an exception's constructor calls its super constructor
                .should()
                .callConstructorWhere(
                        new DescribedPredicate<JavaConstructorCall>(
                                "a Throwable other than a"
                                        + " PersonalizeKitException subtype, IAE, ISE, NPE, UOE or a JDK contract's exception") {
                            @Override
                            public boolean test(JavaConstructorCall call) {
                                JavaClass owner = call.getTargetOwner();
                                return owner.isAssignableTo(Throwable.class) && !allowedThrowable(owner);
                            }
                        })
                .because("everything the toolkit throws is a PersonalizeKitException subtype, with its context"
                        + " (E1); IOException and the like are wrapped where they happen (E2)")
                .check(MAIN);
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
                        "io.personalizekit.cache.redis..")
                .because("core has no Redis, WireMock or emulator dependency (A5)")
                .check(MAIN);
    }
}
