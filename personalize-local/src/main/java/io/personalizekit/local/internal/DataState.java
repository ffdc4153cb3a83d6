package io.personalizekit.local.internal;

import io.personalizekit.local.internal.data.DatasetData;
import io.personalizekit.local.internal.data.FilterExpression;
import io.personalizekit.local.internal.data.TrainedModel;
import io.personalizekit.local.internal.recipe.UserEvent;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The data the data plane attaches to control-plane resources, and the only code that reads or writes it. Who
 * writes what:
 *
 * <ul>
 *   <li>a dataset's bulk rows ({@link Resource#payload}, {@link DatasetData}): import jobs, merged under the
 *       dataset's lock ({@link #mergeImported});
 *   <li>a dataset's records that arrive one by one ({@link Resource#streamed}): the events API, created under the
 *       dataset's lock ({@link #streamed}) and appended to under the {@link DatasetData}'s own lock;
 *   <li>a solution version's model ({@link Resource#payload}, {@link TrainedModel}) and its {@code trainingHours}:
 *       its training job, once ({@link #setModel}, {@link #setTrainingHours}); a recommender's model likewise, by
 *       each of its trainings;
 *   <li>a filter's parsed expression ({@link Resource#payload}): whoever uses the filter first ({@link #filter}).
 * </ul>
 *
 * Readers (the runtime API, training snapshots, batch inference) go through the static views here, which merge
 * bulk and streamed data. The fields are volatile, so readers see each write whole.
 */
final class DataState {
    private @Nullable ControlPlane cp;
    private final RecommendationIds recommendationIds = new RecommendationIds();
    private final AttributionMetrics attribution = new AttributionMetrics(this);

    /** The recommendation ids the runtime API hands out, and their sources. */
    RecommendationIds recommendationIds() {
        return recommendationIds;
    }

    /** What metric attributions measure. */
    AttributionMetrics attribution() {
        return attribution;
    }

    void attach(ControlPlane controlPlane) {
        this.cp = controlPlane;
    }

    ControlPlane cp() {
        ControlPlane c = cp;
        if (c == null) {
            throw new IllegalStateException("control plane not attached");
        }
        return c;
    }

    /** The dataset group's dataset of a type. */
    Optional<Resource> dataset(String datasetGroupArn, DatasetType type) {
        return cp().datasetOfType(datasetGroupArn, type.name());
    }

    /** An import job's rows into its dataset: appended (incremental) or replacing the bulk rows (full). */
    void mergeImported(Resource dataset, DatasetData imported, boolean incremental) {
        synchronized (dataset) {
            dataset.payload = DatasetData.merge((DatasetData) dataset.payload, imported, incremental);
        }
        cp().dataChanged(dataset.attr("datasetGroupArn"));
    }

    /**
     * The dataset's streamed records, created (empty, with the dataset's schema) on first use. Callers append to
     * it, so the dataset group's data counts as changed.
     */
    DatasetData streamed(Resource dataset, DatasetType type) {
        cp().dataChanged(dataset.attr("datasetGroupArn"));
        synchronized (dataset) {
            DatasetData d = (DatasetData) dataset.streamed;
            if (d == null) {
                Resource schema =
                        cp().find(Kind.SCHEMA, dataset.attr("schemaArn")).orElse(null);
                DatasetSchema s = schema == null ? null : (DatasetSchema) schema.payload;
                d = s == null ? DatasetData.empty(type) : DatasetData.empty(s);
                dataset.streamed = d;
            }
            return d;
        }
    }

    /** A solution version's trained model, or null while it trains (or when training failed). */
    static @Nullable TrainedModel model(Resource version) {
        return (TrainedModel) version.payload;
    }

    static void setModel(Resource version, TrainedModel model) {
        version.payload = model;
    }

    /**
     * Records a successful training's {@code trainingHours}: an honest model of the service's billing, not a
     * measurement: a quarter of an hour plus an hour per 500,000 interactions, so it grows with the data.
     */
    static void setTrainingHours(Resource version, int interactions) {
        double hours = Math.round((0.25 + interactions / 500_000.0) * 1000) / 1000.0;
        synchronized (version) {
            version.attrs.put("trainingHours", hours);
        }
    }

    /** A filter's parsed expression, parsed once. */
    static FilterExpression filter(Resource filter) {
        FilterExpression expression = (FilterExpression) filter.payload;
        if (expression == null) {
            expression = FilterExpression.parse(filter.attr("filterExpression"));
            filter.payload = expression;
        }
        return expression;
    }

    /** Bulk data merged with records that arrived one by one, as training and queries see it. */
    static @Nullable DatasetData effective(@Nullable Resource dataset) {
        if (dataset == null) {
            return null;
        }
        DatasetData bulk = (DatasetData) dataset.payload;
        DatasetData streamed = (DatasetData) dataset.streamed;
        if (streamed == null || streamed.size() == 0) {
            return bulk;
        }
        return DatasetData.merge(bulk, streamed, true);
    }

    /** One record (item or user) as queries see it: the streamed one if any, else the bulk one. */
    static @Nullable Map<String, String> record(@Nullable Resource dataset, String id) {
        if (dataset == null) {
            return null;
        }
        DatasetData streamed = (DatasetData) dataset.streamed;
        Map<String, String> r = streamed == null ? null : streamed.record(id);
        if (r != null) {
            return r;
        }
        DatasetData bulk = (DatasetData) dataset.payload;
        return bulk == null ? null : bulk.record(id);
    }

    /**
     * A user's most recent events streamed to an interactions dataset (PutEvents), oldest first; empty when there
     * are none. Bulk-imported interactions are not included: models hold those from training.
     */
    static List<UserEvent> streamedEvents(@Nullable Resource dataset, String userId, int max) {
        DatasetData streamed = dataset == null ? null : (DatasetData) dataset.streamed;
        return streamed == null ? List.of() : streamed.eventsOf(userId, max);
    }

    /** The items a user interacted with (of the given event types, or any), bulk and streamed. */
    static Set<String> interactedBy(@Nullable Resource dataset, String userId, @Nullable Set<String> types) {
        if (dataset == null) {
            return Set.of();
        }
        DatasetData bulk = (DatasetData) dataset.payload;
        DatasetData streamed = (DatasetData) dataset.streamed;
        Set<String> a = bulk == null ? Set.of() : bulk.itemsInteractedBy(userId, types);
        Set<String> b = streamed == null ? Set.of() : streamed.itemsInteractedBy(userId, types);
        if (b.isEmpty()) {
            return a;
        }
        Set<String> out = new HashSet<>(a);
        out.addAll(b);
        return out;
    }
}
