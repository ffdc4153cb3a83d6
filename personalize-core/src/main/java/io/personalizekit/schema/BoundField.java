package io.personalizekit.schema;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * One field of a {@link BoundSchema}: a {@link SchemaField} and the getter that reads its value from a record of
 * type {@code T}. Created by {@link BoundSchema.Builder}; immutable and thread-safe when the getter is.
 *
 * <p>{@link #accept} hands the value to a {@link ValueSink} through a method of the value's type, so a primitive
 * getter's value reaches the sink without boxing: this is how the CSV writer, the item seeder and the event recorder
 * read records. {@link #value} returns it boxed, for code where that does not matter.
 *
 * @param <T> the record type
 */
public abstract class BoundField<T> {
    private final SchemaField field;

    private BoundField(SchemaField field) {
        this.field = field;
    }

    /**
     * The schema field this getter fills.
     *
     * @return the field
     */
    public SchemaField field() {
        return field;
    }

    /**
     * The field name, as in the CSV header.
     *
     * @return the name
     */
    public String name() {
        return field.name();
    }

    /**
     * Reads the field's value from a record and hands it to the sink: exactly one call of {@link ValueSink#onNull()}
     * (the getter returned null) or of the method of the field's type. A string field calls {@link
     * ValueSink#onString}, a field bound with {@link BoundSchema.Builder#categoricalField} {@link
     * ValueSink#onStrings}, a timestamp field {@link ValueSink#onLong} with epoch seconds. An exception of the getter
     * propagates.
     *
     * @param record the record
     * @param sink receives the value
     */
    public abstract void accept(T record, ValueSink sink);

    /**
     * Reads the field's value from a record, boxed: a {@link String}, a {@code List<String>} (categorical values
     * bound as a collection), an {@link Integer}, {@link Long} (timestamps as epoch seconds), {@link Float}, {@link
     * Double} or {@link Boolean}.
     *
     * @param record the record
     * @return the value, or null when the getter returned null
     */
    public abstract @Nullable Object value(T record);

    @Override
    public String toString() {
        return field.toString();
    }

    /**
     * Receives one value from {@link BoundField#accept}. Implemented by the toolkit's writers and senders; implement it
     * to read bound records into a format of your own.
     */
    public interface ValueSink {
        /** The getter returned null: an empty CSV cell, an absent property. */
        void onNull();

        /**
         * A string value, or one categorical cell whose values are already joined with {@code |}.
         *
         * @param value the value
         */
        void onString(CharSequence value);

        /**
         * The values of a categorical field bound as a collection, in order (written joined with {@code |}).
         *
         * @param values the values
         */
        void onStrings(Collection<String> values);

        /**
         * An {@code int} value.
         *
         * @param value the value
         */
        void onInt(int value);

        /**
         * A {@code long} value; for a timestamp, epoch seconds.
         *
         * @param value the value
         */
        void onLong(long value);

        /**
         * A {@code float} value.
         *
         * @param value the value
         */
        void onFloat(float value);

        /**
         * A {@code double} value.
         *
         * @param value the value
         */
        void onDouble(double value);

        /**
         * A {@code boolean} value.
         *
         * @param value the value
         */
        void onBoolean(boolean value);
    }

    static <T> BoundField<T> ofString(SchemaField field, Function<? super T, ? extends @Nullable CharSequence> getter) {
        return new OfString<>(field, getter);
    }

    static <T> BoundField<T> ofStrings(
            SchemaField field, Function<? super T, ? extends @Nullable Collection<String>> getter) {
        return new OfStrings<>(field, getter);
    }

    static <T> BoundField<T> ofInt(SchemaField field, ToIntFunction<? super T> getter) {
        return new OfInt<>(field, getter);
    }

    static <T> BoundField<T> ofLong(SchemaField field, ToLongFunction<? super T> getter) {
        return new OfLong<>(field, getter);
    }

    static <T> BoundField<T> ofFloat(SchemaField field, ToFloatFunction<? super T> getter) {
        return new OfFloat<>(field, getter);
    }

    static <T> BoundField<T> ofDouble(SchemaField field, ToDoubleFunction<? super T> getter) {
        return new OfDouble<>(field, getter);
    }

    static <T> BoundField<T> ofBoolean(SchemaField field, Predicate<? super T> getter) {
        return new OfBoolean<>(field, getter);
    }

    static <T> BoundField<T> ofTimestamp(SchemaField field, Function<? super T, ? extends @Nullable Instant> getter) {
        return new OfTimestamp<>(field, getter);
    }

    static <T> BoundField<T> ofBoxed(SchemaField field, Function<? super T, ? extends @Nullable Object> getter) {
        return new OfBoxed<>(field, getter);
    }

    private static final class OfString<T> extends BoundField<T> {
        private final Function<? super T, ? extends @Nullable CharSequence> getter;

        OfString(SchemaField field, Function<? super T, ? extends @Nullable CharSequence> getter) {
            super(field);
            this.getter = Objects.requireNonNull(getter, "getter");
        }

        @Override
        public void accept(T record, ValueSink sink) {
            CharSequence v = getter.apply(record);
            if (v == null) {
                sink.onNull();
            } else {
                sink.onString(v);
            }
        }

        @Override
        public @Nullable Object value(T record) {
            CharSequence v = getter.apply(record);
            return v == null ? null : v.toString();
        }
    }

    private static final class OfStrings<T> extends BoundField<T> {
        private final Function<? super T, ? extends @Nullable Collection<String>> getter;

        OfStrings(SchemaField field, Function<? super T, ? extends @Nullable Collection<String>> getter) {
            super(field);
            this.getter = Objects.requireNonNull(getter, "getter");
        }

        @Override
        public void accept(T record, ValueSink sink) {
            Collection<String> v = getter.apply(record);
            if (v == null) {
                sink.onNull();
            } else {
                sink.onStrings(v);
            }
        }

        @Override
        public @Nullable Object value(T record) {
            Collection<String> v = getter.apply(record);
            return v == null ? null : List.copyOf(v);
        }
    }

    private static final class OfInt<T> extends BoundField<T> {
        private final ToIntFunction<? super T> getter;

        OfInt(SchemaField field, ToIntFunction<? super T> getter) {
            super(field);
            this.getter = Objects.requireNonNull(getter, "getter");
        }

        @Override
        public void accept(T record, ValueSink sink) {
            sink.onInt(getter.applyAsInt(record));
        }

        @Override
        public Object value(T record) {
            return getter.applyAsInt(record);
        }
    }

    private static final class OfLong<T> extends BoundField<T> {
        private final ToLongFunction<? super T> getter;

        OfLong(SchemaField field, ToLongFunction<? super T> getter) {
            super(field);
            this.getter = Objects.requireNonNull(getter, "getter");
        }

        @Override
        public void accept(T record, ValueSink sink) {
            sink.onLong(getter.applyAsLong(record));
        }

        @Override
        public Object value(T record) {
            return getter.applyAsLong(record);
        }
    }

    private static final class OfFloat<T> extends BoundField<T> {
        private final ToFloatFunction<? super T> getter;

        OfFloat(SchemaField field, ToFloatFunction<? super T> getter) {
            super(field);
            this.getter = Objects.requireNonNull(getter, "getter");
        }

        @Override
        public void accept(T record, ValueSink sink) {
            sink.onFloat(getter.applyAsFloat(record));
        }

        @Override
        public Object value(T record) {
            return getter.applyAsFloat(record);
        }
    }

    private static final class OfDouble<T> extends BoundField<T> {
        private final ToDoubleFunction<? super T> getter;

        OfDouble(SchemaField field, ToDoubleFunction<? super T> getter) {
            super(field);
            this.getter = Objects.requireNonNull(getter, "getter");
        }

        @Override
        public void accept(T record, ValueSink sink) {
            sink.onDouble(getter.applyAsDouble(record));
        }

        @Override
        public Object value(T record) {
            return getter.applyAsDouble(record);
        }
    }

    private static final class OfBoolean<T> extends BoundField<T> {
        private final Predicate<? super T> getter;

        OfBoolean(SchemaField field, Predicate<? super T> getter) {
            super(field);
            this.getter = Objects.requireNonNull(getter, "getter");
        }

        @Override
        public void accept(T record, ValueSink sink) {
            sink.onBoolean(getter.test(record));
        }

        @Override
        public Object value(T record) {
            return getter.test(record);
        }
    }

    private static final class OfTimestamp<T> extends BoundField<T> {
        private final Function<? super T, ? extends @Nullable Instant> getter;

        OfTimestamp(SchemaField field, Function<? super T, ? extends @Nullable Instant> getter) {
            super(field);
            this.getter = Objects.requireNonNull(getter, "getter");
        }

        @Override
        public void accept(T record, ValueSink sink) {
            Instant v = getter.apply(record);
            if (v == null) {
                sink.onNull();
            } else {
                sink.onLong(v.getEpochSecond());
            }
        }

        @Override
        public @Nullable Object value(T record) {
            Instant v = getter.apply(record);
            return v == null ? null : v.getEpochSecond();
        }
    }

    /** A nullable number or boolean: the getter's boxed value, handed on unboxed. */
    private static final class OfBoxed<T> extends BoundField<T> {
        private final Function<? super T, ? extends @Nullable Object> getter;
        private final FieldType type;

        OfBoxed(SchemaField field, Function<? super T, ? extends @Nullable Object> getter) {
            super(field);
            this.getter = Objects.requireNonNull(getter, "getter");
            this.type = field.type();
        }

        @Override
        public void accept(T record, ValueSink sink) {
            Object v = getter.apply(record);
            if (v == null) {
                sink.onNull();
                return;
            }
            switch (type) {
                case INT:
                    sink.onInt((Integer) v);
                    return;
                case LONG:
                    sink.onLong((Long) v);
                    return;
                case FLOAT:
                    sink.onFloat((Float) v);
                    return;
                case DOUBLE:
                    sink.onDouble((Double) v);
                    return;
                case BOOLEAN:
                    sink.onBoolean((Boolean) v);
                    return;
                default:
                    throw new IllegalStateException("not a boxed type: " + type);
            }
        }

        @Override
        public @Nullable Object value(T record) {
            return getter.apply(record);
        }
    }
}
