package io.personalizekit.local.internal.recipe;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How the recipes read an item's text (the Items dataset's textual field, and the item name for
 * Semantic-Similarity): HTML/XML tags are dropped, the text is lower-cased and split into runs of letters and
 * digits, and words shorter than 2 characters and a small list of English, French, German and Spanish stop words are
 * left out. No stemming. Stateless.
 */
final class TextTokens {
    /** The service reads at most this many characters of a textual field (longer text is truncated, not refused). */
    static final int MAX_TEXT_CHARS = 20_000;

    private static final Pattern TAGS = Pattern.compile("<[^>]*>");
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{Nd}]+");
    private static final Set<String> STOP_WORDS = Set.of(
            "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is", "it", "its",
            "of", "on", "or", "that", "the", "this", "to", "was", "were", "will", "with", "le", "la", "les", "de",
            "der", "die", "das", "und", "el", "los", "y");

    private TextTokens() {}

    /**
     * The words of a text, in order, repeats included.
     *
     * @param text the text
     * @return the words
     */
    static List<String> terms(String text) {
        List<String> out = new ArrayList<>();
        for (String word : NON_WORD.split(TAGS.matcher(text).replaceAll(" ").toLowerCase(Locale.ROOT))) {
            if (word.length() >= 2 && !STOP_WORDS.contains(word)) {
                out.add(word);
            }
        }
        return out;
    }
}
