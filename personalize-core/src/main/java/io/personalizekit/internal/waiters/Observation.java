package io.personalizekit.internal.waiters;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.personalize.model.PersonalizeResponse;

/** One describe call's result, reduced to what a wait needs. */
public record Observation(
        @Nullable String rawStatus,
        @Nullable String failureReason,
        @Nullable PersonalizeResponse response) {}
