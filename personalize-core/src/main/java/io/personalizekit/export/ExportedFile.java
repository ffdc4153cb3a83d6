package io.personalizekit.export;

import io.personalizekit.storage.S3Location;
import java.util.Objects;

/**
 * One file a dataset export job wrote.
 *
 * @param location where it is
 * @param size its size in bytes
 */
public record ExportedFile(S3Location location, long size) {
    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException when the size is negative
     */
    public ExportedFile {
        Objects.requireNonNull(location, "location");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative, but it is " + size);
        }
    }
}
