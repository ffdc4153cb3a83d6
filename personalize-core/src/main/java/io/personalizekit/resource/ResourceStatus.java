package io.personalizekit.resource;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The status of a Personalize resource, parsed leniently from the service's strings.
 *
 * <p>The service writes statuses with spaces ({@code "CREATE IN_PROGRESS"}, {@code "CREATE FAILED"}); its
 * documentation sometimes uses underscores ({@code CREATE_IN_PROGRESS}). {@link #fromValue(String)} accepts both,
 * ignores case and surrounding blanks, and never throws: a string it does not know maps to {@link #UNKNOWN}.
 * Results that carry a status also keep the raw string (for example {@code WaitResult.rawStatus()}).
 */
public enum ResourceStatus {
    /** {@code CREATE PENDING}. */
    CREATE_PENDING("CREATE PENDING"),
    /** {@code CREATE IN_PROGRESS}. */
    CREATE_IN_PROGRESS("CREATE IN_PROGRESS"),
    /** {@code ACTIVE}: ready to use. */
    ACTIVE("ACTIVE"),
    /** {@code CREATE FAILED}: the service's {@code failureReason} says why. */
    CREATE_FAILED("CREATE FAILED"),
    /** {@code CREATE STOPPING} (solution versions). */
    CREATE_STOPPING("CREATE STOPPING"),
    /** {@code CREATE STOPPED} (solution versions): training was stopped. */
    CREATE_STOPPED("CREATE STOPPED"),
    /** {@code PENDING} (batch inference jobs). */
    PENDING("PENDING"),
    /** {@code IN PROGRESS} (batch inference jobs). */
    IN_PROGRESS("IN PROGRESS"),
    /** {@code DELETE PENDING}. */
    DELETE_PENDING("DELETE PENDING"),
    /** {@code DELETE IN_PROGRESS}. */
    DELETE_IN_PROGRESS("DELETE IN_PROGRESS"),
    /** {@code UPDATE PENDING}. */
    UPDATE_PENDING("UPDATE PENDING"),
    /** {@code UPDATE IN_PROGRESS}. */
    UPDATE_IN_PROGRESS("UPDATE IN_PROGRESS"),
    /** {@code UPDATE FAILED}. */
    UPDATE_FAILED("UPDATE FAILED"),
    /** {@code INACTIVE} (stopped recommenders). */
    INACTIVE("INACTIVE"),
    /** {@code STOP PENDING} (a recommender being stopped). */
    STOP_PENDING("STOP PENDING"),
    /** {@code STOP IN_PROGRESS} (a recommender being stopped). */
    STOP_IN_PROGRESS("STOP IN_PROGRESS"),
    /** {@code START PENDING} (a stopped recommender being started). */
    START_PENDING("START PENDING"),
    /** {@code START IN_PROGRESS} (a stopped recommender being started). */
    START_IN_PROGRESS("START IN_PROGRESS"),
    /**
     * Not a service string: the resource no longer exists (the service answered {@code
     * ResourceNotFoundException}). Deletion waits end with this status.
     */
    DELETED("DELETED"),
    /** Any status this version of personalize-kit does not know, including a missing one. */
    UNKNOWN("UNKNOWN");

    private final String wireValue;

    ResourceStatus(String wireValue) {
        this.wireValue = wireValue;
    }

    /**
     * Parses a status string as the service (or its documentation) writes it. Never throws.
     *
     * @param value the status, with spaces or underscores, in any case; may be {@code null}
     * @return the matching constant, or {@link #UNKNOWN}
     */
    public static ResourceStatus fromValue(@Nullable String value) {
        if (value == null) {
            return UNKNOWN;
        }
        String normalized = value.trim().toUpperCase(Locale.ROOT).replaceAll("[\\s_-]+", "_");
        for (ResourceStatus status : values()) {
            if (status != UNKNOWN && status.name().equals(normalized)) {
                return status;
            }
        }
        return UNKNOWN;
    }

    /**
     * The status as the service writes it on the wire, for example {@code "CREATE IN_PROGRESS"}.
     *
     * @return the wire value
     */
    public String wireValue() {
        return wireValue;
    }

    /**
     * Whether a wait for creation (or update) ends at this status: {@link #ACTIVE}, {@link #INACTIVE} or a
     * failure.
     *
     * @return {@code true} for a terminal status
     */
    public boolean isTerminal() {
        return this == ACTIVE || this == INACTIVE || isFailure();
    }

    /**
     * Whether this is a failed terminal status: {@link #CREATE_FAILED}, {@link #CREATE_STOPPED} or {@link
     * #UPDATE_FAILED}.
     *
     * @return {@code true} for a failure
     */
    public boolean isFailure() {
        return this == CREATE_FAILED || this == CREATE_STOPPED || this == UPDATE_FAILED;
    }

    /**
     * Whether the resource is being created or updated (pending, in progress or stopping).
     *
     * @return {@code true} while a create or update is under way
     */
    public boolean isInProgress() {
        return this == CREATE_PENDING
                || this == CREATE_IN_PROGRESS
                || this == CREATE_STOPPING
                || this == PENDING
                || this == IN_PROGRESS
                || this == UPDATE_PENDING
                || this == UPDATE_IN_PROGRESS;
    }

    /**
     * Whether a recommender is being stopped ({@link #STOP_PENDING} or {@link #STOP_IN_PROGRESS}); it ends {@link
     * #INACTIVE}.
     *
     * @return {@code true} while a stop is under way
     */
    public boolean isStopping() {
        return this == STOP_PENDING || this == STOP_IN_PROGRESS;
    }

    /**
     * Whether a stopped recommender is being started ({@link #START_PENDING} or {@link #START_IN_PROGRESS}); it ends
     * {@link #ACTIVE}.
     *
     * @return {@code true} while a start is under way
     */
    public boolean isStarting() {
        return this == START_PENDING || this == START_IN_PROGRESS;
    }

    /**
     * Whether the resource is being deleted ({@link #DELETE_PENDING} or {@link #DELETE_IN_PROGRESS}).
     *
     * @return {@code true} while a delete is under way
     */
    public boolean isDeleting() {
        return this == DELETE_PENDING || this == DELETE_IN_PROGRESS;
    }
}
