package io.personalizekit.internal.batch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PollingBatchJobAwaiterTest {

    @ParameterizedTest
    @CsvSource(
            nullValues = "null",
            value = {
                "ACTIVE, true, false",
                "active, true, false",
                "CREATE FAILED, false, true",
                "CREATE_FAILED, false, true",
                "FAILED, false, true",
                "PENDING, false, false",
                "IN PROGRESS, false, false",
                "IN_PROGRESS, false, false",
                "SOMETHING NEW, false, false",
                "null, false, false"
            })
    void statusChecks_acceptSpacesOrUnderscoresAndNeverThrow(String status, boolean active, boolean failed) {
        assertThat(PollingBatchJobAwaiter.isActive(status)).isEqualTo(active);
        assertThat(PollingBatchJobAwaiter.isFailed(status)).isEqualTo(failed);
    }
}
