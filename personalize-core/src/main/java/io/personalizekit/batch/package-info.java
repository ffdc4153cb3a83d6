/**
 * Batch inference for related-items recipes (Similar-Items, SIMS, Semantic-Similarity): the cheap route to
 * recommendations for a whole catalog.
 *
 * <ol>
 *   <li>{@link io.personalizekit.batch.BatchInputWriter} writes the JSON Lines input, one {@code {"itemId": "..."}}
 *       per line;
 *   <li>{@link io.personalizekit.batch.BatchSimilarItems} uploads it, calls {@code CreateBatchInferenceJob} for a
 *       solution version, waits for the job through a pluggable {@link io.personalizekit.batch.BatchJobAwaiter},
 *       and locates the output file ({@code <input-name>.out} under the output prefix);
 *   <li>{@link io.personalizekit.batch.BatchOutputReader} streams that file line by line into typed {@link
 *       io.personalizekit.batch.BatchResult}s, never loading it whole.
 * </ol>
 *
 * <pre>{@code
 * BatchSimilarItems batch = BatchSimilarItems.builder()
 *         .personalizeClient(personalize)   // borrowed
 *         .s3Client(s3)                     // borrowed
 *         .roleArn("arn:aws:iam::123456789012:role/PersonalizeBatch")
 *         .build();
 * BatchJob job = batch.run(r -> r.jobName("catalog-2026-11-28")
 *                 .solutionVersionArn(solutionVersionArn)
 *                 .numResults(25)
 *                 .input(S3Location.parse("s3://my-bucket/batch/in/items.json"))
 *                 .outputPrefix(S3Location.parse("s3://my-bucket/batch/out/")),
 *         catalogItemIds);
 * batch.forEachResult(job, result -> store.put(result.itemId(), result.recommendedItems()));
 * }</pre>
 *
 * <p>See each type for its thread-safety.
 */
@NullMarked
package io.personalizekit.batch;

import org.jspecify.annotations.NullMarked;
