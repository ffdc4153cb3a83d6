package io.personalizekit.local.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The control-plane operations of metric attributions: CreateMetricAttribution, UpdateMetricAttribution and
 * ListMetricAttributionMetrics (Describe, List and Delete are the generic ones). One metric attribution per dataset
 * group, at most 10 metrics, each {@code SUM(Interactions.COLUMN)}, {@code SUM(Items.COLUMN)} on a numeric column or
 * {@code SAMPLECOUNT()}; the group's interactions dataset must have an {@code EVENT_TYPE} column. What the metrics
 * measure is {@link AttributionMetrics}'.
 */
final class MetricAttributionOperations {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** The service's limit on the metrics of one metric attribution. */
    static final int MAX_METRICS = 10;

    private final ControlPlane cp;

    private MetricAttributionOperations(ControlPlane cp) {
        this.cp = cp;
    }

    static void register(ControlPlane cp, Map<String, Function<Input, ObjectNode>> ops) {
        MetricAttributionOperations o = new MetricAttributionOperations(cp);
        ops.put("CreateMetricAttribution", o::create);
        ops.put("UpdateMetricAttribution", o::update);
        ops.put("ListMetricAttributionMetrics", o::listMetrics);
    }

    /** A metric as requested, its members checked. */
    private record Requested(String eventType, String metricName, String expression) {
        ObjectNode json() {
            return JSON.objectNode()
                    .put("eventType", eventType)
                    .put("metricName", metricName)
                    .put("expression", expression);
        }
    }

    private static List<Requested> metrics(Input in, String member, boolean required) {
        if (!required && !in.has(member)) {
            return List.of();
        }
        ArrayNode list = in.list(member, 0, MAX_METRICS);
        List<Requested> out = new ArrayList<>();
        int i = 0;
        for (JsonNode m : list) {
            String p = member + "." + (++i);
            if (!m.isObject()) {
                throw ApiException.invalidInput(p + " must be a structure");
            }
            Input metric = new Input((ObjectNode) m);
            out.add(new Requested(
                    checked(metric, p, "eventType"),
                    checked(metric, p, "metricName"),
                    checked(metric, p, "expression")));
        }
        return out;
    }

