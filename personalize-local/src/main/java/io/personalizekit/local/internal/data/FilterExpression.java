package io.personalizekit.local.internal.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A parsed Amazon Personalize filter expression for item recommendations.
 *
 * <p>Grammar (keywords are case-insensitive; dataset and field names match case-insensitively):
 *
 * <pre>
 * filter     := expression ( '|' expression )*
 * expression := ( INCLUDE | EXCLUDE ) ItemID WHERE or-chain [ IF user-chain ]
 * or-chain   := and-chain ( OR and-chain )*          -- AND binds tighter than OR
 * and-chain  := condition ( AND condition )*
 * condition  := Dataset.FIELD [NOT] IN values
 *             | Dataset.FIELD ( = | != | &lt; | &lt;= | &gt; | &gt;= ) scalar
 * values     := '(' value ( ',' value )* ')' | CurrentItem.FIELD
 * value      := "string" | number | $PARAM | CurrentItem.FIELD
 * scalar     := number | "string" | $PARAM | CurrentItem.FIELD
 * user-chain := CurrentUser.FIELD op scalar ( AND CurrentUser.FIELD op scalar )*   (op: IN, NOT IN or a comparison)
 * </pre>
 *
 * Dataset is {@code Items} or {@code Interactions} (only {@code Interactions.EVENT_TYPE}, where {@code "*"} means
 * any event type; it matches the items the user interacted with through those event types). As in the service,
 * the conditions of one expression must all use the same dataset, and placeholders are not allowed with
 * {@code NOT IN}.
 *
 * <p>Semantics: {@code IN} on a multi-value categorical matches when any of the item's {@code |}-separated values
 * is listed (exact strings); comparisons are numeric when both sides are numbers, else string equality (only
 * {@code =} and {@code !=}); a missing item value never matches. Several expressions combine as the service
 * documents: an item is kept when it matches at least one INCLUDE expression (if there are any) and no EXCLUDE
 * expression. An expression whose {@code IF} condition is false, or an EXCLUDE expression with a placeholder that
 * has no value, is ignored; an INCLUDE expression with a missing placeholder value is an error.
 *
 * <p>Filter values are strings in the service's format: quoted and comma-separated, for example
 * {@code "\"SPORTS\",\"POLITICS\""} (unquoted numbers are accepted too). Immutable and thread-safe.
 */
public final class FilterExpression {
    private final String expression;
    private final List<Expr> parts;
    private final List<FieldRef> fields;

    private FilterExpression(String expression, List<Expr> parts, List<FieldRef> fields) {
        this.expression = expression;
        this.parts = parts;
        this.fields = fields;
    }

    /**
     * A dataset field an expression names.
     *
     * @param dataset {@code Items} (also for {@code CurrentItem.FIELD}), {@code Interactions} or {@code Users}
     *     (for {@code CurrentUser.FIELD})
     * @param field the field name as written
     */
    public record FieldRef(String dataset, String field) {}

    /**
     * Parses an expression.
     *
     * @param expression the filter expression
     * @return the parsed filter
     * @throws IllegalArgumentException when the expression is not valid, with a message naming the problem
     */
    public static FilterExpression parse(String expression) {
        Objects.requireNonNull(expression, "expression");
        if (expression.isBlank()) {
            throw new IllegalArgumentException("Could not create filter. The filter expression is empty.");
        }
        if (expression.length() > 2500) {
            throw new IllegalArgumentException("Could not create filter. The filter expression has "
                    + expression.length() + " characters; the maximum is 2500.");
        }
        Parser p = new Parser(expression);
        List<Expr> parts = new ArrayList<>();
        parts.add(p.expression());
        while (p.peekIs("|")) {
            p.next();
            parts.add(p.expression());
        }
        if (!p.atEnd()) {
            throw p.error("Unexpected input after the end of the expression");
        }
        return new FilterExpression(expression, List.copyOf(parts), List.copyOf(p.fields));
    }

    /**
     * The dataset fields the expression names, in order of appearance, without repeats.
     *
     * @return the fields
     */
    public List<FieldRef> fields() {
        return fields;
    }

    /**
     * The expression text.
     *
     * @return the expression as given to {@link #parse}
     */
    public String expression() {
        return expression;
    }

