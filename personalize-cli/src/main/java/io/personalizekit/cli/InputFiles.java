package io.personalizekit.cli;

import io.personalizekit.exception.SchemaValidationException;
import io.personalizekit.exception.SpecValidationException;
import io.personalizekit.pipeline.PipelineSpec;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** Reading the files commands take, with errors that name the file. */
final class InputFiles {
    private InputFiles() {}

    /** A schema file: an Avro record; the dataset type from {@code type}, else from the record's name. */
    static DatasetSchema schema(Path file, @Nullable DatasetType type) {
        String json = read(file, "schema");
        try {
            return type == null ? DatasetSchema.parse(json) : DatasetSchema.parse(type, json);
        } catch (SchemaValidationException e) {
            throw CliException.badInput(file + ": " + e.getMessage());
        }
    }

    /** A pipeline spec file. */
    static PipelineSpec pipeline(Path file) {
        String json = read(file, "pipeline");
        try {
            return PipelineSpec.fromJson(json);
        } catch (SpecValidationException e) {
            throw CliException.badInput(file + ": " + e.getMessage());
        }
    }

    static String read(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CliException.badInput("cannot read the " + what + " file " + file + ": " + describe(e));
        }
    }

    static void requireReadable(Path file, String what) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw CliException.badInput("cannot read the " + what + " file " + file + ": "
                    + (Files.exists(file) ? "not a readable file" : "no such file"));
        }
    }

    static String describe(IOException e) {
        return e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.toString();
    }
}
