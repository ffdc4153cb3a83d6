package io.personalizekit.recipe;

/** Whether a real-time request to a recipe must carry a value ({@code userId} or {@code itemId}). */
public enum InputRule {
    /** The request must carry it; without it the service answers {@code InvalidInputException}. */
    REQUIRED,
    /** Only when the request's filter uses the user's data ({@code CurrentUser}, the user's interactions). */
    ONLY_FOR_FILTERS,
    /** The recipe ignores it. */
    NOT_USED
}
