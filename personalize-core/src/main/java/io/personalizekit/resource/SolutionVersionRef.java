package io.personalizekit.resource;

import org.jspecify.annotations.Nullable;

/** A reference to a solution version (`solution/{solutionName}/{versionId}`). The ARN's last segment is the version id; a version's optional name is not in the ARN. */
public final class SolutionVersionRef extends ResourceRef {

    SolutionVersionRef(ResourceArn arn, @Nullable String name) {
        super(arn, name, ResourceType.SOLUTION_VERSION);
    }

    /**
     * A reference from an ARN alone; {@link #name()} is the last ARN segment.
     *
     * @param arn the ARN
     * @return the reference
     * @throws IllegalArgumentException if the ARN cannot be parsed or is not of this type
     */
    public static SolutionVersionRef of(String arn) {
        return new SolutionVersionRef(parseAs(arn, ResourceType.SOLUTION_VERSION), null);
    }

    /**
     * A reference from an ARN and the resource's name.
     *
     * @param arn the ARN
     * @param name the resource's name; {@code null} or empty means the last ARN segment
     * @return the reference
     * @throws IllegalArgumentException if the ARN cannot be parsed or is not of this type
     */
    public static SolutionVersionRef of(String arn, @Nullable String name) {
        return new SolutionVersionRef(parseAs(arn, ResourceType.SOLUTION_VERSION), name);
    }

    /**
     * The version id, the last ARN segment (8 hex characters on the real service).
     *
     * @return the version id
     */
    public String versionId() {
        return parsedArn().resourceId();
    }

    /**
     * The solution this version belongs to.
     *
     * @return a reference to the solution
     */
    public SolutionRef solution() {
        return new SolutionRef(
                parsedArn().sibling(ResourceType.SOLUTION, parsedArn().path().get(0)), null);
    }
}
