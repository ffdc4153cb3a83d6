/**
 * Provisioning the whole Amazon Personalize lifecycle in one call that is safe to re-run.
 *
 * <ul>
 *   <li>{@link io.personalizekit.pipeline.PipelineSpec}: the flow as data (dataset group, datasets with schemas,
 *       imports, solution, solution version, campaign, filters, event tracker), built in Java or loaded from JSON;
 *   <li>{@link io.personalizekit.pipeline.PipelineOrchestrator}: {@code run(spec)} finds-or-creates each resource
 *       and waits for it, {@code plan(spec)} is a dry run;
 *   <li>{@link io.personalizekit.pipeline.DatasetGroupBuilder}: only the dataset group, schemas and datasets;
 *   <li>{@link io.personalizekit.pipeline.Teardown}: deletes in dependency order, safe to re-run.
 * </ul>
 */
@NullMarked
package io.personalizekit.pipeline;

import org.jspecify.annotations.NullMarked;
