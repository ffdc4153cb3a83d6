package io.personalizekit.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.personalizekit.exception.SchemaValidationException;
import io.personalizekit.exception.SpecValidationException;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Reads and writes {@link PipelineSpec} JSON; every error names the JSON path. */
final class PipelineSpecJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PipelineSpecJson() {}

    static PipelineSpec read(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SpecValidationException(
                    "$", "not valid JSON (line " + e.getLocation().getLineNr() + "): " + e.getOriginalMessage(), e);
        }
        ObjectNode o = object(root, "$");
        allow(
                o,
                "$",
                "datasetGroup",
                "solution",
                "campaign",
                "filters",
                "eventTracker",
                "recommenders",
                "metricAttribution");
        PipelineSpec.Builder b = PipelineSpec.builder();
        b.datasetGroup(datasetGroup(object(required(o, "$", "datasetGroup"), "$.datasetGroup"), "$.datasetGroup"));
        if (present(o, "recommenders")) {
            ArrayNode rs = array(o.get("recommenders"), "$.recommenders");
            for (int i = 0; i < rs.size(); i++) {
                String p = "$.recommenders[" + i + "]";
                b.addRecommender(recommender(object(rs.get(i), p), p));
            }
        }
        if (present(o, "solution") || !present(o, "recommenders")) {
            b.solution(solution(object(required(o, "$", "solution"), "$.solution"), "$.solution"));
        }
        if (present(o, "campaign")) {
            b.campaign(campaign(object(o.get("campaign"), "$.campaign"), "$.campaign"));
        }
        if (present(o, "metricAttribution")) {
            b.metricAttribution(metricAttribution(
                    object(o.get("metricAttribution"), "$.metricAttribution"), "$.metricAttribution"));
        }
        if (present(o, "filters")) {
            ArrayNode fs = array(o.get("filters"), "$.filters");
            for (int i = 0; i < fs.size(); i++) {
                String p = "$.filters[" + i + "]";
                ObjectNode f = object(fs.get(i), p);
                allow(f, p, "name", "expression");
                String name = string(required(f, p, "name"), p + ".name");
                String expr = string(required(f, p, "expression"), p + ".expression");
                b.addFilter(at(p, () -> FilterSpec.of(name, expr)));
            }
        }
        if (present(o, "eventTracker")) {
            ObjectNode t = object(o.get("eventTracker"), "$.eventTracker");
            allow(t, "$.eventTracker", "name");
            String name = string(required(t, "$.eventTracker", "name"), "$.eventTracker.name");
            at("$.eventTracker.name", () -> b.eventTrackerName(name));
        }
        return at("$", b::build);
    }

    private static DatasetGroupSpec datasetGroup(ObjectNode o, String path) {
        allow(o, path, "name", "domain", "kmsKeyArn", "roleArn", "tags", "datasets");
        DatasetGroupSpec.Builder b = DatasetGroupSpec.builder();
        String name = string(required(o, path, "name"), path + ".name");
        at(path + ".name", () -> b.name(name));
        String domain = optString(o, "domain", path);
        at(path + ".domain", () -> b.domain(domain));
        String kms = optString(o, "kmsKeyArn", path);
        at(path + ".kmsKeyArn", () -> b.kmsKeyArn(kms));
        String role = optString(o, "roleArn", path);
        at(path + ".roleArn", () -> b.roleArn(role));
        if (present(o, "tags")) {
            Map<String, String> tags = stringMap(o.get("tags"), path + ".tags");
            tags.forEach((k, v) -> at(path + ".tags." + k, () -> b.putTag(k, v)));
        }
        ArrayNode ds = array(required(o, path, "datasets"), path + ".datasets");
        for (int i = 0; i < ds.size(); i++) {
            String p = path + ".datasets[" + i + "]";
            b.addDataset(dataset(object(ds.get(i), p), p));
        }
        return at(path, b::build);
    }

    private static DatasetSpec dataset(ObjectNode o, String path) {
        allow(o, path, "type", "name", "schemaName", "schema", "imports");
        DatasetSpec.Builder b = DatasetSpec.builder();
        JsonNode schemaNode = required(o, path, "schema");
        String avro = schemaNode.isTextual()
                ? schemaNode.asText()
                : object(schemaNode, path + ".schema").toString();
        DatasetSchema schema;
        try {
            if (present(o, "type")) {
                String type = string(o.get("type"), path + ".type");
                DatasetType t = at(path + ".type", () -> DatasetType.fromApiName(type));
                schema = DatasetSchema.parse(t, avro);
            } else {
                schema = DatasetSchema.parse(avro);
            }
        } catch (SchemaValidationException e) {
            String where =
                    path + ".schema" + e.field().map(f -> " (field " + f + ")").orElse("");
            throw new SpecValidationException(where, e.getMessage(), e);
        }
        b.schema(schema);
        String name = optString(o, "name", path);
        at(path + ".name", () -> b.name(name));
        String schemaName = optString(o, "schemaName", path);
        at(path + ".schemaName", () -> b.schemaName(schemaName));
        if (present(o, "imports")) {
            ArrayNode imports = array(o.get("imports"), path + ".imports");
            for (int i = 0; i < imports.size(); i++) {
                String p = path + ".imports[" + i + "]";
                ObjectNode io = object(imports.get(i), p);
                allow(io, p, "jobName", "dataLocation", "importMode", "roleArn");
                ImportSpec.Builder ib = ImportSpec.builder();
                String loc = string(required(io, p, "dataLocation"), p + ".dataLocation");
                at(p + ".dataLocation", () -> ib.dataLocation(loc));
                String job = optString(io, "jobName", p);
                at(p + ".jobName", () -> ib.jobName(job));
                String role = optString(io, "roleArn", p);
                at(p + ".roleArn", () -> ib.roleArn(role));
                String mode = optString(io, "importMode", p);
                if (mode != null) {
                    at(p + ".importMode", () -> ib.importMode(enumValue(mode)));
                }
                b.addImport(ib.build());
            }
        }
        return b.build();
    }

    private static CampaignSpec campaign(ObjectNode c, String path) {
        allow(
                c,
                path,
                "name",
                "minProvisionedTPS",
                "enableMetadataWithRecommendations",
                "syncWithLatestSolutionVersion",
                "itemExplorationConfig",
                "rankingInfluence");
        CampaignSpec.Builder cb = CampaignSpec.builder();
        at(path + ".name", () -> cb.name(string(required(c, path, "name"), path + ".name")));
        if (present(c, "minProvisionedTPS")) {
            int tps = integer(c.get("minProvisionedTPS"), path + ".minProvisionedTPS");
            at(path + ".minProvisionedTPS", () -> cb.minProvisionedTps(tps));
        }
        if (present(c, "enableMetadataWithRecommendations")) {
            cb.enableMetadataWithRecommendations(
                    bool(c.get("enableMetadataWithRecommendations"), path + ".enableMetadataWithRecommendations"));
        }
        if (present(c, "syncWithLatestSolutionVersion")) {
            cb.syncWithLatestSolutionVersion(
                    bool(c.get("syncWithLatestSolutionVersion"), path + ".syncWithLatestSolutionVersion"));
        }
        if (present(c, "itemExplorationConfig")) {
            stringMap(c.get("itemExplorationConfig"), path + ".itemExplorationConfig")
                    .forEach((k, v) ->
                            at(path + ".itemExplorationConfig." + k, () -> cb.putItemExplorationConfig(k, v)));
        }
        if (present(c, "rankingInfluence")) {
            ObjectNode r = object(c.get("rankingInfluence"), path + ".rankingInfluence");
            r.fields().forEachRemaining(e -> {
                String p = path + ".rankingInfluence." + e.getKey();
                if (!e.getValue().isNumber()) {
                    throw new SpecValidationException(p, "must be a number from 0 to 1, got " + e.getValue(), null);
                }
                at(p, () -> cb.putRankingInfluence(e.getKey(), e.getValue().asDouble()));
            });
        }
        return at(path, cb::build);
    }

    private static RecommenderSpec recommender(ObjectNode o, String path) {
        allow(
                o,
                path,
                "name",
                "recipeArn",
                "minRecommendationRequestsPerSecond",
                "enableMetadataWithRecommendations",
                "itemExplorationConfig",
                "trainingDataConfig",
                "state");
        RecommenderSpec.Builder b = RecommenderSpec.builder();
        String name = string(required(o, path, "name"), path + ".name");
        at(path + ".name", () -> b.name(name));
        String recipe = string(required(o, path, "recipeArn"), path + ".recipeArn");
        at(path + ".recipeArn", () -> b.recipeArn(recipe));
        if (present(o, "minRecommendationRequestsPerSecond")) {
            int rps =
                    integer(o.get("minRecommendationRequestsPerSecond"), path + ".minRecommendationRequestsPerSecond");
            at(path + ".minRecommendationRequestsPerSecond", () -> b.minRecommendationRequestsPerSecond(rps));
        }
        if (present(o, "enableMetadataWithRecommendations")) {
            b.enableMetadataWithRecommendations(
                    bool(o.get("enableMetadataWithRecommendations"), path + ".enableMetadataWithRecommendations"));
        }
        if (present(o, "itemExplorationConfig")) {
            stringMap(o.get("itemExplorationConfig"), path + ".itemExplorationConfig")
                    .forEach(
                            (k, v) -> at(path + ".itemExplorationConfig." + k, () -> b.putItemExplorationConfig(k, v)));
        }
        if (present(o, "trainingDataConfig")) {
            String tp = path + ".trainingDataConfig";
            ObjectNode t = object(o.get("trainingDataConfig"), tp);
            allow(t, tp, "excludedDatasetColumns", "includedDatasetColumns");
            for (String member : new String[] {"excludedDatasetColumns", "includedDatasetColumns"}) {
                if (!present(t, member)) {
                    continue;
                }
                ObjectNode byType = object(t.get(member), tp + "." + member);
                byType.fields().forEachRemaining(e -> {
                    String p = tp + "." + member + "." + e.getKey();
                    DatasetType type = at(p, () -> DatasetType.fromApiName(e.getKey()));
                    ArrayNode cols = array(e.getValue(), p);
                    List<String> columns = new ArrayList<>();
                    for (int i = 0; i < cols.size(); i++) {
                        columns.add(string(cols.get(i), p + "[" + i + "]"));
                    }
                    at(
                            p,
                            () -> member.startsWith("excluded")
                                    ? b.excludeColumns(type, columns)
                                    : b.includeColumns(type, columns));
                });
            }
        }
        String state = optString(o, "state", path);
        if (state != null) {
            at(path + ".state", () -> b.state(recommenderState(state)));
        }
        return at(path, b::build);
    }

    private static RecommenderState recommenderState(String state) {
        try {
            return RecommenderState.valueOf(state);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be ACTIVE or INACTIVE: '" + state + "'", e);
        }
    }

    private static MetricAttributionSpec metricAttribution(ObjectNode o, String path) {
        allow(o, path, "name", "metrics", "metricsOutputConfig");
        MetricAttributionSpec.Builder b = MetricAttributionSpec.builder();
        String name = string(required(o, path, "name"), path + ".name");
        at(path + ".name", () -> b.name(name));
        ArrayNode ms = array(required(o, path, "metrics"), path + ".metrics");
        for (int i = 0; i < ms.size(); i++) {
            String p = path + ".metrics[" + i + "]";
            ObjectNode m = object(ms.get(i), p);
            allow(m, p, "metricName", "eventType", "expression");
            String metricName = string(required(m, p, "metricName"), p + ".metricName");
            String eventType = string(required(m, p, "eventType"), p + ".eventType");
            String expression = string(required(m, p, "expression"), p + ".expression");
            at(p, () -> b.addMetric(metricName, eventType, expression));
        }
        String op = path + ".metricsOutputConfig";
        ObjectNode out = object(required(o, path, "metricsOutputConfig"), op);
        allow(out, op, "s3DataDestination", "roleArn");
        String role = string(required(out, op, "roleArn"), op + ".roleArn");
        at(op + ".roleArn", () -> b.roleArn(role));
        if (present(out, "s3DataDestination")) {
            String sp = op + ".s3DataDestination";
            ObjectNode s3 = object(out.get("s3DataDestination"), sp);
            allow(s3, sp, "path", "kmsKeyArn");
            String s3Path = string(required(s3, sp, "path"), sp + ".path");
            at(sp + ".path", () -> b.s3Path(s3Path));
            String kms = optString(s3, "kmsKeyArn", sp);
            at(sp + ".kmsKeyArn", () -> b.kmsKeyArn(kms));
        }
        return at(path, b::build);
    }

    private static boolean bool(JsonNode n, String path) {
        if (!n.isBoolean()) {
            throw new SpecValidationException(path, "must be true or false", null);
        }
        return n.asBoolean();
    }

    private static ImportMode enumValue(String mode) {
        try {
            return ImportMode.valueOf(mode);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be FULL or INCREMENTAL: '" + mode + "'", e);
        }
    }

    private static SolutionSpec solution(ObjectNode o, String path) {
        allow(
                o,
                path,
                "name",
                "recipeArn",
                "performAutoTraining",
                "autoTrainingSchedule",
                "eventType",
                "eventValueThreshold",
                "algorithmHyperParameters",
                "featureTransformationParameters",
                "trainingMode");
        SolutionSpec.Builder b = SolutionSpec.builder();
        String name = string(required(o, path, "name"), path + ".name");
        at(path + ".name", () -> b.name(name));
        String recipe = optString(o, "recipeArn", path);
        if (recipe != null) {
            at(path + ".recipeArn", () -> b.recipeArn(recipe));
        }
        if (present(o, "performAutoTraining")) {
            JsonNode n = o.get("performAutoTraining");
            if (!n.isBoolean()) {
                throw new SpecValidationException(path + ".performAutoTraining", "must be true or false", null);
            }
            b.performAutoTraining(n.asBoolean());
        }
        String schedule = optString(o, "autoTrainingSchedule", path);
        at(path + ".autoTrainingSchedule", () -> b.autoTrainingSchedule(schedule));
        String eventType = optString(o, "eventType", path);
        at(path + ".eventType", () -> b.eventType(eventType));
        b.eventValueThreshold(optString(o, "eventValueThreshold", path));
        if (present(o, "algorithmHyperParameters")) {
            stringMap(o.get("algorithmHyperParameters"), path + ".algorithmHyperParameters")
                    .forEach(b::putAlgorithmHyperParameter);
        }
        if (present(o, "featureTransformationParameters")) {
            stringMap(o.get("featureTransformationParameters"), path + ".featureTransformationParameters")
                    .forEach(b::putFeatureTransformationParameter);
        }
        String mode = optString(o, "trainingMode", path);
        if (mode != null) {
            at(path + ".trainingMode", () -> b.trainingMode(mode));
        }
        return at(path, b::build);
    }

    // ------------------------------------------------------------------ helpers

    private static <T> T at(String path, Supplier<T> action) {
        try {
            return action.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new SpecValidationException(path, String.valueOf(e.getMessage()), e);
        }
    }

    private static boolean present(ObjectNode o, String field) {
        return o.hasNonNull(field);
    }

    private static JsonNode required(ObjectNode o, String path, String field) {
        if (!o.hasNonNull(field)) {
            throw new SpecValidationException(path + "." + field, "is required", null);
        }
        return o.get(field);
    }

    private static void allow(ObjectNode o, String path, String... fields) {
        Set<String> allowed = Set.of(fields);
        Iterator<String> names = o.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!allowed.contains(n)) {
                throw new SpecValidationException(
                        path + "." + n, "unknown member; expected one of " + String.join(", ", fields), null);
            }
        }
    }

    private static ObjectNode object(JsonNode n, String path) {
        if (!n.isObject()) {
            throw new SpecValidationException(path, "must be an object, got " + n.getNodeType(), null);
        }
        return (ObjectNode) n;
    }

    private static ArrayNode array(JsonNode n, String path) {
        if (!n.isArray()) {
            throw new SpecValidationException(path, "must be an array, got " + n.getNodeType(), null);
        }
        return (ArrayNode) n;
    }

    private static String string(JsonNode n, String path) {
        if (!n.isTextual()) {
            throw new SpecValidationException(path, "must be a string, got " + n.getNodeType(), null);
        }
        return n.asText();
    }

    private static @Nullable String optString(ObjectNode o, String field, String path) {
        return present(o, field) ? string(o.get(field), path + "." + field) : null;
    }

    private static int integer(JsonNode n, String path) {
        if (!n.isInt()) {
            throw new SpecValidationException(path, "must be an integer, got " + n, null);
        }
        return n.asInt();
    }

    private static Map<String, String> stringMap(JsonNode n, String path) {
        ObjectNode o = object(n, path);
        Map<String, String> out = new LinkedHashMap<>();
        o.fields().forEachRemaining(e -> out.put(e.getKey(), string(e.getValue(), path + "." + e.getKey())));
        return out;
    }

    // ------------------------------------------------------------------ writing

    static String write(PipelineSpec spec) {
        ObjectNode root = MAPPER.createObjectNode();
        DatasetGroupSpec g = spec.datasetGroup();
        ObjectNode dg = root.putObject("datasetGroup").put("name", g.name());
        putIfSet(dg, "domain", g.domain());
        putIfSet(dg, "kmsKeyArn", g.kmsKeyArn());
        putIfSet(dg, "roleArn", g.roleArn());
        if (!g.tags().isEmpty()) {
            ObjectNode tags = dg.putObject("tags");
            g.tags().forEach(tags::put);
        }
        ArrayNode datasets = dg.putArray("datasets");
        for (DatasetSpec d : g.datasets()) {
            ObjectNode dn = datasets.addObject().put("type", d.datasetType().name());
            putIfSet(dn, "name", d.name());
            putIfSet(dn, "schemaName", d.schemaName());
            try {
                dn.set("schema", MAPPER.readTree(d.schema().toAvroJson()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Schema renders invalid JSON", e);
            }
            ArrayNode imports = dn.putArray("imports");
            for (ImportSpec i : d.imports()) {
                ObjectNode in = imports.addObject();
                putIfSet(in, "jobName", i.jobName());
                in.put("dataLocation", i.dataLocation())
                        .put("importMode", i.importMode().name());
                putIfSet(in, "roleArn", i.roleArn());
            }
        }
        if (spec.hasSolution()) {
            writeSolution(root, spec.solution());
        }
        CampaignSpec c = spec.campaign();
        if (c != null) {
            ObjectNode cn =
                    root.putObject("campaign").put("name", c.name()).put("minProvisionedTPS", c.minProvisionedTps());
            if (c.enableMetadataWithRecommendations()) {
                cn.put("enableMetadataWithRecommendations", true);
            }
            if (c.syncWithLatestSolutionVersion()) {
                cn.put("syncWithLatestSolutionVersion", true);
            }
            if (!c.itemExplorationConfig().isEmpty()) {
                ObjectNode m = cn.putObject("itemExplorationConfig");
                c.itemExplorationConfig().forEach(m::put);
            }
            if (!c.rankingInfluence().isEmpty()) {
                ObjectNode m = cn.putObject("rankingInfluence");
                c.rankingInfluence().forEach(m::put);
            }
        }
        if (!spec.filters().isEmpty()) {
            ArrayNode fs = root.putArray("filters");
            spec.filters().forEach(f -> fs.addObject().put("name", f.name()).put("expression", f.expression()));
        }
        if (spec.eventTrackerName() != null) {
            root.putObject("eventTracker").put("name", spec.eventTrackerName());
        }
        if (!spec.recommenders().isEmpty()) {
            ArrayNode rs = root.putArray("recommenders");
            for (RecommenderSpec r : spec.recommenders()) {
                ObjectNode rn = rs.addObject()
                        .put("name", r.name())
                        .put("recipeArn", r.recipeArn())
                        .put("minRecommendationRequestsPerSecond", r.minRecommendationRequestsPerSecond());
                if (r.enableMetadataWithRecommendations()) {
                    rn.put("enableMetadataWithRecommendations", true);
                }
                if (!r.itemExplorationConfig().isEmpty()) {
                    ObjectNode m = rn.putObject("itemExplorationConfig");
                    r.itemExplorationConfig().forEach(m::put);
                }
                if (!r.excludedColumns().isEmpty() || !r.includedColumns().isEmpty()) {
                    ObjectNode t = rn.putObject("trainingDataConfig");
                    columns(t, "excludedDatasetColumns", r.excludedColumns());
                    columns(t, "includedDatasetColumns", r.includedColumns());
                }
                rn.put("state", r.state().name());
            }
        }
        MetricAttributionSpec a = spec.metricAttribution();
        if (a != null) {
            ObjectNode an = root.putObject("metricAttribution").put("name", a.name());
            ArrayNode ms = an.putArray("metrics");
            a.metrics()
                    .forEach(m -> ms.addObject()
                            .put("metricName", m.name())
                            .put("eventType", m.eventType())
                            .put("expression", m.expression()));
            ObjectNode out = an.putObject("metricsOutputConfig");
            if (a.s3Path() != null) {
                ObjectNode s3 = out.putObject("s3DataDestination").put("path", a.s3Path());
                putIfSet(s3, "kmsKeyArn", a.kmsKeyArn());
            }
            out.put("roleArn", a.roleArn());
        }
        try {
            return MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void columns(ObjectNode t, String member, Map<DatasetType, List<String>> byType) {
        if (byType.isEmpty()) {
            return;
        }
        ObjectNode m = t.putObject(member);
        byType.forEach((k, v) -> {
            ArrayNode cols = m.putArray(k.name());
            v.forEach(cols::add);
        });
    }

    private static void writeSolution(ObjectNode root, SolutionSpec s) {
        ObjectNode sn = root.putObject("solution")
                .put("name", s.name())
                .put("recipeArn", s.recipeArn())
                .put("performAutoTraining", s.performAutoTraining());
        putIfSet(sn, "autoTrainingSchedule", s.autoTrainingSchedule());
        putIfSet(sn, "eventType", s.eventType());
        putIfSet(sn, "eventValueThreshold", s.eventValueThreshold());
        if (!s.algorithmHyperParameters().isEmpty()) {
            ObjectNode m = sn.putObject("algorithmHyperParameters");
            s.algorithmHyperParameters().forEach(m::put);
        }
        if (!s.featureTransformationParameters().isEmpty()) {
            ObjectNode m = sn.putObject("featureTransformationParameters");
            s.featureTransformationParameters().forEach(m::put);
        }
        sn.put("trainingMode", s.trainingMode());
    }

    private static void putIfSet(ObjectNode o, String field, @Nullable String value) {
        if (value != null) {
            o.put(field, value);
        }
    }
}
