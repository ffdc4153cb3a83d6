package io.personalizekit.cli;

/** How progress of long work is shown on standard error ({@code --progress}). */
public enum ProgressMode {
    /** A bar when standard output is a terminal ({@code System.console() != null}), lines otherwise. */
    AUTO,
    /** A progress bar redrawn in place. */
    BAR,
    /** Plain progress lines, for logs and pipes. */
    LINES,
    /** No progress. */
    NONE;

    ProgressMode resolve() {
        if (this != AUTO) {
            return this;
        }
        return System.console() != null ? BAR : LINES;
    }
}
