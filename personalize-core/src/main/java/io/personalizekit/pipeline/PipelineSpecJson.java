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
import java.util.Iterator;
import java.util.LinkedHashMap;
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
        allow(o, "$", "datasetGroup", "solution", "campaign", "filters", "eventTracker");
        PipelineSpec.Builder b = PipelineSpec.builder();
        b.datasetGroup(datasetGroup(object(required(o, "$", "datasetGroup"), "$.datasetGroup"), "$.datasetGroup"));
        b.solution(solution(object(required(o, "$", "solution"), "$.solution"), "$.solution"));
        if (present(o, "campaign")) {
            ObjectNode c = object(o.get("campaign"), "$.campaign");
            allow(c, "$.campaign", "name", "minProvisionedTPS");
            CampaignSpec.Builder cb = CampaignSpec.builder();
            at("$.campaign.name", () -> cb.name(string(required(c, "$.campaign", "name"), "$.campaign.name")));
            if (present(c, "minProvisionedTPS")) {
                int tps = integer(c.get("minProvisionedTPS"), "$.campaign.minProvisionedTPS");
                at("$.campaign.minProvisionedTPS", () -> cb.minProvisionedTps(tps));
            }
            b.campaign(cb.build());
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
        SolutionSpec s = spec.solution();
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
        CampaignSpec c = spec.campaign();
        if (c != null) {
            root.putObject("campaign").put("name", c.name()).put("minProvisionedTPS", c.minProvisionedTps());
        }
        if (!spec.filters().isEmpty()) {
            ArrayNode fs = root.putArray("filters");
            spec.filters().forEach(f -> fs.addObject().put("name", f.name()).put("expression", f.expression()));
        }
        if (spec.eventTrackerName() != null) {
            root.putObject("eventTracker").put("name", spec.eventTrackerName());
        }
        try {
            return MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void putIfSet(ObjectNode o, String field, @Nullable String value) {
        if (value != null) {
            o.put(field, value);
        }
    }
}
