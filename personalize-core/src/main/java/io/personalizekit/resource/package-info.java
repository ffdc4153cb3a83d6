/**
 * Typed references to Amazon Personalize resources ({@link io.personalizekit.resource.DatasetGroupRef}, {@link
 * io.personalizekit.resource.SolutionVersionRef}, ...), ARN parsing and formatting ({@link
 * io.personalizekit.resource.ResourceArn}), and the lenient {@link io.personalizekit.resource.ResourceStatus}.
 *
 * <p>All types here are immutable and thread-safe.
 */
@NullMarked
package io.personalizekit.resource;

import org.jspecify.annotations.NullMarked;
