package io.personalizekit.exception;

/**
 * A resource with the requested name already exists but its definition differs from the requested one (for
 * example a schema whose fields changed). personalize-kit never silently reuses such a resource.
 */
public class DriftException extends PersonalizeKitException {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final String existing;
    private final String requested;

    /**
     * Creates the exception; the message is composed from the arguments.
     *
     * @param resourceType a human-readable resource type, for example {@code "schema"}
     * @param name the resource's name
     * @param existing the existing definition, rendered for display
     * @param requested the requested definition, rendered for display
     */
    public DriftException(String resourceType, String name, String existing, String requested) {
        super(resourceType + " '" + name + "' already exists with a different definition.\n  existing:  "
                + existing + "\n  requested: " + requested
                + "\nUse a new name, or delete the existing " + resourceType + " first.");
        this.name = name;
        this.existing = existing;
        this.requested = requested;
    }

    /**
     * The resource's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The existing definition, as rendered for display.
     *
     * @return the existing definition
     */
    public String existing() {
        return existing;
    }

    /**
     * The requested definition, as rendered for display.
     *
     * @return the requested definition
     */
    public String requested() {
        return requested;
    }
}
