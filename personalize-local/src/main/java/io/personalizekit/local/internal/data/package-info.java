/**
 * The data engine of personalize-local: an S3-compatible object store and server, the CSV importer, columnar
 * dataset storage, the training runner and trained solution versions (the recipes themselves are in
 * {@code internal.recipe}), and filter expressions. Not API; may change without notice.
 */
@NullMarked
package io.personalizekit.local.internal.data;

import org.jspecify.annotations.NullMarked;
