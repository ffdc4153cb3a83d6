package io.personalizekit.resource;

import org.jspecify.annotations.Nullable;

/** A reference to a recommender of a domain dataset group (`recommender/{name}`): what {@code GetRecommendations} takes as {@code recommenderArn}. The ARN's last segment is the name. */
public final class RecommenderRef extends ResourceRef {

    RecommenderRef(ResourceArn arn, @Nullable String name) {
        super(arn, name, ResourceType.RECOMMENDER);
    }

    /**
     * A reference from an ARN alone; {@link #name()} is the last ARN segment.
     *
     * @param arn the ARN
     * @return the reference
     * @throws IllegalArgumentException if the ARN cannot be parsed or is not of this type
     */
    public static RecommenderRef of(String arn) {
        return new RecommenderRef(parseAs(arn, ResourceType.RECOMMENDER), null);
    }

    /**
     * A reference from an ARN and the resource's name.
     *
     * @param arn the ARN
     * @param name the resource's name; {@code null} or empty means the last ARN segment
     * @return the reference
     * @throws IllegalArgumentException if the ARN cannot be parsed or is not of this type
     */
    public static RecommenderRef of(String arn, @Nullable String name) {
        return new RecommenderRef(parseAs(arn, ResourceType.RECOMMENDER), name);
    }
}
