package io.personalizekit.resource;

import io.personalizekit.PersonalizeLimits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A parsed Amazon Personalize ARN: {@code arn:{partition}:personalize:{region}:{account}:{type}/{path...}}.
 *
 * <p>Formats (personalize-api.md 2.2): {@code dataset-group/{name}}, {@code schema/{name}}, {@code
 * dataset/{datasetGroupName}/{DATASET_TYPE}}, {@code dataset-import-job/{name}}, {@code solution/{name}}, {@code
 * solution/{solutionName}/{versionId}} (a solution version), {@code campaign/{name}}, {@code filter/{name}}, {@code
 * event-tracker/{id}}, {@code batch-inference-job/{name}}, {@code dataset-export-job/{name}}. {@link #toString()} formats the ARN back exactly.
 * Immutable and thread-safe.
 */
public final class ResourceArn {
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern PARTITION = Pattern.compile("[a-z\\d-]+");

    private final String partition;
    private final String region;
    private final String accountId;
    private final ResourceType resourceType;
    private final List<String> path;

    private ResourceArn(
            String partition, String region, String accountId, ResourceType resourceType, List<String> path) {
        this.partition = partition;
        this.region = region;
        this.accountId = accountId;
        this.resourceType = resourceType;
        this.path = Collections.unmodifiableList(new ArrayList<>(path));
    }

    /**
     * Parses an ARN.
     *
     * @param arn the ARN, for example {@code arn:aws:personalize:us-east-1:123456789012:dataset-group/news}
     * @return the parsed ARN
     * @throws IllegalArgumentException if {@code arn} is not a Personalize resource ARN of a known type, naming the
     *     value
     */
    public static ResourceArn parse(String arn) {
        Objects.requireNonNull(arn, "arn");
        String[] parts = arn.split(":", 6);
        if (parts.length != 6
                || !parts[0].equals("arn")
                || !PARTITION.matcher(parts[1]).matches()
                || !parts[2].equals("personalize")
                || arn.length() > PersonalizeLimits.MAX_ARN_LENGTH) {
            throw new IllegalArgumentException("Not a Personalize ARN: '" + arn
                    + "' (expected arn:{partition}:personalize:{region}:{account}:{type}/{name}, at most 256 chars)");
        }
        String[] segments = parts[5].split("/", -1);
        if (segments.length < 2 || Arrays.stream(segments).anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("Not a Personalize resource ARN: '" + arn + "' (missing {type}/{name})");
        }
        List<String> rest = Arrays.asList(segments).subList(1, segments.length);
        ResourceType type = typeOf(segments[0], rest.size(), arn);
        return new ResourceArn(parts[1], parts[3], parts[4], type, rest);
    }

    private static ResourceType typeOf(String segment, int pathLength, String arn) {
        for (ResourceType type : ResourceType.values()) {
            if (!type.arnResourceType().equals(segment)) {
                continue;
            }
            int expected = type == ResourceType.DATASET || type == ResourceType.SOLUTION_VERSION ? 2 : 1;
            if (expected == pathLength) {
                return type;
            }
        }
        throw new IllegalArgumentException("Unsupported Personalize resource ARN: '" + arn + "' (type '" + segment
                + "' with " + pathLength + " path segment(s))");
    }

    /**
     * Builds an ARN from its parts.
     *
     * @param partition the partition, for example {@code aws}
     * @param region the region, for example {@code us-east-1}
     * @param accountId the 12-digit account id
     * @param resourceType the resource type
     * @param path the path segments after the type (one, or two for datasets and solution versions)
     * @return the ARN
     * @throws IllegalArgumentException if the account id is not 12 digits or the number of path segments does not
     *     fit the type
     */
    public static ResourceArn of(
            String partition, String region, String accountId, ResourceType resourceType, String... path) {
        Objects.requireNonNull(resourceType, "resourceType");
        if (!ACCOUNT.matcher(accountId).matches()) {
            throw new IllegalArgumentException("accountId must be 12 digits: '" + accountId + "'");
        }
        String arn = "arn:" + partition + ":personalize:" + region + ":" + accountId + ":"
                + resourceType.arnResourceType() + "/" + String.join("/", path);
        ResourceArn parsed = parse(arn);
        if (parsed.resourceType != resourceType) {
            throw new IllegalArgumentException("Path " + Arrays.toString(path) + " does not fit a " + resourceType);
        }
        return parsed;
    }

    /**
     * An ARN of another resource in the same partition, region and account.
     *
     * @param type the other resource's type
     * @param path its path segments
     * @return the sibling ARN
     * @throws IllegalArgumentException if the path does not fit the type
     */
    public ResourceArn sibling(ResourceType type, String... path) {
        return of(partition, region, accountId, type, path);
    }

    /**
     * The partition, for example {@code aws}.
     *
     * @return the partition
     */
    public String partition() {
        return partition;
    }

    /**
     * The region, for example {@code us-east-1}.
     *
     * @return the region
     */
    public String region() {
        return region;
    }

    /**
     * The account id.
     *
     * @return the account id
     */
    public String accountId() {
        return accountId;
    }

    /**
     * The resource type.
     *
     * @return the type
     */
    public ResourceType resourceType() {
        return resourceType;
    }

    /**
     * The path segments after the type segment.
     *
     * @return an unmodifiable list of one or two segments
     */
    public List<String> path() {
        return path;
    }

    /**
     * The last path segment: the name for most resources, the dataset type for a dataset, the version id for a
     * solution version, the tracker id for an event tracker.
     *
     * @return the last path segment
     */
    public String resourceId() {
        return path.get(path.size() - 1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResourceArn && toString().equals(o.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    /**
     * The ARN, formatted exactly as the service writes it.
     *
     * @return the ARN string
     */
    @Override
    public String toString() {
        return "arn:" + partition + ":personalize:" + region + ":" + accountId + ":" + resourceType.arnResourceType()
                + "/" + String.join("/", path);
    }
}
