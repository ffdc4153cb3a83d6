package io.personalizekit.cli;

/** The format of results on standard output ({@code --output}). */
public enum OutputFormat {
    /** For people (the default). */
    TEXT,
    /** One JSON document per command, for scripts. */
    JSON
}
