/**
 * personalize-kit's root package: {@link io.personalizekit.PersonalizeLimits}, the service limits the toolkit checks.
 * The features live in the sub-packages: {@code schema}, {@code csv}, {@code storage}, {@code resource}, {@code
 * waiter}, {@code pipeline}, {@code recommend}, {@code events}, {@code batch}, {@code cache} and {@code exception}.
 */
@NullMarked
package io.personalizekit;

import org.jspecify.annotations.NullMarked;