    private static String checked(Input metric, String p, String member) {
        String v = metric.optional(member);
        if (v == null) {
            throw ApiException.invalidInput("1 validation error detected: Value null at '" + p + "." + member
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return Input.checkLength(p + "." + member, v, 0, 256);
    }

    /** {@code metricsOutputConfig}: a role ARN and, optionally, an S3 path. */
    private static ObjectNode outputConfig(Input in, String member) {
        ObjectNode cfg = in.requiredObject(member);
        Input c = new Input(cfg);
        String roleArn = c.optionalRoleArn("roleArn");
        if (roleArn == null) {
            throw ApiException.invalidInput("1 validation error detected: Value null at '" + member
                    + ".roleArn' failed to satisfy constraint: Member must not be null");
        }
        ObjectNode out = JSON.objectNode();
        if (c.has("s3DataDestination")) {
            ControlPlane.s3Path(cfg, member + ".s3DataDestination", "s3DataDestination");
            out.set("s3DataDestination", cfg.get("s3DataDestination").deepCopy());
        }
        out.put("roleArn", roleArn);
        return out;
    }

    private @Nullable DatasetSchema schema(String groupArn, DatasetType type) {
        return cp.datasetOfType(groupArn, type.name())
                .flatMap(d -> cp.find(Kind.SCHEMA, d.attr("schemaArn")))
                .map(s -> (DatasetSchema) s.payload)
                .orElse(null);
    }

    /** Parses the metrics against the group's schemas; names must be unique. */
    private List<AttributionMetrics.Metric> parse(String groupArn, List<Requested> metrics) {
        DatasetSchema interactions = schema(groupArn, DatasetType.INTERACTIONS);
        if (interactions == null || interactions.indexOf("EVENT_TYPE") < 0) {
            throw ApiException.invalidInput("The dataset group " + groupArn + " needs an Item interactions dataset"
                    + " with an EVENT_TYPE column before it can have a metric attribution.");
        }
        DatasetSchema items = schema(groupArn, DatasetType.ITEMS);
        Set<String> names = new HashSet<>();
        List<AttributionMetrics.Metric> out = new ArrayList<>();
        for (Requested r : metrics) {
            if (!names.add(r.metricName())) {
                throw ApiException.invalidInput("Duplicate metric name " + r.metricName() + ".");
            }
            out.add(AttributionMetrics.parse(r.metricName(), r.eventType(), r.expression(), interactions, items));
        }
        return out;
    }

    private ObjectNode create(Input in) {
        String name = in.name("name");
        String groupArn = in.arn("datasetGroupArn");
        List<Requested> metrics = metrics(in, "metrics", true);
        ObjectNode output = outputConfig(in, "metricsOutputConfig");
        synchronized (cp.lock) {
            Resource group = cp.require(Kind.DATASET_GROUP, groupArn);
            ControlPlane.requireActive(group);
            String arn = cp.arnPrefix() + Kind.METRIC_ATTRIBUTION.arnType + "/" + name;
            cp.checkArnFree(Kind.METRIC_ATTRIBUTION, arn);
            List<Resource> existing = cp.children(Kind.METRIC_ATTRIBUTION, "datasetGroupArn", groupArn);
            if (!existing.isEmpty()) {
                throw ApiException.alreadyExists("Dataset group " + groupArn + " already has a metric attribution: "
                        + existing.get(0).arn + ". A dataset group can have at most one.");
            }
            List<AttributionMetrics.Metric> parsed = parse(groupArn, metrics);
            ObjectNode a = JSON.objectNode();
            a.put("name", name);
            a.put("metricAttributionArn", arn);
            a.put("datasetGroupArn", groupArn);
            a.set("metricsOutputConfig", output);
            Resource r = cp.add(Kind.METRIC_ATTRIBUTION, arn, name, a, cp.lifecycle(Kind.METRIC_ATTRIBUTION), in);
            r.payload = new AttributionMetrics.Metrics(parsed, requested(metrics));
            return JSON.objectNode().put("metricAttributionArn", arn);
        }
    }

    private static ArrayNode requested(List<Requested> metrics) {
        ArrayNode list = JSON.arrayNode();
        metrics.forEach(m -> list.add(m.json()));
        return list;
    }

    /**
     * Removes the named metrics, then adds the new ones (names must stay unique; at most 10 in all), and replaces the
     * output configuration when one is given. Applied at once; the metric attribution must be ACTIVE.
     */
    private ObjectNode update(Input in) {
        String arn = in.arn("metricAttributionArn");
        List<Requested> add = metrics(in, "addMetrics", false);
        List<String> remove = new ArrayList<>();
        if (in.has("removeMetrics")) {
            for (JsonNode n : in.list("removeMetrics", 0, MAX_METRICS)) {
                remove.add(Input.checkLength("removeMetrics", n.asText(), 0, 256));
            }
        }
        ObjectNode output = in.has("metricsOutputConfig") ? outputConfig(in, "metricsOutputConfig") : null;
        synchronized (cp.lock) {
            Resource r = cp.require(Kind.METRIC_ATTRIBUTION, arn);
            ControlPlane.requireActive(r);
            AttributionMetrics.Metrics current = AttributionMetrics.of(r);
            Map<String, Requested> byName = new LinkedHashMap<>();
            for (JsonNode m : current.requested()) {
                Requested q = new Requested(
                        m.path("eventType").asText(),
                        m.path("metricName").asText(),
                        m.path("expression").asText());
                byName.put(q.metricName(), q);
            }
            for (String name : remove) {
                if (byName.remove(name) == null) {
                    throw ApiException.invalidInput(
                            "Metric attribution " + arn + " has no metric named " + name + " to remove.");
                }
            }
            for (Requested q : add) {
                if (byName.containsKey(q.metricName())) {
                    throw ApiException.alreadyExists(
                            "Metric attribution " + arn + " already has a metric named " + q.metricName() + ".");
                }
                byName.put(q.metricName(), q);
            }
            if (byName.size() > MAX_METRICS) {
                throw ApiException.invalidInput("A metric attribution can have at most " + MAX_METRICS
                        + " metrics; this update would give it " + byName.size() + ".");
            }
            List<Requested> next = new ArrayList<>(byName.values());
            List<AttributionMetrics.Metric> parsed = parse(r.attr("datasetGroupArn"), next);
            current.replace(parsed, requested(next));
            if (output != null) {
                synchronized (r) {
                    r.attrs.set("metricsOutputConfig", output);
                }
            }
            return JSON.objectNode().put("metricAttributionArn", arn);
        }
    }

    private ObjectNode listMetrics(Input in) {
        String arn = in.optionalArn("metricAttributionArn");
        if (arn == null) {
            throw ApiException.invalidInput("1 validation error detected: Value null at 'metricAttributionArn'"
                    + " failed to satisfy constraint: Member must not be null");
        }
        Resource r = cp.require(Kind.METRIC_ATTRIBUTION, arn);
        List<ObjectNode> items = new ArrayList<>();
        AttributionMetrics.of(r).requested().forEach(m -> items.add((ObjectNode) m));
        return ControlPlane.page(in, "metrics", items);
    }
}
