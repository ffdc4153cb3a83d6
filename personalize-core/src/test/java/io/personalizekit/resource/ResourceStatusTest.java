package io.personalizekit.resource;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ResourceStatusTest {

    @ParameterizedTest
    @CsvSource({
        "CREATE PENDING, CREATE_PENDING",
        "CREATE_PENDING, CREATE_PENDING",
        "CREATE IN_PROGRESS, CREATE_IN_PROGRESS",
        "CREATE_IN_PROGRESS, CREATE_IN_PROGRESS",
        "create in progress, CREATE_IN_PROGRESS",
        "ACTIVE, ACTIVE",
        "' active ', ACTIVE",
        "CREATE FAILED, CREATE_FAILED",
        "CREATE STOPPED, CREATE_STOPPED",
        "CREATE STOPPING, CREATE_STOPPING",
        "DELETE PENDING, DELETE_PENDING",
        "DELETE IN_PROGRESS, DELETE_IN_PROGRESS",
        "IN PROGRESS, IN_PROGRESS",
        "PENDING, PENDING",
        "INACTIVE, INACTIVE",
        "SOMETHING NEW, UNKNOWN",
        "'', UNKNOWN"
    })
    void fromValue_whenSpacesOrUnderscores_parsesLeniently(String raw, ResourceStatus expected) {
        assertThat(ResourceStatus.fromValue(raw)).isEqualTo(expected);
    }

    @Test
    void fromValue_whenNull_isUnknown() {
        assertThat(ResourceStatus.fromValue(null)).isEqualTo(ResourceStatus.UNKNOWN);
    }

    @ParameterizedTest
    @EnumSource(ResourceStatus.class)
    void wireValue_roundTrips(ResourceStatus status) {
        assertThat(ResourceStatus.fromValue(status.wireValue())).isEqualTo(status);
    }

    @Test
    void terminalAndFailure_classifyStatuses() {
        assertThat(ResourceStatus.ACTIVE.isTerminal()).isTrue();
        assertThat(ResourceStatus.ACTIVE.isFailure()).isFalse();
        assertThat(ResourceStatus.CREATE_FAILED.isTerminal()).isTrue();
        assertThat(ResourceStatus.CREATE_FAILED.isFailure()).isTrue();
        assertThat(ResourceStatus.CREATE_STOPPED.isFailure()).isTrue();
        assertThat(ResourceStatus.CREATE_IN_PROGRESS.isTerminal()).isFalse();
        assertThat(ResourceStatus.CREATE_IN_PROGRESS.isInProgress()).isTrue();
        assertThat(ResourceStatus.UNKNOWN.isTerminal()).isFalse();
        assertThat(ResourceStatus.DELETE_PENDING.isDeleting()).isTrue();
        assertThat(ResourceStatus.DELETE_PENDING.isTerminal()).isFalse();
    }
}
