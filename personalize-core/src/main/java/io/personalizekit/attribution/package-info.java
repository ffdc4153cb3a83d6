/**
 * Reading what a metric attribution measured: {@link io.personalizekit.attribution.AttributionReportReader} reads
 * the reports the service publishes to S3 for bulk interaction imports ({@code AggregatedAttributionMetrics - ...
 * .csv}) into typed {@link io.personalizekit.attribution.AttributionRow}s, and {@link
 * io.personalizekit.attribution.AttributionReport} sums them per day and source ("clicks attributed to
 * recommendations per day"). Events recorded with {@link io.personalizekit.events.EventRecorder} carry their {@code
 * recommendationId} and event attribution source from the Interactions schema's {@code RECOMMENDATION_ID} and
 * {@code EVENT_ATTRIBUTION_SOURCE} fields; the service reports streamed events to Amazon CloudWatch, not to S3.
 */
@NullMarked
package io.personalizekit.attribution;

import org.jspecify.annotations.NullMarked;
