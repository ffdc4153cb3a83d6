package io.personalizekit.local.internal.recipe;

import io.personalizekit.local.internal.data.TrainingFailedException;
import io.personalizekit.schema.DatasetType;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a recipe needs from the dataset group: the datasets it reads (the training snapshots only these) and the
 * service's minimums, checked before training with the service's failure reasons. A dataset the group lacks
 * reads as empty, so a group without interactions fails the minimums in the service's words.
 *
 * @param datasets the dataset types the recipe reads (always including interactions)
 * @param minInteractions the fewest interactions the recipe trains on
 * @param minActiveUsers the fewest users with at least 2 interactions each
 */
public record Requirements(Set<DatasetType> datasets, int minInteractions, int minActiveUsers) {
    /** The service's minimum number of interactions for the custom recipes. */
    public static final int MIN_INTERACTIONS = 1000;
    /** The service's minimum number of users with at least 2 interactions. */
    public static final int MIN_ACTIVE_USERS = 25;

    /** Checks and copies the members. */
    public Requirements {
        if (!Objects.requireNonNull(datasets, "datasets").contains(DatasetType.INTERACTIONS)) {
            throw new IllegalArgumentException("every recipe reads interactions: " + datasets);
        }
        datasets = Set.copyOf(EnumSet.copyOf(datasets));
    }

    /**
     * The service's minimums for a recipe reading the given datasets besides interactions.
     *
     * @param alsoReads the other dataset types read, for example items
     * @return the requirements
     */
    public static Requirements reading(DatasetType... alsoReads) {
        EnumSet<DatasetType> types = EnumSet.of(DatasetType.INTERACTIONS);
        types.addAll(java.util.Arrays.asList(alsoReads));
        return new Requirements(types, MIN_INTERACTIONS, MIN_ACTIVE_USERS);
    }

    /**
     * Whether the recipe reads a dataset type.
     *
     * @param type the type
     * @return true when it does
     */
    public boolean reads(DatasetType type) {
        return datasets.contains(type);
    }

    /**
     * Checks the minimums.
     *
     * @param data the training data
     * @throws TrainingFailedException with the service's failure reason when the data falls short
     */
    public void check(TrainingData data) {
        check(data, null);
    }

    /**
     * Checks the minimums on training data that a solution's {@code eventType} and {@code eventValueThreshold}
     * filtered: at least {@link #minInteractions()} interactions, {@link #minActiveUsers()} users with at least 2
     * interactions each, and at least 1 % of the users with at least 2 interactions each.
     *
     * @param data the training data (after filtering)
     * @param filtering what filtered it, for example {@code event type: click}, or null when nothing did
     * @throws TrainingFailedException with the service's failure reason when the data falls short
     */
    public void check(TrainingData data, @Nullable String filtering) {
        if (data.interactionCount() < minInteractions) {
            throw new TrainingFailedException(
                    filtering == null
                            ? "Create failed. Dataset has fewer than " + minInteractions + " interactions."
                            : "Dataset has fewer than " + minInteractions + " interactions after filtering by "
                                    + filtering);
        }
        int[] perUser = new int[data.userCount()];
        for (int u : data.userColumn()) {
            perUser[u]++;
        }
        int active = 0;
        for (int c : perUser) {
            if (c >= 2) {
                active++;
            }
        }
        if (active < minActiveUsers) {
            throw new TrainingFailedException("Create failed. Dataset has fewer than " + minActiveUsers
                    + " users with at least 2 interactions each.");
        }
        if (active * 100L < perUser.length) {
            throw new TrainingFailedException(
                    "Create failed. Dataset has fewer than 1% of users with at least 2 interactions each.");
        }
    }
}
