package io.personalizekit.local.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Filter expressions at their edges: the length limit, numeric equality and strict comparisons at the boundary,
 * escaped quotes, operators written without spaces, exact error positions, and the service's filter-value format.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FilterExpressionEdgeTest {
    private static final Map<String, Map<String, String>> CATALOGUE = Map.of(
            "a", Map.of("PRICE", "10", "STUDIO", "ac\"me", "GENRES", "SPORTS|POLITICS"),
            "b", Map.of("PRICE", "10.0", "STUDIO", "acme"),
            "c", Map.of("PRICE", "9.5", "STUDIO", "zeta"),
            "d", Map.of("PRICE", "11"));

    private static @Nullable Map<String, String> meta(String id) {
        return CATALOGUE.get(id);
    }

    private static List<String> kept(String expression) {
        return CATALOGUE.keySet().stream()
                .filter(FilterExpression.parse(expression)
                        .predicate(Map.of(), FilterExpressionEdgeTest::meta, null, Set.of()))
                .sorted()
                .collect(Collectors.toList());
    }

    @Test
    void parse_acceptsExactly2500Characters_andRejects2501WithTheCount() {
        String head = "INCLUDE ItemID WHERE Items.STUDIO IN (\"";
        String tail = "\")";
        String at2500 = head + "x".repeat(2500 - head.length() - tail.length()) + tail;

        assertThat(FilterExpression.parse(at2500).expression()).hasSize(2500);
        assertThatThrownBy(() -> FilterExpression.parse(at2500 + " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Could not create filter. The filter expression has 2501 characters; the maximum is 2500.");
    }

    @Test
    void numericEqualityAndInequality_compareAsNumbers() {
        assertThat(kept("INCLUDE ItemID WHERE Items.PRICE = 10")).containsExactly("a", "b");
        assertThat(kept("INCLUDE ItemID WHERE Items.PRICE != 10")).containsExactly("c", "d");
    }

    @Test
    void strictComparisons_leaveOutTheBoundaryValue() {
        assertThat(kept("INCLUDE ItemID WHERE Items.PRICE < 10")).containsExactly("c");
        assertThat(kept("INCLUDE ItemID WHERE Items.PRICE > 10")).containsExactly("d");
        assertThat(kept("INCLUDE ItemID WHERE Items.PRICE <= 10")).containsExactly("a", "b", "c");
        assertThat(kept("INCLUDE ItemID WHERE Items.PRICE>=10")).containsExactly("a", "b", "d");
    }

    @Test
    void compare_onTextOnlyKnowsEqualityAndInequality() {
        assertThat(FilterExpression.compare("acme", "=", "acme")).isTrue();
        assertThat(FilterExpression.compare("acme", "!=", "acme")).isFalse();
        assertThat(FilterExpression.compare("acme", "<", "zeta")).isFalse();
        assertThat(FilterExpression.compare("1", "<", "2")).isTrue();
        assertThat(FilterExpression.compare("2", "<=", "2")).isTrue();
        assertThat(FilterExpression.compare("2", "!=", "2.0")).isFalse();
    }

    @Test
    void aQuotedValueMayEscapeAQuote_andAnOperatorMayFollowAWordWithoutSpace() {
        assertThat(kept("INCLUDE ItemID WHERE Items.STUDIO IN(\"ac\\\"me\")")).containsExactly("a");
        assertThat(kept("INCLUDE ItemID WHERE Items.STUDIO=\"zeta\"")).containsExactly("c");
    }

    @Test
    void errors_nameTheExactPosition() {
        assertThatThrownBy(() -> FilterExpression.parse("EXCLUDE ItemID WHERE Items.X IN (\"a\") extra"))
                .hasMessage("Could not create filter. Invalid input symbol: extra at position 39. Unexpected input"
                        + " after the end of the expression.");
        assertThatThrownBy(() -> FilterExpression.parse("EXCLUDE ItemID WHERE Items.X IN (\"a)"))
                .hasMessage("Could not create filter. Unterminated string starting at position 34 in: EXCLUDE ItemID"
                        + " WHERE Items.X IN (\"a)");
        assertThatThrownBy(() -> FilterExpression.parse("EXCLUDE ItemID WHERE Items.X ! 3"))
                .hasMessage("Could not create filter. Invalid input symbol: ! at position 30.");
    }

    @Test
    void accessors_giveTheTextTheFieldsAndWhatTheExpressionUses() {
        FilterExpression items = FilterExpression.parse(
                "EXCLUDE ItemID WHERE Items.GENRES IN (\"SPORTS\") AND Items.PRICE > 3 | INCLUDE ItemID WHERE"
                        + " Items.GENRES IN (\"POLITICS\")");
        assertThat(items.expression())
                .isEqualTo("EXCLUDE ItemID WHERE Items.GENRES IN (\"SPORTS\") AND Items.PRICE > 3 | INCLUDE ItemID"
                        + " WHERE Items.GENRES IN (\"POLITICS\")");
        assertThat(items.toString()).isEqualTo("FilterExpression{" + items.expression() + "}");
        assertThat(items.fields())
                .containsExactly(
                        new FilterExpression.FieldRef("Items", "GENRES"),
                        new FilterExpression.FieldRef("Items", "PRICE"));
        assertThat(items.usesCurrentItem()).isFalse();
        assertThat(items.usesInteractions()).isFalse();

        FilterExpression interactions =
                FilterExpression.parse("EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN (\"click\")");
        assertThat(interactions.usesInteractions()).isTrue();
        assertThat(interactions.usesCurrentItem()).isFalse();
        assertThat(interactions.fields()).containsExactly(new FilterExpression.FieldRef("Interactions", "EVENT_TYPE"));

        FilterExpression related = FilterExpression.parse("INCLUDE ItemID WHERE Items.STUDIO IN (CurrentItem.STUDIO)");
        assertThat(related.usesCurrentItem()).isTrue();
        assertThat(related.usesInteractions()).isFalse();
    }

    @Test
    void splitValues_skipsSeparators_stripsUnquotedValues_andKeepsATrailingBackslash() {
        assertThat(FilterExpression.splitValues(" , a , b ,,\"c\\\"d\",  \"e, f\" "))
                .containsExactly("a", "b", "c\"d", "e, f");
        assertThat(FilterExpression.splitValues("\"x\",y")).containsExactly("x", "y");
        assertThat(FilterExpression.splitValues("\"a\\")).containsExactly("a\\");
        assertThat(FilterExpression.splitValues("\"ab")).containsExactly("ab");
        assertThat(FilterExpression.splitValues(" ,, ")).isEmpty();
        assertThat(FilterExpression.splitValues("")).isEmpty();
    }
}