    /**
     * The placeholder names (without {@code $}) the expression uses, in order of appearance.
     *
     * @return the names
     */
    public Set<String> parameterNames() {
        Set<String> out = new LinkedHashSet<>();
        for (Expr e : parts) {
            out.addAll(e.params);
        }
        return out;
    }

    /**
     * Whether the expression refers to {@code CurrentItem}, which only related-items recipes support.
     *
     * @return true when it does
     */
    public boolean usesCurrentItem() {
        for (Expr e : parts) {
            if (e.usesCurrentItem) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the expression filters on the user's interactions.
     *
     * @return true when an expression uses {@code Interactions.EVENT_TYPE}
     */
    public boolean usesInteractions() {
        for (Expr e : parts) {
            if (e.dataset.equals("interactions")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Builds the item predicate for one request.
     *
     * @param filterValues placeholder values (name without {@code $} to the service's quoted, comma-separated
     *     format)
     * @param itemMetadata the metadata of an item (field name to raw value), or null/empty when unknown
     * @param currentItemMetadata the metadata of the request's item (related-items requests), or null
     * @param userInteractedItems the items the user interacted with (any event type)
     * @return a predicate that is true for items that may be recommended
     * @throws IllegalArgumentException when an INCLUDE expression's placeholder has no value
     */
    public Predicate<String> predicate(
            Map<String, String> filterValues,
            Function<String, @Nullable Map<String, String>> itemMetadata,
            @Nullable Map<String, String> currentItemMetadata,
            Set<String> userInteractedItems) {
        return predicate(filterValues, itemMetadata, currentItemMetadata, null, types -> userInteractedItems);
    }

    /**
     * Builds the item predicate for one request, with the user's metadata (for {@code IF CurrentUser...}) and
     * interactions per event type.
     *
     * @param filterValues placeholder values
     * @param itemMetadata the metadata of an item, or null/empty when unknown
     * @param currentItemMetadata the metadata of the request's item, or null
     * @param currentUserMetadata the metadata of the request's user, or null
     * @param interactedItems for a set of event types ({@code "*"} = any), the items the user interacted with
     *     through them; for example {@code types -> interactions.itemsInteractedBy(userId, types)}
     * @return a predicate that is true for items that may be recommended
     * @throws IllegalArgumentException when an INCLUDE expression's placeholder has no value
     */
    public Predicate<String> predicate(
            Map<String, String> filterValues,
            Function<String, @Nullable Map<String, String>> itemMetadata,
            @Nullable Map<String, String> currentItemMetadata,
            @Nullable Map<String, String> currentUserMetadata,
            Function<Set<String>, Set<String>> interactedItems) {
        Objects.requireNonNull(filterValues, "filterValues");
        Objects.requireNonNull(itemMetadata, "itemMetadata");
        Objects.requireNonNull(interactedItems, "interactedItems");
        Context ctx = new Context(filterValues, currentItemMetadata, interactedItems);
        List<Expr> includes = new ArrayList<>();
        List<Expr> excludes = new ArrayList<>();
        for (Expr e : parts) {
            List<String> missing = new ArrayList<>();
            for (String param : e.params) {
                if (!filterValues.containsKey(param) || filterValues.get(param).isBlank()) {
                    missing.add(param);
                }
            }
            if (!missing.isEmpty()) {
                if (e.include) {
                    throw new IllegalArgumentException("Filter values are required for the placeholders of an"
                            + " INCLUDE expression; missing: " + missing);
                }
                continue; // an EXCLUDE expression without values is not applied
            }
            if (e.ifCondition != null && !e.ifCondition.test(ctx, currentUserMetadata)) {
                continue;
            }
            (e.include ? includes : excludes).add(e);
        }
        return itemId -> {
            Map<String, String> meta = itemMetadata.apply(itemId);
            ItemView item = new ItemView(itemId, meta == null ? Map.of() : meta);
            for (Expr e : excludes) {
                if (e.where.matches(ctx, item)) {
                    return false;
                }
            }
            if (includes.isEmpty()) {
                return true;
            }
            for (Expr e : includes) {
                if (e.where.matches(ctx, item)) {
                    return true;
                }
            }
            return false;
        };
    }

    @Override
    public String toString() {
        return "FilterExpression{" + expression + "}";
    }

    /**
     * Splits a filter value in the service's format ({@code "\"a\",\"b\""}) into its values.
     *
     * @param raw the value as sent in {@code filterValues}
     * @return the values
     */
    static List<String> splitValues(String raw) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = raw.length();
        while (i < n) {
            while (i < n && (raw.charAt(i) == ' ' || raw.charAt(i) == ',')) {
                i++;
            }
            if (i >= n) {
                break;
            }
            StringBuilder sb = new StringBuilder();
            boolean quoted = raw.charAt(i) == '"';
            if (quoted) {
                i++;
                while (i < n && raw.charAt(i) != '"') {
                    if (raw.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    }
                    sb.append(raw.charAt(i++));
                }
                i++;
            } else {
                while (i < n && raw.charAt(i) != ',') {
                    sb.append(raw.charAt(i++));
                }
            }
            out.add(quoted ? sb.toString() : sb.toString().strip());
        }
        return out;
    }

    // ----------------------------------------------------------------------------------------------- model

    private record ItemView(String id, Map<String, String> metadata) {}

    private static final class Context {
        final Map<String, String> filterValues;
        final @Nullable Map<String, String> currentItem;
        final Function<Set<String>, Set<String>> interactedItems;
        final Map<Set<String>, Set<String>> interactedCache = new java.util.concurrent.ConcurrentHashMap<>();
        final Map<Object, Set<String>> resolved = new java.util.concurrent.ConcurrentHashMap<>();

        Context(
                Map<String, String> filterValues,
                @Nullable Map<String, String> currentItem,
                Function<Set<String>, Set<String>> interactedItems) {
            this.filterValues = filterValues;
            this.currentItem = currentItem;
            this.interactedItems = interactedItems;
        }

        Set<String> interacted(Set<String> types) {
            return interactedCache.computeIfAbsent(types, interactedItems);
        }
    }

    private static @Nullable String lookup(@Nullable Map<String, String> meta, String name) {
        if (meta == null) {
            return null;
        }
        String v = meta.get(name);
        if (v != null) {
            return v;
        }
        for (Map.Entry<String, String> e : meta.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** Where values come from: literals, a placeholder, or a field of the current item. */
    private record Source(Kind kind, String text, List<String> literals) {
        enum Kind {
            LITERALS,
            PARAM,
            CURRENT_ITEM
        }

        List<String> resolve(Context ctx) {
            return switch (kind) {
                case LITERALS -> literals;
                case PARAM -> splitValues(ctx.filterValues.getOrDefault(text, ""));
                case CURRENT_ITEM -> {
                    String v = lookup(ctx.currentItem, text);
                    yield v == null || v.isEmpty() ? List.of() : List.of(v.split("\\|"));
                }
            };
        }
    }

    private interface Cond {
        boolean matches(Context ctx, ItemView item);
    }

    private record InCond(String dataset, String field, boolean not, List<Source> sources) implements Cond {
        @Override
        public boolean matches(Context ctx, ItemView item) {
            Set<String> wanted = ctx.resolved.computeIfAbsent(this, k -> {
                Set<String> set = new HashSet<>();
                for (Source s : sources) {
                    set.addAll(s.resolve(ctx));
                }
                return set;
            });
            if (dataset.equals("interactions")) {
                Set<String> types = wanted.contains("*") ? Set.of("*") : Collections.unmodifiableSet(wanted);
                boolean hit = !types.isEmpty() && ctx.interacted(types).contains(item.id());
                if (not) {
                    return !hit && ctx.interacted(Set.of("*")).contains(item.id());
                }
                return hit;
            }
            String v = field.equalsIgnoreCase("ITEM_ID") ? item.id() : lookup(item.metadata(), field);
            if (v == null || v.isEmpty()) {
                return false;
            }
            boolean any = false;
            for (String part : v.split("\\|")) {
                if (wanted.contains(part)) {
                    any = true;
                    break;
                }
            }
            return not != any;
        }
    }

    private record CompareCond(String field, String op, Source source) implements Cond {
        @Override
        public boolean matches(Context ctx, ItemView item) {
            String v = field.equalsIgnoreCase("ITEM_ID") ? item.id() : lookup(item.metadata(), field);
            List<String> rhs = source.resolve(ctx);
            return v != null && !rhs.isEmpty() && compare(v, op, rhs.get(0));
        }
    }

    static boolean compare(String left, String op, String right) {
        Double l = number(left);
        Double r = number(right);
        if (l != null && r != null) {
            int c = Double.compare(l, r);
            return switch (op) {
                case "=" -> c == 0;
                case "!=" -> c != 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                case ">=" -> c >= 0;
                default -> false;
            };
        }
        return switch (op) {
            case "=" -> left.equals(right);
            case "!=" -> !left.equals(right);
            default -> false;
        };
    }

    private static @Nullable Double number(String s) {
        try {
            return Double.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private record AndCond(List<Cond> parts) implements Cond {
        @Override
        public boolean matches(Context ctx, ItemView item) {
            for (Cond c : parts) {
                if (!c.matches(ctx, item)) {
                    return false;
                }
            }
            return true;
        }
    }

    private record OrCond(List<Cond> parts) implements Cond {
        @Override
        public boolean matches(Context ctx, ItemView item) {
            for (Cond c : parts) {
                if (c.matches(ctx, item)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** One {@code CurrentUser.FIELD op values} test of an IF condition. */
    private record UserTest(String field, String op, List<Source> sources) {}

    /** The {@code IF CurrentUser...} conditions, all of which must hold. */
    private record UserCond(List<UserTest> tests) {
        boolean test(Context ctx, @Nullable Map<String, String> user) {
            for (UserTest t : tests) {
                String v = lookup(user, t.field());
                if (v == null || v.isEmpty()) {
                    return false;
                }
                List<String> rhs = new ArrayList<>();
                for (Source s : t.sources()) {
                    rhs.addAll(s.resolve(ctx));
                }
                boolean ok;
                if (t.op().equals("IN") || t.op().equals("NOT IN")) {
                    boolean any = false;
                    for (String part : v.split("\\|")) {
                        any |= rhs.contains(part);
                    }
                    ok = t.op().equals("IN") == any;
                } else {
                    ok = !rhs.isEmpty() && compare(v, t.op(), rhs.get(0));
                }
                if (!ok) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final class Expr {
        final boolean include;
        final String dataset;
        final Cond where;
        final @Nullable UserCond ifCondition;
        final Set<String> params;
        final boolean usesCurrentItem;

        Expr(
                boolean include,
                String dataset,
                Cond where,
                @Nullable UserCond ifCondition,
                Set<String> params,
                boolean usesCurrentItem) {
            this.include = include;
            this.dataset = dataset;
            this.where = where;
            this.ifCondition = ifCondition;
            this.params = params;
            this.usesCurrentItem = usesCurrentItem;
        }
    }

    // ---------------------------------------------------------------------------------------------- parser

    private static final class Parser {
        private final String src;
        private final List<String> tokens = new ArrayList<>();
        private final List<Integer> positions = new ArrayList<>();
        private int k;
        // per expression
        private @Nullable String dataset;
        private Set<String> params = new LinkedHashSet<>();
        private boolean usesCurrentItem;
        final Set<FieldRef> fields = new LinkedHashSet<>();

        Parser(String src) {
            this.src = src;
            tokenize();
        }

        private void tokenize() {
            int i = 0;
            int n = src.length();
            while (i < n) {
                char c = src.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                    continue;
                }
                int start = i;
                if (c == '"') {
                    StringBuilder sb = new StringBuilder("\"");
                    i++;
                    while (i < n && src.charAt(i) != '"') {
                        if (src.charAt(i) == '\\' && i + 1 < n) {
                            i++;
                        }
                        sb.append(src.charAt(i++));
                    }
                    if (i >= n) {
                        throw new IllegalArgumentException("Could not create filter. Unterminated string starting at"
                                + " position " + (start + 1) + " in: " + src);
                    }
                    i++;
                    tokens.add(sb.toString());
                } else if (c == '(' || c == ')' || c == ',' || c == '|' || c == '=') {
                    tokens.add(String.valueOf(c));
                    i++;
                } else if (c == '<' || c == '>' || c == '!') {
                    if (i + 1 < n && src.charAt(i + 1) == '=') {
                        tokens.add(src.substring(i, i + 2));
                        i += 2;
                    } else if (c == '!') {
                        throw new IllegalArgumentException(
                                "Could not create filter. Invalid input symbol: ! at" + " position " + (i + 1) + ".");
                    } else {
                        tokens.add(String.valueOf(c));
                        i++;
                    }
                } else {
                    while (i < n) {
                        char d = src.charAt(i);
                        if (Character.isWhitespace(d) || "()|,=<>!\"".indexOf(d) >= 0) {
                            break;
                        }
                        i++;
                    }
                    tokens.add(src.substring(start, i));
                }
                positions.add(start + 1);
            }
        }

        boolean atEnd() {
            return k >= tokens.size();
        }

        boolean peekIs(String word) {
            return !atEnd() && tokens.get(k).equalsIgnoreCase(word);
        }

        String next() {
            if (atEnd()) {
                throw new IllegalArgumentException("Could not create filter. The expression ends unexpectedly: " + src);
            }
            return tokens.get(k++);
        }

        void expect(String word, String what) {
            if (!peekIs(word)) {
                throw error("Expected " + what);
            }
            k++;
        }

        IllegalArgumentException error(String message) {
            if (atEnd()) {
                return new IllegalArgumentException(
                        "Could not create filter. " + message + ", but the expression ends: " + src);
            }
            return new IllegalArgumentException("Could not create filter. Invalid input symbol: " + tokens.get(k)
                    + " at position " + positions.get(k) + ". " + message + ".");
        }

        Expr expression() {
            dataset = null;
            params = new LinkedHashSet<>();
            usesCurrentItem = false;
            boolean include;
            if (peekIs("INCLUDE")) {
                include = true;
            } else if (peekIs("EXCLUDE")) {
                include = false;
            } else {
                throw error("Expected INCLUDE or EXCLUDE");
            }
            k++;
            if (peekIs("ActionID") || peekIs("UserID")) {
                throw error("personalize-local supports item filters (ItemID) only");
            }
            expect("ItemID", "ItemID after INCLUDE/EXCLUDE");
            expect("WHERE", "WHERE after ItemID");
            Cond where = orChain();
            UserCond ifCond = null;
            if (peekIs("IF")) {
                k++;
                ifCond = userChain();
            }
            String ds = Objects.requireNonNull(dataset);
            return new Expr(include, ds, where, ifCond, Set.copyOf(params), usesCurrentItem);
        }

        private Cond orChain() {
            List<Cond> parts = new ArrayList<>();
            parts.add(andChain());
            while (peekIs("OR")) {
                k++;
                parts.add(andChain());
            }
            return parts.size() == 1 ? parts.get(0) : new OrCond(List.copyOf(parts));
        }

        private Cond andChain() {
            List<Cond> parts = new ArrayList<>();
            parts.add(condition());
            while (peekIs("AND")) {
                k++;
                parts.add(condition());
            }
            return parts.size() == 1 ? parts.get(0) : new AndCond(List.copyOf(parts));
        }

        private Cond condition() {
            if (atEnd()) {
                throw error("Expected a condition such as Items.GENRES IN (\"comedy\")");
            }
            String ref = tokens.get(k);
            int dot = ref.indexOf('.');
            if (dot <= 0 || dot == ref.length() - 1) {
                throw error("Expected Dataset.FIELD (for example Items.GENRES or Interactions.EVENT_TYPE)");
            }
            String ds = ref.substring(0, dot).toLowerCase(Locale.ROOT);
            String field = ref.substring(dot + 1);
            if (!ds.equals("items") && !ds.equals("interactions")) {
                throw error(
                        ds.equals("currentuser")
                                ? "CurrentUser can only be used in an IF condition at the end of the expression"
                                : "Expected the Items or Interactions dataset");
            }
            if (ds.equals("interactions") && !field.equalsIgnoreCase("EVENT_TYPE")) {
                throw error("Interactions conditions can only use EVENT_TYPE");
            }
            if (dataset != null && !dataset.equals(ds)) {
                throw error("Conditions chained with AND or OR must use the dataset of the first condition (" + dataset
                        + "); combine expressions on different datasets with |");
            }
            dataset = ds;
            fields.add(new FieldRef(ds.equals("items") ? "Items" : "Interactions", field));
            k++;
            if (peekIs("NOT") || peekIs("IN")) {
                boolean not = peekIs("NOT");
                if (not) {
                    k++;
                }
                expect("IN", "IN after NOT");
                List<Source> sources = values(not);
                return new InCond(ds, field, not, sources);
            }
            String op = atEnd() ? "" : tokens.get(k);
            if (!List.of("=", "!=", "<", "<=", ">", ">=").contains(op)) {
                throw error("Expected IN, NOT IN or a comparison operator (=, !=, <, <=, >, >=)");
            }
            if (ds.equals("interactions")) {
                throw error("Interactions.EVENT_TYPE supports IN and NOT IN only");
            }
            k++;
            return new CompareCond(field, op, scalar());
        }

        private List<Source> values(boolean not) {
            if (!atEnd() && tokens.get(k).regionMatches(true, 0, "CurrentItem.", 0, 12)) {
                return List.of(scalar());
            }
            expect("(", "( to open the list of values");
            List<Source> sources = new ArrayList<>();
            List<String> literals = new ArrayList<>();
            while (true) {
                String t = atEnd() ? "" : tokens.get(k);
                if (t.startsWith("$")) {
                    if (not) {
                        throw new IllegalArgumentException("Could not create filter. Invalid input symbol: " + t
                                + ". Placeholders are not allowed with NOT_IN operator.");
                    }
                    sources.add(scalar());
                } else if (t.regionMatches(true, 0, "CurrentItem.", 0, 12)) {
                    sources.add(scalar());
                } else if (t.startsWith("\"")) {
                    literals.add(t.substring(1));
                    k++;
                } else if (!t.isEmpty() && number(t) != null) {
                    literals.add(t);
                    k++;
                } else {
                    throw error("Expected a quoted value, a number or a $PLACEHOLDER");
                }
                if (peekIs(",")) {
                    k++;
                    continue;
                }
                expect(")", ") to close the list of values");
                break;
            }
            if (!literals.isEmpty()) {
                sources.add(new Source(Source.Kind.LITERALS, "", List.copyOf(literals)));
            }
            return List.copyOf(sources);
        }

        private Source scalar() {
            String t = atEnd() ? "" : tokens.get(k);
            if (t.startsWith("$") && t.length() > 1) {
                String name = t.substring(1);
                if (!name.matches("[A-Za-z0-9_]+")) {
                    throw error("Placeholder names may contain letters, digits and _ only");
                }
                params.add(name);
                k++;
                return new Source(Source.Kind.PARAM, name, List.of());
            }
            if (t.regionMatches(true, 0, "CurrentItem.", 0, 12) && t.length() > 12) {
                usesCurrentItem = true;
                fields.add(new FieldRef("Items", t.substring(12)));
                k++;
                return new Source(Source.Kind.CURRENT_ITEM, t.substring(12), List.of());
            }
            if (t.startsWith("\"")) {
                k++;
                return new Source(Source.Kind.LITERALS, "", List.of(t.substring(1)));
            }
            if (!t.isEmpty() && number(t) != null) {
                k++;
                return new Source(Source.Kind.LITERALS, "", List.of(t));
            }
            throw error("Expected a value, a $PLACEHOLDER or CurrentItem.FIELD");
        }

        private UserCond userChain() {
            List<UserTest> tests = new ArrayList<>();
            do {
                if (!tests.isEmpty()) {
                    k++; // AND
                }
                String ref = atEnd() ? "" : tokens.get(k);
                if (!ref.regionMatches(true, 0, "CurrentUser.", 0, 12) || ref.length() <= 12) {
                    throw error("Expected CurrentUser.FIELD in the IF condition");
                }
                fields.add(new FieldRef("Users", ref.substring(12)));
                k++;
                String op;
                List<Source> sources;
                if (peekIs("NOT") || peekIs("IN")) {
                    boolean not = peekIs("NOT");
                    if (not) {
                        k++;
                    }
                    expect("IN", "IN after NOT");
                    op = not ? "NOT IN" : "IN";
                    sources = values(not);
                } else {
                    op = atEnd() ? "" : tokens.get(k);
                    if (!List.of("=", "!=", "<", "<=", ">", ">=").contains(op)) {
                        throw error("Expected IN, NOT IN or a comparison operator");
                    }
                    k++;
                    sources = List.of(scalar());
                }
                tests.add(new UserTest(ref.substring(12), op, sources));
            } while (peekIs("AND"));
            return new UserCond(List.copyOf(tests));
        }
    }
}
