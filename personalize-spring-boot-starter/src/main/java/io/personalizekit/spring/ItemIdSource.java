package io.personalizekit.spring;

import java.util.stream.Stream;

/**
 * Where the fetcher job reads the ids of the items to fetch, asked once per run (a database query, a catalogue
 * service). A bean of this type wins over {@code personalize.fetcher.catalog-csv} and {@code
 * personalize.fetcher.item-ids}.
 */
@FunctionalInterface
public interface ItemIdSource {
    /**
     * The ids of the items whose similar items the run fetches; the stream is consumed and closed once.
     *
     * @return the item ids; repeats are fetched once
     */
    Stream<String> itemIds();
}
