/**
 * Typed references to Amazon Personalize resources ({@link io.personalizekit.resource.DatasetGroupRef}, {@link
 * io.personalizekit.resource.SolutionVersionRef}, ...), ARN parsing and formatting ({@link
 * io.personalizekit.resource.ResourceArn}), the lenient {@link io.personalizekit.resource.ResourceStatus}, and
 * {@link io.personalizekit.resource.Deployment}: every reference of one provisioned system (the pipeline's result),
 * which the serving, caching, seeding and batch classes take directly.
 *
 * <p>All types here are immutable and thread-safe.
 */
@NullMarked
package io.personalizekit.resource;

import org.jspecify.annotations.NullMarked;
