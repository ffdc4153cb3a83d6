package io.personalizekit.local.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class FilterExpressionTest {
    static final Map<String, Map<String, String>> CATALOGUE = Map.of(
            "a", Map.of("GENRES", "SPORTS|POLITICS", "PRICE", "10", "STUDIO", "acme"),
            "b", Map.of("GENRES", "SCIENCE", "PRICE", "25.5", "STUDIO", "acme"),
            "c", Map.of("GENRES", "POLITICS", "PRICE", "5", "STUDIO", "zeta"),
            "d", Map.of("GENRES", "FOOD"),
            "e", Map.of());

    private static @Nullable Map<String, String> meta(String id) {
        return CATALOGUE.get(id);
    }

    private static List<String> kept(Predicate<String> p) {
        return CATALOGUE.keySet().stream().filter(p).sorted().collect(Collectors.toList());
    }

    private static List<String> kept(String expression, Map<String, String> values) {
        return kept(FilterExpression.parse(expression).predicate(values, FilterExpressionTest::meta, null, Set.of()));
    }

    @Test
    void in_withLiteralsAndPlaceholder_matchesAnyCategoricalValue() {
        assertThat(kept("EXCLUDE ItemID WHERE Items.GENRES IN (\"POLITICS\")", Map.of()))
                .containsExactly("b", "d", "e");
        assertThat(kept("INCLUDE ItemID WHERE Items.GENRES IN ($GENRES)", Map.of("GENRES", "\"SPORTS\",\"FOOD\"")))
                .containsExactly("a", "d");
        assertThat(kept("include ItemID where items.genres not in (\"POLITICS\", \"FOOD\")", Map.of()))
                .containsExactly("b");
    }

    @Test
    void comparisons_andBooleanChains() {
        assertThat(kept("INCLUDE ItemID WHERE Items.PRICE < 20", Map.of())).containsExactly("a", "c");
        assertThat(kept("INCLUDE ItemID WHERE Items.PRICE >= $MIN", Map.of("MIN", "\"10\"")))
                .containsExactly("a", "b");
        assertThat(kept("INCLUDE ItemID WHERE Items.PRICE > 6 AND Items.STUDIO = \"acme\"", Map.of()))
                .containsExactly("a", "b");
        assertThat(kept(
                        "INCLUDE ItemID WHERE Items.GENRES IN (\"FOOD\") OR Items.PRICE <= 5 AND Items.STUDIO = \"zeta\"",
                        Map.of()))
                .containsExactly("c", "d");
        assertThat(kept("EXCLUDE ItemID WHERE Items.STUDIO != \"acme\"", Map.of()))
                .containsExactly("a", "b", "d", "e");
    }

    @Test
    void currentItem_comparesWithTheSeedItem() {
        FilterExpression f = FilterExpression.parse(
                "INCLUDE ItemID WHERE Items.PRICE < CurrentItem.PRICE AND Items.GENRES IN CurrentItem.GENRES");
        assertThat(f.usesCurrentItem()).isTrue();
        Map<String, String> current = Map.of("PRICE", "12", "GENRES", "POLITICS|SCIENCE");
        assertThat(kept(f.predicate(Map.of(), FilterExpressionTest::meta, current, Set.of())))
                .containsExactly("a", "c");
        // without a current item nothing matches the INCLUDE
        assertThat(kept(f.predicate(Map.of(), FilterExpressionTest::meta, null, Set.of())))
                .isEmpty();
    }

    @Test
    void interactions_excludeWhatTheUserInteractedWith() {
        FilterExpression all = FilterExpression.parse("EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN (\"*\")");
        assertThat(all.usesInteractions()).isTrue();
        assertThat(kept(all.predicate(Map.of(), FilterExpressionTest::meta, null, Set.of("a", "c"))))
                .containsExactly("b", "d", "e");

        FilterExpression clicks =
                FilterExpression.parse("EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ($EVENT_TYPE)");
        Map<Set<String>, Set<String>> byType = Map.of(Set.of("click"), Set.of("a"), Set.of("*"), Set.of("a", "b"));
        Predicate<String> p = clicks.predicate(
                Map.of("EVENT_TYPE", "\"click\""),
                FilterExpressionTest::meta,
                null,
                null,
                types -> byType.getOrDefault(types, Set.of()));
        assertThat(kept(p)).containsExactly("b", "c", "d", "e");
        // an EXCLUDE placeholder without a value is not applied
        assertThat(kept(clicks.predicate(Map.of(), FilterExpressionTest::meta, null, Set.of("a"))))
                .hasSize(5);
    }

    @Test
    void combinedExpressions_includeUnion_minusExcludes() {
        assertThat(kept(
                        "INCLUDE ItemID WHERE Items.GENRES IN (\"SPORTS\") | INCLUDE ItemID WHERE Items.GENRES IN"
                                + " (\"SCIENCE\")",
                        Map.of()))
                .containsExactly("a", "b");
        FilterExpression f = FilterExpression.parse("INCLUDE ItemID WHERE Items.STUDIO IN (\"acme\", \"zeta\") | "
                + "EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN (\"*\")");
        assertThat(kept(f.predicate(Map.of(), FilterExpressionTest::meta, null, Set.of("b"))))
                .containsExactly("a", "c");
    }

    @Test
    void ifCurrentUser_appliesOnlyWhenTheUserMatches() {
        FilterExpression f = FilterExpression.parse(
                "EXCLUDE ItemID WHERE Items.GENRES IN (\"POLITICS\") IF CurrentUser.AGE < 18 AND CurrentUser.TIER IN"
                        + " (\"basic\")");
        Predicate<String> teen = f.predicate(
                Map.of(), FilterExpressionTest::meta, null, Map.of("AGE", "15", "TIER", "basic"), t -> Set.of());
        Predicate<String> adult = f.predicate(
                Map.of(), FilterExpressionTest::meta, null, Map.of("AGE", "40", "TIER", "basic"), t -> Set.of());
        assertThat(kept(teen)).containsExactly("b", "d", "e");
        assertThat(kept(adult)).hasSize(5);
    }

    @Test
    void includePlaceholderWithoutValue_isRejected() {
        FilterExpression f = FilterExpression.parse("INCLUDE ItemID WHERE Items.GENRES IN ($GENRES)");
        assertThat(f.parameterNames()).containsExactly("GENRES");
        assertThatThrownBy(() -> f.predicate(Map.of(), FilterExpressionTest::meta, null, Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GENRES");
    }

    @Test
    void splitValues_readsTheServiceFormat() {
        assertThat(FilterExpression.splitValues("\"SPORTS\",\"POLITICS\"")).containsExactly("SPORTS", "POLITICS");
        assertThat(FilterExpression.splitValues("\"a, b\", \"c\\\"d\"")).containsExactly("a, b", "c\"d");
        assertThat(FilterExpression.splitValues("10")).containsExactly("10");
    }

    @Test
    void parse_badSyntax_explainsTheProblem() {
        assertThatThrownBy(() -> FilterExpression.parse("REMOVE ItemID WHERE Items.X IN (\"a\")"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid input symbol: REMOVE")
                .hasMessageContaining("Expected INCLUDE or EXCLUDE");
        assertThatThrownBy(() -> FilterExpression.parse("EXCLUDE ItemID Items.X IN (\"a\")"))
                .hasMessageContaining("Expected WHERE after ItemID");
        assertThatThrownBy(() -> FilterExpression.parse("EXCLUDE ItemID WHERE Items.X IN (\"a\""))
                .hasMessageContaining("expression ends");
        assertThatThrownBy(() -> FilterExpression.parse("EXCLUDE ItemID WHERE Items.X NOT IN ($X)"))
                .hasMessage("Could not create filter. Invalid input symbol: $X. Placeholders are not allowed with"
                        + " NOT_IN operator.");
        assertThatThrownBy(() -> FilterExpression.parse(
                        "EXCLUDE ItemID WHERE Items.X IN (\"a\") AND Interactions.EVENT_TYPE IN (\"click\")"))
                .hasMessageContaining("must use the dataset of the first condition");
        assertThatThrownBy(() -> FilterExpression.parse("EXCLUDE ItemID WHERE Items.X LIKE \"a\""))
                .hasMessageContaining("Expected IN, NOT IN or a comparison operator");
        assertThatThrownBy(() -> FilterExpression.parse("EXCLUDE ItemID WHERE Items.X IN (\"a\") extra"))
                .hasMessageContaining("Unexpected input after the end");
        assertThatThrownBy(() -> FilterExpression.parse("EXCLUDE ItemID WHERE Items.X IN (\"a)"))
                .hasMessageContaining("Unterminated string");
        assertThatThrownBy(() -> FilterExpression.parse(" ")).hasMessageContaining("empty");
    }
}
