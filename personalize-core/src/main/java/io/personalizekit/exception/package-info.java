/**
 * The exception hierarchy of personalize-kit.
 *
 * <p>Every exception thrown by the toolkit itself is a subtype of {@link
 * io.personalizekit.exception.PersonalizeKitException} (unchecked; the root itself is never thrown bare), or a plain
 * {@link IllegalArgumentException}, {@link IllegalStateException}, {@link NullPointerException} or {@link
 * UnsupportedOperationException} for programming errors caught at the edge (a bad argument, a closed client, a
 * missing builder field). Subtypes expose their context (file, line, field, value, ARN, status, failure reason,
 * keyspace) through accessors, not only in the message, and keep the original failure as the cause: an {@link
 * java.io.IOException} is never thrown raw or as {@link java.io.UncheckedIOException}, but wrapped where it happens
 * in the subtype that names what was being read or written ({@link io.personalizekit.exception.CsvReadException},
 * {@link io.personalizekit.exception.BatchDataException}, {@link io.personalizekit.exception.S3UploadException},
 * {@link io.personalizekit.exception.SpecValidationException}, ...). An ArchUnit rule checks that main code constructs
 * no other exception type.
 *
 * <p>Where the line is drawn for exceptions of the AWS SDK:
 *
 * <ul>
 *   <li><b>Thin pass-through calls let them propagate unchanged</b>: a call that maps one toolkit method to one
 *       service request and adds nothing the SDK exception lacks. {@code SimilarItemsClient.similarItems} (one {@code
 *       GetRecommendations}), {@code ResourceWaiter}'s describe calls once its error budget is spent, and {@code
 *       BatchOutputReader.fromS3}'s {@code GetObject} throw the SDK's own {@code PersonalizeRuntimeException}, {@code
 *       PersonalizeException} or {@code S3Exception}, with its request id, so callers handle them as they would
 *       without the toolkit.
 *   <li><b>Layers that add context wrap them</b>, cause preserved: the pipeline ({@link
 *       io.personalizekit.exception.PipelineStepException}: which step, which resource), uploads ({@link
 *       io.personalizekit.exception.S3UploadException}: which object, which part, whether the upload was aborted),
 *       seeding and event recording ({@link io.personalizekit.exception.DeliveryException}: how many records were
 *       sent), and cache stores ({@link io.personalizekit.exception.CacheStoreException}: which keyspace and
 *       command).
 * </ul>
 */
@NullMarked
package io.personalizekit.exception;

import org.jspecify.annotations.NullMarked;
