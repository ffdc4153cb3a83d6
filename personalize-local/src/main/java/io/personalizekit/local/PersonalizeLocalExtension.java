package io.personalizekit.local;

import io.personalizekit.waiter.ResourceWaiter;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalizeevents.PersonalizeEventsClient;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A JUnit 5 extension that starts one {@link PersonalizeLocal} per test class and stops it after the class. Test
 * methods and constructors can take a {@link PersonalizeLocal}, {@link PersonalizeClient},
 * {@link PersonalizeRuntimeClient}, {@link PersonalizeEventsClient}, {@link S3Client} or {@link ResourceWaiter}
 * parameter; the waiter is {@link PersonalizeLocal#resourceWaiter()}, whose wait policies fit the emulator's pace
 * (give it to {@code PipelineOrchestrator} and {@code Teardown}).
 *
 * <pre>{@code
 * @ExtendWith(PersonalizeLocalExtension.class)
 * class MyTest {
 *     @Test
 *     void creates(PersonalizeClient personalize, ResourceWaiter waiter) { ... }
 * }
 *
 * class MyOtherTest {
 *     @RegisterExtension
 *     static final PersonalizeLocalExtension LOCAL =
 *             PersonalizeLocalExtension.withOptions(o -> o.timeScale(0).throttlingRate("GetRecommendations", 0.1));
 * }
 * }</pre>
 *
 * <p>Register it on a static field (or with {@code @ExtendWith}); per-instance registration starts one per test.
 */
public final class PersonalizeLocalExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private final Consumer<PersonalizeLocal.Builder> options;
    private volatile @Nullable PersonalizeLocal local;

    /** For {@code @ExtendWith}: an emulator with default options. Prefer {@link #create()} in code. */
    public PersonalizeLocalExtension() {
        this(b -> {});
    }

    private PersonalizeLocalExtension(Consumer<PersonalizeLocal.Builder> options) {
        this.options = options;
    }

    /** @return an extension starting an emulator with default options */
    public static PersonalizeLocalExtension create() {
        return new PersonalizeLocalExtension();
    }

    /**
     * @param options applied to the emulator's builder before each start
     * @return an extension starting an emulator with these options
     */
    public static PersonalizeLocalExtension withOptions(Consumer<PersonalizeLocal.Builder> options) {
        return new PersonalizeLocalExtension(Objects.requireNonNull(options, "options"));
    }

    /**
     * @return the running emulator
     * @throws IllegalStateException outside the test class's lifetime
     */
    public PersonalizeLocal local() {
        PersonalizeLocal l = local;
        if (l == null) {
            throw new IllegalStateException("PersonalizeLocal is started before all tests of the class");
        }
        return l;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        PersonalizeLocal.Builder b = PersonalizeLocal.builder();
        options.accept(b);
        local = b.build().start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        PersonalizeLocal l = local;
        local = null;
        if (l != null) {
            l.stop();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> t = parameterContext.getParameter().getType();
        return t == PersonalizeLocal.class
                || t == PersonalizeClient.class
                || t == PersonalizeRuntimeClient.class
                || t == PersonalizeEventsClient.class
                || t == S3Client.class
                || t == ResourceWaiter.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> t = parameterContext.getParameter().getType();
        PersonalizeLocal l = local();
        if (t == PersonalizeLocal.class) {
            return l;
        } else if (t == PersonalizeClient.class) {
            return l.personalizeClient();
        } else if (t == PersonalizeRuntimeClient.class) {
            return l.runtimeClient();
        } else if (t == PersonalizeEventsClient.class) {
            return l.eventsClient();
        } else if (t == S3Client.class) {
            return l.s3Client();
        } else if (t == ResourceWaiter.class) {
            return l.resourceWaiter();
        }
        throw new ParameterResolutionException("Unsupported parameter type " + t.getName());
    }
}
