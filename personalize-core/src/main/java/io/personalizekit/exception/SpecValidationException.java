package io.personalizekit.exception;

/**
 * A pipeline specification (built in Java or loaded from a JSON file) is invalid. {@link #path()} names the
 * offending element as a JSON path, for example {@code $.datasets[1].imports[0].dataLocation}.
 */
public class SpecValidationException extends PersonalizeKitException {
    private static final long serialVersionUID = 1L;

    private final String path;

    /**
     * Creates the exception; the message is {@code path + ": " + problem}.
     *
     * @param path the JSON path of the offending element
     * @param problem what is wrong with it
     * @param cause the underlying failure (a JSON parse error or schema validation error), if any
     */
    public SpecValidationException(String path, String problem, @org.jspecify.annotations.Nullable Throwable cause) {
        super(path + ": " + problem, cause);
        this.path = path;
    }

    /**
     * The JSON path of the offending element.
     *
     * @return the path, starting with {@code $}
     */
    public String path() {
        return path;
    }
}
