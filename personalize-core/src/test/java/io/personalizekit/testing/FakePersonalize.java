package io.personalizekit.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.personalizekit.resource.ResourceType;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.personalize.PersonalizeClient;

/**
 * A fake Amazon Personalize control plane served by WireMock: {@code POST /} routed by {@code X-Amz-Target},
 * {@code application/x-amz-json-1.1}, the model's member names, statuses with spaces, epoch-second timestamps,
 * errors as HTTP 400 with {@code x-amzn-ErrorType} and {@code {"__type","message"}}. Resources move from {@code
 * CREATE PENDING} through {@code CREATE IN_PROGRESS} to {@code ACTIVE} (or {@code CREATE FAILED} with a
 * configured failureReason) as a {@link FakeClock} advances; deletes go through {@code DELETE PENDING} / {@code
 * DELETE IN_PROGRESS}. Every request stays in WireMock's journal, so tests count calls per operation.
 */
public final class FakePersonalize implements AutoCloseable {
    public static final String ACCOUNT = "123456789012";
    public static final String REGION = "us-east-1";
    private static final String PREFIX = "arn:aws:personalize:" + REGION + ":" + ACCOUNT + ":";
    private static final ObjectMapper JSON = new ObjectMapper();

    private volatile FakeClock clock;
    private final WireMockServer server;
    private final Map<String, Res> resources = new LinkedHashMap<>();
    private final Map<ResourceType, Duration> timeToActive = new EnumMap<>(ResourceType.class);
    private final Map<ResourceType, Duration> timeToDelete = new EnumMap<>(ResourceType.class);
    private final Map<String, String> failures = new HashMap<>();
    private final Map<String, AtomicInteger> errorsToInject = new HashMap<>();
    private final Map<String, String[]> injectedError = new HashMap<>();
    private final Map<String, AtomicInteger> repliesToLose = new HashMap<>();
    private final Map<String, Fault> lostReplyFault = new HashMap<>();
    private int pageSize = 100;
    private int versionCounter;

    private final class Res {
        final ResourceType type;
        final String arn;
        final String name;
        final ObjectNode members;
        final Instant createdAt;
        final Duration toActive;
        final String failureReason;
        Instant deleteRequestedAt;
        Instant stopRequestedAt;
        ObjectNode update;
        Instant updateAt;

        Res(ResourceType type, String arn, String name, ObjectNode members) {
            this.type = type;
            this.arn = arn;
            this.name = name;
            this.members = members;
            this.createdAt = clock.instant();
            this.toActive = timeToActive.getOrDefault(type, Duration.ZERO);
            this.failureReason = failures.get(name);
        }

        String status() {
            Instant now = clock.instant();
            if (deleteRequestedAt != null) {
                Duration d = Duration.between(deleteRequestedAt, now);
                return d.compareTo(timeToDelete
                                        .getOrDefault(type, Duration.ZERO)
                                        .dividedBy(2))
                                < 0
                        ? "DELETE PENDING"
                        : "DELETE IN_PROGRESS";
            }
            if (stopRequestedAt != null) {
                return now.isBefore(stopRequestedAt.plus(timeToDelete.getOrDefault(type, Duration.ZERO)))
                        ? "CREATE STOPPING"
                        : "CREATE STOPPED";
            }
            Duration age = Duration.between(createdAt, now);
            if (age.compareTo(toActive) >= 0) {
                return failureReason != null ? "CREATE FAILED" : "ACTIVE";
            }
            return age.compareTo(toActive.dividedBy(4)) < 0 ? "CREATE PENDING" : "CREATE IN_PROGRESS";
        }

        Instant lastUpdated() {
            Instant active = createdAt.plus(toActive);
            return clock.instant().isBefore(active) ? createdAt : active;
        }

        boolean gone() {
            return deleteRequestedAt != null
                    && !clock.instant()
                            .isBefore(deleteRequestedAt.plus(timeToDelete.getOrDefault(type, Duration.ZERO)));
        }

