package io.personalizekit.local.internal.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.local.internal.data.TrainingFailedException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class HyperParametersTest {
    static final List<HyperParameter> DECLARED = List.of(
            HyperParameter.continuous("popularity_discount_factor", 0.5, 0.0, 1.0),
            HyperParameter.integer("min_cointeraction_count", 3, 0, 10));

    @Test
    void resolve_usesGivenValuesAndDefaults_andIgnoresUndeclaredOnes() {
        HyperParameters hp = HyperParameters.resolve(
                DECLARED, Map.of("min_cointeraction_count", " 7 ", "popularity_discount_factor", "", "other", "x"));

        assertThat(hp.intValue("min_cointeraction_count")).isEqualTo(7);
        assertThat(hp.doubleValue("popularity_discount_factor")).isEqualTo(0.5);
        assertThatThrownBy(() -> hp.doubleValue("other"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("other");
    }

    @Test
    void resolve_rejectsValuesOutsideTheRange_inTheServiceWords_firstDeclaredFirst() {
        assertThatThrownBy(() -> HyperParameters.resolve(
                        DECLARED, Map.of("popularity_discount_factor", "2", "min_cointeraction_count", "x")))
                .isInstanceOf(TrainingFailedException.class)
                .hasMessage("Invalid value '2' for hyperparameter popularity_discount_factor. The value must be a"
                        + " number between 0.0 and 1.0.");
        assertThatThrownBy(() -> HyperParameters.resolve(DECLARED, Map.of("min_cointeraction_count", "2.5")))
                .isInstanceOf(TrainingFailedException.class)
                .hasMessage("Invalid value '2.5' for hyperparameter min_cointeraction_count. The value must be an"
                        + " integer between 0 and 10.");
    }

    @Test
    void declaration_withDefaultOutsideItsRange_isRejected() {
        assertThatThrownBy(() -> HyperParameter.integer("n", 11, 0, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("n");
    }
}
