package io.personalizekit.schema;

/**
 * A function that produces a {@code float}, the primitive specialisation of {@link java.util.function.Function}
 * that the JDK lacks ({@link java.util.function.ToDoubleFunction} is its {@code double} sibling). Binds a {@code
 * float} field to a getter without boxing, for example {@code .floatField("EVENT_VALUE", Reading::share)}.
 *
 * @param <T> the type of the input
 */
@FunctionalInterface
public interface ToFloatFunction<T> {
    /**
     * Applies this function.
     *
     * @param value the input
     * @return the result
     */
    float applyAsFloat(T value);
}
