package io.personalizekit.export;

import io.personalizekit.resource.DatasetExportJobRef;
import io.personalizekit.resource.DatasetRef;
import io.personalizekit.storage.S3Location;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A finished dataset export: the job, and where its files landed. An immutable record.
 *
 * @param job the export job, {@code ACTIVE}
 * @param dataset the exported dataset
 * @param mode which records were exported
 * @param output the folder the job wrote to
 * @param files the files the job wrote, in key order (part files with a header row each)
 * @param elapsed from the create call to the listing of the files
 */
public record DatasetExport(
        DatasetExportJobRef job,
        DatasetRef dataset,
        ExportMode mode,
        S3Location output,
        List<ExportedFile> files,
        Duration elapsed) {
    /** Copies the file list into an unmodifiable one. */
    public DatasetExport {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(output, "output");
        files = List.copyOf(files);
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /**
     * The total size of the files.
     *
     * @return bytes
     */
    public long totalBytes() {
        long sum = 0;
        for (ExportedFile f : files) {
            sum += f.size();
        }
        return sum;
    }

    /**
     * The files' locations.
     *
     * @return the locations, in key order
     */
    public List<S3Location> locations() {
        return files.stream().map(ExportedFile::location).toList();
    }
}
