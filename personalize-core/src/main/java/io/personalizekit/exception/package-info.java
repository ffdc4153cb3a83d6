/**
 * The exception hierarchy of personalize-kit.
 *
 * <p>Every exception thrown by the toolkit itself is a {@link io.personalizekit.exception.PersonalizeKitException}
 * (unchecked), or a plain {@link IllegalArgumentException}, {@link IllegalStateException} or {@link
 * NullPointerException} for programming errors caught at the edge. Subtypes expose their context (field, line,
 * value, ARN, status, failure reason) through accessors, not only in the message. Exceptions of the AWS SDK
 * propagate unchanged from thin pass-through calls, and are wrapped (cause preserved) only where a layer adds
 * context, such as the pipeline step that failed.
 */
@NullMarked
package io.personalizekit.exception;

import org.jspecify.annotations.NullMarked;
