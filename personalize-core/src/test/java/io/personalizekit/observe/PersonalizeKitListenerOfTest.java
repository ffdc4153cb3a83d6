package io.personalizekit.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.testing.RecordingListener;
import io.personalizekit.testing.ThrowingListener;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link PersonalizeKitListener#of}: every event reaches every listener, in order, whatever one of them throws. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PersonalizeKitListenerOfTest {

    /** Every event method of the interface, by name (so a method added later is covered too). */
    static List<Method> eventMethods() {
        return Arrays.stream(PersonalizeKitListener.class.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 1)
                .sorted(Comparator.comparing(Method::getName))
                .toList();
    }

    /** A listener that writes "name:method" to a shared journal for every event it is told of. */
    static PersonalizeKitListener journaling(String name, List<String> journal) {
        return (PersonalizeKitListener) Proxy.newProxyInstance(
                PersonalizeKitListener.class.getClassLoader(),
                new Class<?>[] {PersonalizeKitListener.class},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString") ? name : method.invoke(name, args);
                    }
                    journal.add(name + ":" + method.getName());
                    return null;
                });
    }

    @Test
    void of_whenTwoListenersAndOneThrowsBetweenThem_tellsBothOfEveryEventInOrder() throws Exception {
        List<String> journal = new CopyOnWriteArrayList<>();
        ThrowingListener broken = new ThrowingListener();
        PersonalizeKitListener both =
                PersonalizeKitListener.of(journaling("first", journal), broken, journaling("second", journal));

        List<Method> methods = eventMethods();
        assertThat(methods).hasSize(9);
        for (Method m : methods) {
            try {
                m.invoke(both, new Object[] {null});
            } catch (InvocationTargetException e) {
                throw new AssertionError(m.getName() + " let the broken listener's exception through", e.getCause());
            }
        }

        List<String> expected = methods.stream()
                .flatMap(m -> List.of("first:" + m.getName(), "second:" + m.getName()).stream())
                .toList();
        assertThat(journal).containsExactlyElementsOf(expected);
        assertThat(broken.calls.get()).isEqualTo(9);
    }

    @Test
    void of_whenNothingOrOnlyNone_isNone() {
        assertThat(PersonalizeKitListener.of()).isSameAs(PersonalizeKitListener.NONE);
        assertThat(PersonalizeKitListener.of(PersonalizeKitListener.NONE, PersonalizeKitListener.NONE))
                .isSameAs(PersonalizeKitListener.NONE);
    }

    @Test
    void of_whenOneListenerBesidesNone_isThatListenerItself() {
        RecordingListener only = new RecordingListener();
        assertThat(PersonalizeKitListener.of(PersonalizeKitListener.NONE, only)).isSameAs(only);
    }

    @Test
    void of_whenACombinationIsCombinedAgain_tellsEachListenerOnce() {
        List<String> journal = new CopyOnWriteArrayList<>();
        PersonalizeKitListener ab = PersonalizeKitListener.of(journaling("a", journal), journaling("b", journal));
        PersonalizeKitListener abc = PersonalizeKitListener.of(ab, journaling("c", journal));

        abc.onCacheRequest(new CacheRequestEvent("arn:aws:personalize:us-east-1:1:campaign/c", CacheResult.HIT));

        assertThat(journal).containsExactly("a:onCacheRequest", "b:onCacheRequest", "c:onCacheRequest");
        assertThat(abc.toString()).isEqualTo("CompositeListener[a, b, c]");
    }

    @Test
    void of_whenAListenerIsNull_namesIt() {
        assertThatThrownBy(() -> PersonalizeKitListener.of(new RecordingListener(), null))
                .isInstanceOf(NullPointerException.class);
    }
}
