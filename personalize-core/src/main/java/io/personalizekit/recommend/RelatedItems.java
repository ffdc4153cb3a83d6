package io.personalizekit.recommend;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The items related to several seed items at once (for example to everything in a reader's history), merged into
 * one ranked list, with each seed's own result kept. Immutable and thread-safe.
 *
 * <p>Merge rule ({@link #merge}): the seeds' lists are interleaved by rank (every seed's first item, then every
 * seed's second item, ...), in seed order within a rank; an item already taken at a better rank is skipped, and so
 * are the seeds themselves when asked. Results flagged {@link ResultSource#FALLBACK} (popular items for an unknown
 * seed) take part only when no seed gave real similar items, in which case {@link #isFallback()} is true.
 */
public final class RelatedItems {
    private final List<String> seedItemIds;
    private final List<RecommendedItem> items;
    private final Map<String, SimilarItems> bySeed;
    private final boolean fallback;

    private RelatedItems(
            List<String> seedItemIds, List<RecommendedItem> items, Map<String, SimilarItems> bySeed, boolean fallback) {
        this.seedItemIds = List.copyOf(seedItemIds);
        this.items = List.copyOf(items);
        this.bySeed = Collections.unmodifiableMap(new LinkedHashMap<>(bySeed));
        this.fallback = fallback;
    }

    /**
     * Merges per-seed results by rank, as described in the class documentation.
     *
     * @param perSeed one result per seed, in seed order (a seed appearing twice is counted once)
     * @param maxResults the most items in the merged list
     * @param excludeSeeds whether the seeds themselves are removed from the merged list
     * @return the merged result
     * @throws IllegalArgumentException when maxResults is below 1
     */
    public static RelatedItems merge(List<SimilarItems> perSeed, int maxResults, boolean excludeSeeds) {
        if (maxResults < 1) {
            throw new IllegalArgumentException("maxResults must be at least 1, but it is " + maxResults);
        }
        Map<String, SimilarItems> bySeed = new LinkedHashMap<>();
        for (SimilarItems s : perSeed) {
            bySeed.putIfAbsent(s.seedItemId(), s);
        }
        List<SimilarItems> contributors = new ArrayList<>();
        for (SimilarItems s : bySeed.values()) {
            if (s.source() != ResultSource.FALLBACK) {
                contributors.add(s);
            }
        }
        boolean fallback = contributors.isEmpty() && !bySeed.isEmpty();
        if (fallback) {
            contributors.addAll(bySeed.values());
        }
        Set<String> taken = new HashSet<>();
        if (excludeSeeds) {
            taken.addAll(bySeed.keySet());
        }
        List<RecommendedItem> merged = new ArrayList<>();
        int longest = 0;
        for (SimilarItems s : contributors) {
            longest = Math.max(longest, s.items().size());
        }
        for (int rank = 0; rank < longest && merged.size() < maxResults; rank++) {
            for (SimilarItems s : contributors) {
                if (rank < s.items().size()) {
                    RecommendedItem item = s.items().get(rank);
                    if (taken.add(item.itemId())) {
                        merged.add(item);
                        if (merged.size() == maxResults) {
                            break;
                        }
                    }
                }
            }
        }
        return new RelatedItems(new ArrayList<>(bySeed.keySet()), merged, bySeed, fallback);
    }

    /**
     * The seed item ids, in the order given, without repeats.
     *
     * @return an unmodifiable list
     */
    public List<String> seedItemIds() {
        return seedItemIds;
    }

    /**
     * The merged items, best first.
     *
     * @return an unmodifiable list
     */
    public List<RecommendedItem> items() {
        return items;
    }

    /**
     * The merged item ids, best first.
     *
     * @return a new unmodifiable list
     */
    public List<String> itemIds() {
        List<String> ids = new ArrayList<>(items.size());
        items.forEach(i -> ids.add(i.itemId()));
        return List.copyOf(ids);
    }

    /**
     * Each seed's own result, in seed order.
     *
     * @return an unmodifiable map from seed item id to its result
     */
    public Map<String, SimilarItems> bySeed() {
        return bySeed;
    }

    /**
     * Whether no seed gave similar items, so the merged list holds the service's popular items.
     *
     * @return true when every per-seed result was {@link ResultSource#FALLBACK}
     */
    public boolean isFallback() {
        return fallback;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RelatedItems)) {
            return false;
        }
        RelatedItems r = (RelatedItems) o;
        return fallback == r.fallback
                && seedItemIds.equals(r.seedItemIds)
                && items.equals(r.items)
                && bySeed.equals(r.bySeed);
    }

    @Override
    public int hashCode() {
        return Objects.hash(seedItemIds, items, bySeed, fallback);
    }

    @Override
    public String toString() {
        return "RelatedItems{seeds=" + seedItemIds + (fallback ? ", FALLBACK" : "") + ", items=" + itemIds() + "}";
    }
}
