/**
 * Observing the toolkit at run time: a listener SPI that the serving, caching, bulk-fetching, waiting and streaming
 * classes report to, with no metrics library in personalize-core.
 *
 * <p>Implement {@link io.personalizekit.observe.PersonalizeKitListener} (every method has an empty default, so
 * events added later do not break an implementation) and pass it to the builders' {@code listener(..)} option:
 * {@code CachingSimilarItemsClient}, {@code RecommendationFetcher}, {@code ResourceWaiter}, {@code ItemSeeder} and
 * {@code EventRecorder}. The optional {@code personalize-micrometer} artifact provides an implementation that records
 * to a Micrometer {@code MeterRegistry}.
 *
 * <p>Each event is an immutable record. A listener that throws never breaks the call that reported to it: the
 * exception is caught and logged at WARN once per listener and event kind (later ones at DEBUG).
 */
@NullMarked
package io.personalizekit.observe;

import org.jspecify.annotations.NullMarked;
