package io.personalizekit.local.internal.data;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The event types of action interactions: {@code Taken}, {@code Not Taken} and {@code Viewed}. The service's pages
 * spell them {@code Taken}/{@code Not taken}/{@code Viewed} and {@code TAKEN}/{@code NOT_TAKEN}/{@code VIEWED}, so
 * case, spaces and underscores are not significant here.
 */
public final class ActionEventTypes {
    /** A user took the action. */
    public static final String TAKEN = "TAKEN";
    /** A user deliberately did not take the action after seeing it. */
    public static final String NOT_TAKEN = "NOT_TAKEN";
    /** The action was shown to a user. */
    public static final String VIEWED = "VIEWED";
    /** The accepted spellings, for messages. */
    public static final String NAMES = "Taken, Not Taken, Viewed";

    private ActionEventTypes() {}

    /**
     * The canonical name of an action interaction's event type.
     *
     * @param eventType the event type as given
     * @return {@link #TAKEN}, {@link #NOT_TAKEN} or {@link #VIEWED}; null when it is none of them
     */
    public static @Nullable String normalise(@Nullable String eventType) {
        if (eventType == null) {
            return null;
        }
        String v = eventType.trim().toUpperCase(Locale.ROOT).replace(' ', '_');
        return switch (v) {
            case TAKEN, NOT_TAKEN, VIEWED -> v;
            default -> null;
        };
    }
}
