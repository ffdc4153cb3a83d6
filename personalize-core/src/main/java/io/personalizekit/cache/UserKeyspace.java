package io.personalizekit.cache;

import io.personalizekit.recommend.UserRecommendationsRequest;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The shape of a cached user list: the campaign or recommender asked, and every request option that changes the
 * answer (numResults, filter and its values, metadata columns, context, promotion). Together with a user id it names
 * one stored list; {@link #id()} is a digest of it, the name stores use. Immutable and thread-safe.
 *
 * <p>Filter, context and promotion values are part of the digest, in name order (the order they were given in
 * does not matter), but never printed.
 */
public final class UserKeyspace {
    private final String targetArn;
    private final UserRecommendationsRequest shape;
    private final String id;

    private UserKeyspace(String targetArn, UserRecommendationsRequest shape) {
        this.targetArn = targetArn;
        this.shape = shape;
        this.id = CacheKeyspace.digest(canonical(targetArn, shape));
    }

    /**
     * The keyspace of a request to a campaign or recommender; the request's user id and SDK options are not part
     * of it.
     *
     * @param targetArn the campaign or recommender ARN the request goes to
     * @param request the request
     * @return the keyspace
     */
    public static UserKeyspace of(String targetArn, UserRecommendationsRequest request) {
        Objects.requireNonNull(targetArn, "targetArn");
        Objects.requireNonNull(request, "request");
        UserRecommendationsRequest shape = request.toBuilder()
                .userId(null)
                .overrideConfiguration((software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration) null)
                .build();
        return new UserKeyspace(targetArn, shape);
    }

    private static String canonical(String targetArn, UserRecommendationsRequest r) {
        StringBuilder sb = new StringBuilder(256);
        CacheKeyspace.field(sb, "user");
        CacheKeyspace.field(sb, targetArn);
        CacheKeyspace.field(sb, r.filterArn().orElse(""));
        new TreeMap<>(r.filterValues()).forEach((k, v) -> CacheKeyspace.field(CacheKeyspace.field(sb, k), v));
        sb.append('|');
        CacheKeyspace.field(sb, Integer.toString(r.numResults()));
        r.metadataColumns().forEach(c -> CacheKeyspace.field(sb, c));
        sb.append('|');
        new TreeMap<>(r.context()).forEach((k, v) -> CacheKeyspace.field(CacheKeyspace.field(sb, k), v));
        sb.append('|');
        r.promotion().ifPresent(p -> {
            CacheKeyspace.field(sb, p.name());
            CacheKeyspace.field(sb, Integer.toString(p.percentPromotedItems()));
            CacheKeyspace.field(sb, p.filterArn());
            new TreeMap<>(p.filterValues()).forEach((k, v) -> CacheKeyspace.field(CacheKeyspace.field(sb, k), v));
        });
        return sb.toString();
    }

    /**
     * A stable digest of the keyspace (32 hex characters), the same in every process.
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    /**
     * The campaign or recommender the lists come from.
     *
     * @return the ARN
     */
    public String targetArn() {
        return targetArn;
    }

    /**
     * The request for one user in this keyspace.
     *
     * @param userId the user id
     * @return the request
     */
    public UserRecommendationsRequest toRequest(String userId) {
        return shape.toBuilder().userId(userId).build();
    }

    @Override
    public boolean equals(Object o) {
        return this == o
                || (o instanceof UserKeyspace k
                        && id.equals(k.id)
                        && targetArn.equals(k.targetArn)
                        && shape.equals(k.shape));
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "UserKeyspace{" + id + ", target=" + targetArn + ", numResults=" + shape.numResults()
                + shape.filterArn()
                        .map(f -> ", filter=" + f + shape.filterValues().keySet())
                        .orElse("")
                + (shape.metadataColumns().isEmpty() ? "" : ", metadataColumns=" + shape.metadataColumns())
                + (shape.context().isEmpty()
                        ? ""
                        : ", context=" + shape.context().keySet())
                + shape.promotion().map(p -> ", promotion=" + p.name()).orElse("") + "}";
    }
}
