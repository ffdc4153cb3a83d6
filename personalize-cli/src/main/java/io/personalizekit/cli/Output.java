package io.personalizekit.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * Where a command's results, notes and errors go. Text mode prints results for people on standard output; JSON
 * mode prints exactly one JSON document per command on standard output (the result, or an error). Notes and
 * progress go to standard error, never mixed with a result. Not thread-safe except {@link #progress()}.
 */
final class Output {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PrintWriter out;
    private final PrintWriter err;
    private final OutputFormat format;
    private final boolean quiet;
    private final boolean verbose;
    private final Progress progress;
    private boolean resultWritten;

    Output(PrintWriter out, PrintWriter err, OutputFormat format, boolean quiet, boolean verbose, ProgressMode mode) {
        this.out = out;
        this.err = err;
        this.format = format;
        this.quiet = quiet;
        this.verbose = verbose;
        this.progress = new Progress(err, quiet ? ProgressMode.NONE : mode.resolve());
    }

    boolean json() {
        return format == OutputFormat.JSON;
    }

    boolean verbose() {
        return verbose;
    }

    Progress progress() {
        return progress;
    }

    /** A new JSON object for a result. */
    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /**
     * Writes the command's result: {@code json} in JSON mode, what {@code text} prints otherwise.
     *
     * @param json the result as one JSON document
     * @param text prints the result for people
     */
    void result(ObjectNode json, Consumer<PrintWriter> text) {
        progress.finish();
        if (json()) {
            out.println(render(json));
        } else {
            text.accept(out);
        }
        out.flush();
        resultWritten = true;
    }

    /** A note for people on standard error (unless {@code --quiet}). */
    void note(String line) {
        if (!quiet) {
            progress.note(line);
        }
    }

    /** A detail shown with {@code --verbose} only. */
    void detail(String line) {
        if (verbose && !quiet) {
            progress.note(line);
        }
    }

    /**
     * Reports a failure: the message on standard error and, in JSON mode, an error document on standard output
     * (unless the command already wrote its result).
     */
    void error(String message, int exitCode, String kind) {
        progress.finish();
        if (json() && !resultWritten) {
            ObjectNode e = object();
            ObjectNode body = e.putObject("error");
            body.put("message", message);
            body.put("kind", kind);
            body.put("exitCode", exitCode);
            out.println(render(e));
            out.flush();
        }
        err.println("personalize-kit: " + message);
        err.flush();
    }

    static String render(ObjectNode json) {
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
