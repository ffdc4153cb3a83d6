/**
 * Streaming data into Personalize: {@link io.personalizekit.events.ItemSeeder} pushes new or changed items with
 * {@code PutItems}, {@link io.personalizekit.events.EventRecorder} records interactions with {@code PutEvents}.
 * Both take records of your own type through the {@link io.personalizekit.schema.BoundSchema} that writes the
 * dataset's CSV, validate records before sending, send them in batches of at most 10, pace their requests with a {@link
 * io.personalizekit.events.RateLimiter}, isolate the records the service rejects, and report a {@link
 * io.personalizekit.events.DeliveryResult}.
 */
@NullMarked
package io.personalizekit.events;

import org.jspecify.annotations.NullMarked;