        ObjectNode render() {
            ObjectNode o = members.deepCopy();
            o.put("creationDateTime", epoch(createdAt));
            o.put("lastUpdatedDateTime", epoch(lastUpdated()));
            if (type != ResourceType.SCHEMA) {
                o.put("status", status());
            }
            if ("CREATE FAILED".equals(o.path("status").asText()) && failureReason != null) {
                o.put("failureReason", failureReason);
            }
            if (update != null) {
                ObjectNode u = update.deepCopy();
                boolean done = !clock.instant().isBefore(updateAt);
                u.put("status", done ? "ACTIVE" : "CREATE IN_PROGRESS");
                u.put("lastUpdatedDateTime", epoch(done ? updateAt : createdAt));
                o.set(type == ResourceType.DATASET ? "latestDatasetUpdate" : "latestCampaignUpdate", u);
                if (done) {
                    u.fields().forEachRemaining(e -> {
                        if (e.getKey().equals("solutionVersionArn")
                                || e.getKey().equals("minProvisionedTPS")
                                || e.getKey().equals("schemaArn")) {
                            o.set(e.getKey(), e.getValue());
                        }
                    });
                }
            }
            return o;
        }
    }

    public FakePersonalize(FakeClock clock) {
        this.clock = clock;
        this.server = new WireMockServer(options().dynamicPort().extensions(new Transformer()));
        server.start();
        server.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(200)));
    }

    // ---------------------------------------------------------------- configuration

    /** Forgets every resource, setting and recorded request, and starts over on the given clock. */
    public synchronized FakePersonalize reset(FakeClock newClock) {
        this.clock = newClock;
        resources.clear();
        timeToActive.clear();
        timeToDelete.clear();
        failures.clear();
        errorsToInject.clear();
        injectedError.clear();
        repliesToLose.clear();
        lostReplyFault.clear();
        pageSize = 100;
        versionCounter = 0;
        server.resetRequests();
        return this;
    }

    public FakePersonalize timeToActive(ResourceType type, Duration d) {
        timeToActive.put(type, d);
        return this;
    }

    public FakePersonalize timeToDelete(ResourceType type, Duration d) {
        timeToDelete.put(type, d);
        return this;
    }

    /** Resources created with this name end in CREATE FAILED with this failureReason. */
    public FakePersonalize failCreate(String name, String failureReason) {
        failures.put(name, failureReason);
        return this;
    }

    /** The next {@code count} calls of {@code operation} fail with the given error code and message. */
    public FakePersonalize injectError(String operation, int count, String errorCode, String message) {
        return injectError(operation, count, 400, errorCode, message);
    }

    /** The next {@code count} calls of {@code operation} fail, without being carried out, with this answer. */
    public FakePersonalize injectError(String operation, int count, int status, String errorCode, String message) {
        errorsToInject.put(operation, new AtomicInteger(count));
        injectedError.put(operation, new String[] {errorCode, message, String.valueOf(status)});
        return this;
    }

    /**
     * The next {@code count} calls of {@code operation} are carried out, then their reply is lost: the connection
     * is reset ({@code Fault.CONNECTION_RESET_BY_PEER}) or closed without an answer ({@code Fault.EMPTY_RESPONSE}).
     */
    public FakePersonalize loseReply(String operation, int count, Fault fault) {
        repliesToLose.put(operation, new AtomicInteger(count));
        lostReplyFault.put(operation, fault);
        return this;
    }

    /** The next {@code count} calls of {@code operation} are carried out, then answered with HTTP 500. */
    public FakePersonalize failAfterDoing(String operation, int count) {
        repliesToLose.put(operation, new AtomicInteger(count));
        lostReplyFault.remove(operation);
        return this;
    }

    public FakePersonalize pageSize(int pageSize) {
        this.pageSize = pageSize;
        return this;
    }

    // ---------------------------------------------------------------- clients and journal

    public String baseUrl() {
        return server.baseUrl();
    }

    public PersonalizeClient newClient() {
        return PersonalizeClient.builder()
                .endpointOverride(URI.create(server.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "skid")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    public WireMockServer server() {
        return server;
    }

    public int count(String operation) {
        return server.findAll(postRequestedFor(urlEqualTo("/"))
                        .withHeader("X-Amz-Target", equalTo("AmazonPersonalize." + operation)))
                .size();
    }

    /** Operations in the order they were received, e.g. {@code [CreateDatasetGroup, DescribeDatasetGroup, ...]}. */
    public List<String> operations() {
        List<String> out = new ArrayList<>();
        for (ServeEvent e : server.getAllServeEvents()) {
            out.add(0, e.getRequest().getHeader("X-Amz-Target").replace("AmazonPersonalize.", ""));
        }
        return out; // serve events are newest first
    }

    /** Operations whose name starts with one of the prefixes, in order, with their request's main ARN or name. */
    public List<String> mutations() {
        List<String> out = new ArrayList<>();
        for (ServeEvent e : server.getAllServeEvents()) {
            String op = e.getRequest().getHeader("X-Amz-Target").replace("AmazonPersonalize.", "");
            if (op.startsWith("Create")
                    || op.startsWith("Delete")
                    || op.startsWith("Update")
                    || op.startsWith("Stop")) {
                out.add(0, op + " " + mainArg(e.getRequest().getBodyAsString()));
            }
        }
        return out; // serve events are newest first; inserting at 0 restores order
    }

    private static String mainArg(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            // a solution version's (generated) name says less than the solution it trains
            for (String f : List.of("solutionArn", "name", "jobName")) {
                if (n.hasNonNull(f)) {
                    return n.get(f).asText();
                }
            }
            var it = n.fields();
            while (it.hasNext()) {
                var e = it.next();
                if (e.getKey().endsWith("Arn")) {
                    return e.getValue().asText();
                }
            }
            return "";
        } catch (Exception ex) {
            return "";
        }
    }

    public void resetJournal() {
        server.resetRequests();
    }

    public synchronized String status(String arn) {
        Res r = live(arn);
        return r == null ? null : r.status();
    }

    public synchronized boolean exists(String arn) {
        return live(arn) != null;
    }

    /** Marks a resource as being deleted, as if another process had called Delete*. */
    public synchronized void startDelete(String arn) {
        resources.get(arn).deleteRequestedAt = clock.instant();
    }

    @Override
    public void close() {
        server.stop();
    }

    // ---------------------------------------------------------------- request handling

    private final class Transformer implements ResponseDefinitionTransformerV2 {
        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            var req = serveEvent.getRequest();
            String target = req.getHeader("X-Amz-Target");
            if (target == null || !target.startsWith("AmazonPersonalize.")) {
                return error(400, "UnknownOperationException", "Missing or unknown X-Amz-Target");
            }
            if (!"application/x-amz-json-1.1".equals(req.getHeader("Content-Type"))) {
                return error(400, "SerializationException", "Unexpected content type");
            }
            String op = target.substring("AmazonPersonalize.".length());
            try {
                JsonNode body = JSON.readTree(req.getBodyAsString());
                synchronized (FakePersonalize.this) {
                    AtomicInteger n = errorsToInject.get(op);
                    if (n != null && n.getAndDecrement() > 0) {
                        String[] err = injectedError.get(op);
                        return error(Integer.parseInt(err[2]), err[0], err[1]);
                    }
                    JsonNode result = handle(op, (ObjectNode) body);
                    AtomicInteger lose = repliesToLose.get(op);
                    if (lose != null && lose.getAndDecrement() > 0) {
                        Fault fault = lostReplyFault.get(op);
                        return fault == null
                                ? error(500, "InternalFailure", "The request processing has failed.")
                                : aResponse().withFault(fault).build();
                    }
                    return ok(result);
                }
            } catch (ApiError e) {
                return error(400, e.code, e.getMessage());
            } catch (Exception e) {
                return error(500, "InternalFailure", String.valueOf(e));
            }
        }

        @Override
        public String getName() {
            return "fake-personalize";
        }
    }

    private static final class ApiError extends RuntimeException {
        final String code;

        ApiError(String code, String message) {
            super(message);
            this.code = code;
        }
    }

    private static ResponseDefinition ok(JsonNode body) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withHeader("x-amzn-RequestId", UUID.randomUUID().toString())
                .withBody(body.toString())
                .build();
    }

    private static ResponseDefinition error(int status, String code, String message) {
        ObjectNode body = JSON.createObjectNode().put("__type", code).put("message", message);
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withHeader("x-amzn-RequestId", UUID.randomUUID().toString())
                .withHeader("x-amzn-ErrorType", code)
                .withBody(body.toString())
                .build();
    }

    private static double epoch(Instant i) {
        return i.toEpochMilli() / 1000.0;
    }

    private Res live(String arn) {
        Res r = resources.get(arn);
        if (r != null && r.gone()) {
            resources.remove(arn);
            return null;
        }
        return r;
    }

    private Res require(String arn) {
        Res r = live(arn);
        if (r == null) {
            throw new ApiError("ResourceNotFoundException", "Could not find the specified resource: " + arn);
        }
        return r;
    }

    private List<Res> all(ResourceType type) {
        List<Res> out = new ArrayList<>();
        for (String arn : new ArrayList<>(resources.keySet())) {
            Res r = live(arn);
            if (r != null && r.type == type) {
                out.add(r);
            }
        }
        return out;
    }

    private Res create(ResourceType type, String arn, String name, ObjectNode members) {
        if (live(arn) != null) {
            throw new ApiError("ResourceAlreadyExistsException", "The resource " + arn + " already exists.");
        }
        Res r = new Res(type, arn, name, members);
        resources.put(arn, r);
        return r;
    }

    private static String text(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            throw new ApiError("InvalidInputException", "Missing required parameter: " + field);
        }
        return n.asText();
    }

    private ObjectNode page(ObjectNode body, String key, List<Res> items, List<String> summaryMembers) {
        int start = body.hasNonNull("nextToken")
                ? Integer.parseInt(body.get("nextToken").asText())
                : 0;
        int size = Math.min(pageSize, body.path("maxResults").asInt(100));
        ObjectNode out = JSON.createObjectNode();
        ArrayNode arr = out.putArray(key);
        for (int i = start; i < Math.min(items.size(), start + size); i++) {
            ObjectNode full = items.get(i).render();
            ObjectNode s = arr.addObject();
            for (String m : summaryMembers) {
                if (full.has(m)) {
                    s.set(m, full.get(m));
                }
            }
        }
        if (start + size < items.size()) {
            out.put("nextToken", String.valueOf(start + size));
        }
        return out;
    }

    private static final List<String> BASE = List.of("creationDateTime", "lastUpdatedDateTime");

    private static List<String> members(String... m) {
        List<String> l = new ArrayList<>(List.of(m));
        l.addAll(BASE);
        return l;
    }

    private JsonNode handle(String op, ObjectNode body) {
        ObjectNode out = JSON.createObjectNode();
        switch (op) {
            case "CreateDatasetGroup": {
                String name = text(body, "name");
                ObjectNode m = JSON.createObjectNode().put("name", name);
                String arn = PREFIX + "dataset-group/" + name;
                m.put("datasetGroupArn", arn);
                for (String f : List.of("roleArn", "kmsKeyArn", "domain")) {
                    if (body.hasNonNull(f)) {
                        m.set(f, body.get(f));
                    }
                }
                create(ResourceType.DATASET_GROUP, arn, name, m);
                out.put("datasetGroupArn", arn);
                if (body.hasNonNull("domain")) {
                    out.set("domain", body.get("domain"));
                }
                return out;
            }
            case "DescribeDatasetGroup":
                return out.set(
                        "datasetGroup", require(text(body, "datasetGroupArn")).render());
            case "ListDatasetGroups":
                return page(
                        body,
                        "datasetGroups",
                        all(ResourceType.DATASET_GROUP),
                        members("name", "datasetGroupArn", "status", "failureReason", "domain"));
            case "DeleteDatasetGroup": {
                Res dg = require(text(body, "datasetGroupArn"));
                for (ResourceType t :
                        List.of(ResourceType.DATASET, ResourceType.SOLUTION, ResourceType.EVENT_TRACKER)) {
                    for (Res r : all(t)) {
                        if (dg.arn.equals(r.members.path("datasetGroupArn").asText())) {
                            throw new ApiError(
                                    "ResourceInUseException",
                                    "Dataset group " + dg.arn + " still has a " + t.displayName() + ": " + r.arn);
                        }
                    }
                }
                return delete(dg);
            }
            case "CreateSchema": {
                String name = text(body, "name");
                String arn = PREFIX + "schema/" + name;
                ObjectNode m = JSON.createObjectNode()
                        .put("name", name)
                        .put("schemaArn", arn)
                        .put("schema", text(body, "schema"));
                if (body.hasNonNull("domain")) {
                    m.set("domain", body.get("domain"));
                }
                create(ResourceType.SCHEMA, arn, name, m);
                return out.put("schemaArn", arn);
            }
            case "DescribeSchema":
                return out.set("schema", require(text(body, "schemaArn")).render());
            case "ListSchemas":
                return page(body, "schemas", all(ResourceType.SCHEMA), members("name", "schemaArn", "domain"));
            case "DeleteSchema": {
                Res s = require(text(body, "schemaArn"));
                for (Res d : all(ResourceType.DATASET)) {
                    if (s.arn.equals(d.members.path("schemaArn").asText())) {
                        throw new ApiError("ResourceInUseException", "Schema " + s.arn + " is used by " + d.arn);
                    }
                }
                resources.remove(s.arn);
                return out;
            }
            case "CreateDataset": {
                String name = text(body, "name");
                Res dg = require(text(body, "datasetGroupArn"));
                require(text(body, "schemaArn"));
                String type = text(body, "datasetType").toUpperCase(Locale.ROOT);
                String arn = PREFIX + "dataset/" + dg.name + "/" + type;
                ObjectNode m = JSON.createObjectNode()
                        .put("name", name)
                        .put("datasetArn", arn)
                        .put("datasetGroupArn", dg.arn)
                        .put("datasetType", type)
                        .put("schemaArn", text(body, "schemaArn"));
                create(ResourceType.DATASET, arn, name, m);
                return out.put("datasetArn", arn);
            }
            case "DescribeDataset":
                return out.set("dataset", require(text(body, "datasetArn")).render());
            case "ListDatasets":
                return page(
                        body,
                        "datasets",
                        byParent(ResourceType.DATASET, "datasetGroupArn", body),
                        members("name", "datasetArn", "datasetType", "status"));
            case "UpdateDataset": {
                Res ds = require(text(body, "datasetArn"));
                require(text(body, "schemaArn"));
                if (!"ACTIVE".equals(ds.status())) {
                    throw new ApiError("ResourceInUseException", "Dataset " + ds.arn + " is " + ds.status());
                }
                ObjectNode u = JSON.createObjectNode().put("schemaArn", text(body, "schemaArn"));
                u.put("creationDateTime", epoch(clock.instant()));
                ds.update = u;
                ds.updateAt = clock.instant().plus(timeToActive.getOrDefault(ResourceType.DATASET, Duration.ZERO));
                return out.put("datasetArn", ds.arn);
            }
            case "DeleteDataset": {
                Res ds = require(text(body, "datasetArn"));
                ObjectNode out2 = delete(ds);
                for (Res j : all(ResourceType.DATASET_IMPORT_JOB)) {
                    if (ds.arn.equals(j.members.path("datasetArn").asText())) {
                        resources.remove(j.arn); // import jobs go with their dataset
                    }
                }
                return out2;
            }
            case "CreateDatasetImportJob": {
                String name = text(body, "jobName");
                Res ds = require(text(body, "datasetArn"));
                long inProgress = all(ResourceType.DATASET_IMPORT_JOB).stream()
                        .filter(r ->
                                r.status().startsWith("CREATE P") || r.status().startsWith("CREATE I"))
                        .count();
                if (inProgress >= 5) {
                    throw new ApiError(
                            "LimitExceededException", "More than 5 resources with PENDING or IN_PROGRESS status.");
                }
                String arn = PREFIX + "dataset-import-job/" + name;
                ObjectNode m = JSON.createObjectNode()
                        .put("jobName", name)
                        .put("datasetImportJobArn", arn)
                        .put("datasetArn", ds.arn);
                m.set("dataSource", body.get("dataSource"));
                if (body.hasNonNull("roleArn")) {
                    m.set("roleArn", body.get("roleArn"));
                }
                m.put("importMode", body.path("importMode").asText("FULL"));
                m.put("publishAttributionMetricsToS3", false);
                create(ResourceType.DATASET_IMPORT_JOB, arn, name, m);
                return out.put("datasetImportJobArn", arn);
            }
            case "DescribeDatasetImportJob":
                return out.set(
                        "datasetImportJob",
                        require(text(body, "datasetImportJobArn")).render());
            case "ListDatasetImportJobs":
                return page(
                        body,
                        "datasetImportJobs",
                        byParent(ResourceType.DATASET_IMPORT_JOB, "datasetArn", body),
                        members("datasetImportJobArn", "jobName", "status", "failureReason", "importMode"));
            case "CreateSolution": {
                String name = text(body, "name");
                Res dg = require(text(body, "datasetGroupArn"));
                String arn = PREFIX + "solution/" + name;
                ObjectNode m = JSON.createObjectNode()
                        .put("name", name)
                        .put("solutionArn", arn)
                        .put("performHPO", body.path("performHPO").asBoolean(false))
                        .put("performAutoML", body.path("performAutoML").asBoolean(false))
                        .put(
                                "performAutoTraining",
                                body.path("performAutoTraining").asBoolean(true))
                        .put("datasetGroupArn", dg.arn);
                for (String f : List.of("recipeArn", "eventType", "solutionConfig")) {
                    if (body.hasNonNull(f)) {
                        m.set(f, body.get(f));
                    }
                }
                create(ResourceType.SOLUTION, arn, name, m);
                return out.put("solutionArn", arn);
            }
            case "DescribeSolution":
                return out.set("solution", require(text(body, "solutionArn")).render());
            case "ListSolutions":
                return page(
                        body,
                        "solutions",
                        byParent(ResourceType.SOLUTION, "datasetGroupArn", body),
                        members("name", "solutionArn", "status", "recipeArn"));
            case "DeleteSolution": {
                Res s = require(text(body, "solutionArn"));
                for (Res c : all(ResourceType.CAMPAIGN)) {
                    if (c.members.path("solutionVersionArn").asText().startsWith(s.arn + "/")) {
                        throw new ApiError("ResourceInUseException", "Solution " + s.arn + " has campaign " + c.arn);
                    }
                }
                for (Res v : all(ResourceType.SOLUTION_VERSION)) {
                    if (v.arn.startsWith(s.arn + "/")
                            && (v.status().startsWith("CREATE P") || v.status().startsWith("CREATE I"))) {
                        throw new ApiError(
                                "ResourceInUseException",
                                "Solution " + s.arn + " has solution version " + v.arn + " in " + v.status());
                    }
                }
                for (Res v : all(ResourceType.SOLUTION_VERSION)) {
                    if (v.arn.startsWith(s.arn + "/")) {
                        resources.remove(v.arn);
                    }
                }
                return delete(s);
            }
            case "CreateSolutionVersion": {
                Res s = require(text(body, "solutionArn"));
                if (!"ACTIVE".equals(s.status())) {
                    throw new ApiError("ResourceInUseException", "Solution " + s.arn + " is not ACTIVE: " + s.status());
                }
                if (body.hasNonNull("name")) {
                    String name = body.get("name").asText();
                    for (Res v : all(ResourceType.SOLUTION_VERSION)) {
                        if (name.equals(v.members.path("name").asText(null))) {
                            throw new ApiError(
                                    "ResourceAlreadyExistsException",
                                    "Another solution version named " + name + " already exists.");
                        }
                    }
                }
                String arn = s.arn + "/" + String.format("%08x", 0x3ba6a5beL + (versionCounter++));
                ObjectNode m = JSON.createObjectNode()
                        .put("solutionVersionArn", arn)
                        .put("solutionArn", s.arn)
                        .put(
                                "datasetGroupArn",
                                s.members.path("datasetGroupArn").asText())
                        .put("trainingMode", body.path("trainingMode").asText("FULL"))
                        .put("trainingType", "MANUAL");
                if (body.hasNonNull("name")) {
                    m.set("name", body.get("name"));
                }
                m.set("recipeArn", s.members.get("recipeArn"));
                create(ResourceType.SOLUTION_VERSION, arn, body.path("name").asText(arn), m);
                return out.put("solutionVersionArn", arn);
            }
            case "StopSolutionVersionCreation": {
                Res v = require(text(body, "solutionVersionArn"));
                String st = v.status();
                if (!(st.startsWith("CREATE P") || st.startsWith("CREATE I"))) {
                    throw new ApiError("ResourceInUseException", "Solution version " + v.arn + " is " + st);
                }
                v.stopRequestedAt = clock.instant();
                return out;
            }
            case "DescribeSolutionVersion":
                return out.set(
                        "solutionVersion",
                        require(text(body, "solutionVersionArn")).render());
            case "ListSolutionVersions": {
                List<Res> versions = new ArrayList<>();
                String sol = body.path("solutionArn").asText(null);
                for (Res v : all(ResourceType.SOLUTION_VERSION)) {
                    if (sol == null || v.arn.startsWith(sol + "/")) {
                        versions.add(v);
                    }
                }
                return page(
                        body,
                        "solutionVersions",
                        versions,
                        members("solutionVersionArn", "status", "trainingMode", "trainingType", "failureReason"));
            }
            case "CreateCampaign": {
                String name = text(body, "name");
                Res v = require(text(body, "solutionVersionArn"));
                if (!"ACTIVE".equals(v.status())) {
                    throw new ApiError("ResourceInUseException", "Solution version " + v.arn + " is not ACTIVE");
                }
                String arn = PREFIX + "campaign/" + name;
                ObjectNode m = JSON.createObjectNode()
                        .put("name", name)
                        .put("campaignArn", arn)
                        .put("solutionVersionArn", v.arn)
                        .put("minProvisionedTPS", body.path("minProvisionedTPS").asInt(1));
                if (body.hasNonNull("campaignConfig")) {
                    m.set("campaignConfig", body.get("campaignConfig"));
                }
                create(ResourceType.CAMPAIGN, arn, name, m);
                return out.put("campaignArn", arn);
            }
            case "DescribeCampaign":
                return out.set("campaign", require(text(body, "campaignArn")).render());
            case "ListCampaigns": {
                List<Res> cs = new ArrayList<>();
                String sol = body.path("solutionArn").asText(null);
                for (Res c : all(ResourceType.CAMPAIGN)) {
                    if (sol == null
                            || c.members.path("solutionVersionArn").asText().startsWith(sol + "/")) {
                        cs.add(c);
                    }
                }
                return page(body, "campaigns", cs, members("name", "campaignArn", "status", "failureReason"));
            }
            case "UpdateCampaign": {
                Res c = require(text(body, "campaignArn"));
                String st = c.status();
                boolean updating = c.update != null && clock.instant().isBefore(c.updateAt);
                if (!(st.equals("ACTIVE") || st.equals("CREATE FAILED")) || updating) {
                    throw new ApiError("ResourceInUseException", "Campaign " + c.arn + " is " + st);
                }
                if (c.update != null) { // apply the finished update to the campaign itself
                    c.members.set("solutionVersionArn", c.update.get("solutionVersionArn"));
                    c.members.set("minProvisionedTPS", c.update.get("minProvisionedTPS"));
                }
                ObjectNode u = JSON.createObjectNode();
                u.put(
                        "solutionVersionArn",
                        body.path("solutionVersionArn")
                                .asText(c.members.path("solutionVersionArn").asText()));
                u.put(
                        "minProvisionedTPS",
                        body.path("minProvisionedTPS")
                                .asInt(c.members.path("minProvisionedTPS").asInt()));
                u.put("creationDateTime", epoch(clock.instant()));
                c.update = u;
                c.updateAt = clock.instant().plus(timeToActive.getOrDefault(ResourceType.CAMPAIGN, Duration.ZERO));
                return out.put("campaignArn", c.arn);
            }
            case "DeleteCampaign":
                return delete(require(text(body, "campaignArn")));
            case "CreateFilter": {
                String name = text(body, "name");
                Res dg = require(text(body, "datasetGroupArn"));
                String arn = PREFIX + "filter/" + name;
                ObjectNode m = JSON.createObjectNode()
                        .put("name", name)
                        .put("filterArn", arn)
                        .put("datasetGroupArn", dg.arn)
                        .put("filterExpression", text(body, "filterExpression"));
                create(ResourceType.FILTER, arn, name, m);
                return out.put("filterArn", arn);
            }
            case "DescribeFilter":
                return out.set("filter", require(text(body, "filterArn")).render());
            case "ListFilters":
                return page(
                        body,
                        "Filters",
                        byParent(ResourceType.FILTER, "datasetGroupArn", body),
                        members("name", "filterArn", "datasetGroupArn", "failureReason", "status"));
            case "DeleteFilter":
                return delete(require(text(body, "filterArn")));
            case "CreateEventTracker": {
                String name = text(body, "name");
                Res dg = require(text(body, "datasetGroupArn"));
                for (Res t : all(ResourceType.EVENT_TRACKER)) {
                    if (dg.arn.equals(t.members.path("datasetGroupArn").asText())) {
                        throw new ApiError(
                                "ResourceAlreadyExistsException",
                                "Dataset group " + dg.arn + " already has an event tracker");
                    }
                }
                String id = String.format("%08x", Math.abs(name.hashCode()));
                String arn = PREFIX + "event-tracker/" + id;
                String trackingId = UUID.nameUUIDFromBytes(name.getBytes()).toString();
                ObjectNode m = JSON.createObjectNode()
                        .put("name", name)
                        .put("eventTrackerArn", arn)
                        .put("accountId", ACCOUNT)
                        .put("trackingId", trackingId)
                        .put("datasetGroupArn", dg.arn);
                create(ResourceType.EVENT_TRACKER, arn, name, m);
                return out.put("eventTrackerArn", arn).put("trackingId", trackingId);
            }
            case "DescribeEventTracker":
                return out.set(
                        "eventTracker", require(text(body, "eventTrackerArn")).render());
            case "ListEventTrackers":
                return page(
                        body,
                        "eventTrackers",
                        byParent(ResourceType.EVENT_TRACKER, "datasetGroupArn", body),
                        members("name", "eventTrackerArn", "status"));
            case "DeleteEventTracker":
                return delete(require(text(body, "eventTrackerArn")));
            case "ListRecommenders":
                // this fake has no domain dataset groups: no recommenders (see the pipeline's *WireTest)
                return out.set("recommenders", JSON.createArrayNode());
            case "ListMetricAttributions":
                return out.set("metricAttributions", JSON.createArrayNode());
            case "CreateBatchInferenceJob": {
                String name = text(body, "jobName");
                String arn = PREFIX + "batch-inference-job/" + name;
                ObjectNode m = JSON.createObjectNode()
                        .put("jobName", name)
                        .put("batchInferenceJobArn", arn)
                        .put("solutionVersionArn", text(body, "solutionVersionArn"));
                create(ResourceType.BATCH_INFERENCE_JOB, arn, name, m);
                return out.put("batchInferenceJobArn", arn);
            }
            case "DescribeBatchInferenceJob":
                return out.set(
                        "batchInferenceJob",
                        require(text(body, "batchInferenceJobArn")).render());
            default:
                throw new ApiError("UnknownOperationException", "Unknown operation " + op);
        }
    }

    private List<Res> byParent(ResourceType type, String parentField, ObjectNode body) {
        String parent = body.path(parentField).asText(null);
        List<Res> out = new ArrayList<>();
        for (Res r : all(type)) {
            if (parent == null || parent.equals(r.members.path(parentField).asText())) {
                out.add(r);
            }
        }
        return out;
    }

    private ObjectNode delete(Res r) {
        String st = r.status();
        if (st.startsWith("CREATE P") || st.startsWith("CREATE I")) {
            throw new ApiError("ResourceInUseException", r.arn + " is " + st);
        }
        if (r.deleteRequestedAt != null) {
            throw new ApiError("ResourceInUseException", r.arn + " is already being deleted (" + st + ")");
        }
        r.deleteRequestedAt = clock.instant();
        live(r.arn);
        return JSON.createObjectNode();
    }
}
