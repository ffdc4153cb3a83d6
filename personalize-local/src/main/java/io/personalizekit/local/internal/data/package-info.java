/**
 * The data engine of personalize-local: an S3-compatible object store and server, the CSV importer, columnar
 * dataset storage, model training for the related-items and popularity recipes, and filter expressions. Not
 * API; may change without notice.
 */
@NullMarked
package io.personalizekit.local.internal.data;

import org.jspecify.annotations.NullMarked;
