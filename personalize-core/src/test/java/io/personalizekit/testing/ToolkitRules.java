package io.personalizekit.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.lang.ArchRule;
import io.personalizekit.exception.PersonalizeKitException;
import io.personalizekit.internal.time.ThreadSleeper;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.waiter.Sleeper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * ArchUnit rules every module of the toolkit keeps (core's {@code ArchitectureTest} and the Redis module's check their
 * main classes against them).
 */
public final class ToolkitRules {
    private ToolkitRules() {}

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

    /**
     * Whether main code may construct this {@link Throwable}: a toolkit exception (a subtype of the root, never the
     * bare root), a programming-error type, or a type a JDK contract names for the method that throws it.
     */
    static boolean allowedThrowable(JavaClass type) {
        if (type.isAssignableTo(PersonalizeKitException.class)) {
            return !type.isEquivalentTo(PersonalizeKitException.class);
        }
        return PROGRAMMING_ERRORS.stream().anyMatch(type::isEquivalentTo)
                || CONTRACT_EXCEPTIONS.stream().anyMatch(type::isEquivalentTo);
    }

    /**
     * Main code constructs only toolkit exceptions (never the bare root), IAE, ISE, NPE, UOE, and the exceptions a
     * JDK contract prescribes; an exception's own constructor calling its super constructor is not counted.
     */
    public static final ArchRule THROWS_ONLY_TOOLKIT_EXCEPTIONS = noClasses()
            .that()
            .areNotAssignableTo(Throwable.class)
            .should()
            .callConstructorWhere(
                    new DescribedPredicate<JavaConstructorCall>("a Throwable other than a"
                            + " PersonalizeKitException subtype, IAE, ISE, NPE, UOE or a JDK contract's exception") {
                        @Override
                        public boolean test(JavaConstructorCall call) {
                            JavaClass owner = call.getTargetOwner();
                            return owner.isAssignableTo(Throwable.class) && !allowedThrowable(owner);
                        }
                    })
            .because("everything the toolkit throws is a PersonalizeKitException subtype, with its context (E1);"
                    + " IOException and the like are wrapped where they happen (E2)");

    /** Only {@code internal.time.ThreadSleeper} sleeps or parks a thread to let time pass. */
    public static final ArchRule SLEEPS_ONLY_IN_THE_ONE_SLEEPER = noClasses()
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
                    + " injectable (W1, W4)");

    /**
     * No public method declares {@link UncheckedIOException}, and nothing calls the JDK methods that throw it from
     * the middle of a stream ({@code Files.lines}, {@code BufferedReader.lines}): an {@link IOException} is wrapped in
     * a toolkit exception where it happens (E2), which {@link #THROWS_ONLY_TOOLKIT_EXCEPTIONS} cannot see for an
     * exception the JDK constructs.
     */
    public static final ArchRule NO_UNCHECKED_IO_EXCEPTIONS = noMethods()
            .that()
            .arePublic()
            .should()
            .declareThrowableOfType(UncheckedIOException.class)
            .because("everything the toolkit throws is a PersonalizeKitException subtype (E1, E2)")
            .allowEmptyShould(true);

    /** See {@link #NO_UNCHECKED_IO_EXCEPTIONS}: the JDK calls that throw {@link UncheckedIOException} mid-stream. */
    public static final ArchRule NO_STREAMS_THAT_THROW_UNCHECKED_IO = noClasses()
            .should()
            .callMethod(Files.class, "lines", Path.class)
            .orShould()
            .callMethod(Files.class, "lines", Path.class, java.nio.charset.Charset.class)
            .orShould()
            .callMethod(BufferedReader.class, "lines")
            .because("their streams throw UncheckedIOException from the middle of a read; read lines in a loop and"
                    + " wrap the IOException in a toolkit exception (E2)");

    /**
     * Over test classes: the fake time line and the fake live client live once, here in {@code
     * io.personalizekit.testing} (personalize-core's test-jar); a test needing another behaviour uses a lambda or a
     * class that states what it does differently, not a copy of {@code FakeClock} or a second fake {@link Sleeper}.
     */
    public static final ArchRule ONE_FAKE_CLOCK = noClasses()
            .that()
            .resideOutsideOfPackage("io.personalizekit.testing")
            .should()
            .beAssignableTo(Clock.class)
            .orShould()
            .beAssignableTo(Sleeper.class)
            .because("FakeClock (io.personalizekit.testing, personalize-core's test-jar) is the tests' one fake"
                    + " time line: copies drift (it was copied into three modules before)")
            .allowEmptyShould(true);

    /** Over test classes: {@code FakeSimilarItemsClient} is the one general fake of the live client. */
    public static final ArchRule ONE_FAKE_SIMILAR_ITEMS_CLIENT = noClasses()
            .that()
            .resideOutsideOfPackage("io.personalizekit.testing")
            .and()
            .haveSimpleName("FakeSimilarItemsClient")
            .should()
            .beAssignableTo(SimilarItemsClient.class)
            .because("io.personalizekit.testing.FakeSimilarItemsClient is shared through personalize-core's"
                    + " test-jar; a test with a special client names it for what it does (GatedClient, ...)")
            .allowEmptyShould(true);
}
