/**
 * Dataset export jobs as one call: {@link io.personalizekit.export.DatasetExporter} runs {@code
 * CreateDatasetExportJob} for a dataset, waits until the job is {@code ACTIVE} and lists the files it wrote
 * ({@link io.personalizekit.export.DatasetExport}).
 */
@NullMarked
package io.personalizekit.export;

import org.jspecify.annotations.NullMarked;
