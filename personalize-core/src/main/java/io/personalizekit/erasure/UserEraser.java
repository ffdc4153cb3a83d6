package io.personalizekit.erasure;

import io.personalizekit.PersonalizeLimits;
import io.personalizekit.cache.CachingUserRecommendationsClient;
import io.personalizekit.cache.UserRecommendationStore;
import io.personalizekit.exception.CacheStoreException;
import io.personalizekit.exception.CsvWriteException;
import io.personalizekit.resource.DatasetGroupRef;
import io.personalizekit.resource.Deployment;
import io.personalizekit.resource.SolutionRef;
import io.personalizekit.storage.DatasetUploader;
import io.personalizekit.storage.S3Location;
import io.personalizekit.storage.UploadResult;
import io.personalizekit.waiter.DataDeletionJobWaiter;
import io.personalizekit.waiter.ResourceWaiter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.DataDeletionJob;
import software.amazon.awssdk.services.personalize.model.Solution;
import software.amazon.awssdk.services.personalize.model.SolutionVersionSummary;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Erases users from a dataset group in one call: writes their ids as a {@code USER_ID} CSV (to a temporary file,
 * then moved into place), uploads it with {@link DatasetUploader}, runs {@code CreateDataDeletionJob}, waits for it to
 * complete, removes their cached user recommendations, and reports what happened and when the models will have
 * forgotten them ({@link ErasureReport}). Thread-safe; the clients are borrowed.
 *
 * <pre>{@code
 * UserEraser eraser = UserEraser.builder()
 *         .personalizeClient(personalize)
 *         .s3Client(s3)
 *         .deployment(news)                               // the dataset group, and the solution to report on
 *         .roleArn("arn:aws:iam::123456789012:role/PersonalizeS3")
 *         .stagingLocation(S3Location.parse("s3://news-data/erasure/"))
 *         .purge(forYou)                                  // a CachingUserRecommendationsClient
 *         .build();
 * ErasureReport report = eraser.erase(List.of("reader-7"));
 * }</pre>
 *
 * <p>What the deletion does not do: models trained before it keep what they learned, and a campaign serving one
 * still personalises for the users (so a list cached after the purge is again derived from their history) until a
 * solution version trained after the job is served; {@link ErasureReport#forgetting()} says when that is. The CSV
 * uploaded to the staging location holds the user ids; delete it when your retention rules say so.
 */
public final class UserEraser {
    private static final Logger log = LoggerFactory.getLogger(UserEraser.class);
    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) days?\\)");
    private static final String DEFAULT_SCHEDULE = "rate(7 days)";
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final PersonalizeClient personalize;
    private final DatasetUploader uploader;
    private final String datasetGroupArn;
    private final @Nullable String solutionArn;
    private final String roleArn;
    private final S3Location staging;
    private final List<CachingUserRecommendationsClient> clients;
    private final List<UserRecommendationStore> stores;
    private final DataDeletionJobWaiter waiter;
    private final Clock clock;
    private final Path workDirectory;

    private UserEraser(Builder b) {
        this.personalize = Objects.requireNonNull(b.personalize, "personalizeClient");
        if (b.uploader == null) {
            throw new NullPointerException("s3Client (or uploader): the CSV of user ids is uploaded with it");
        }
        this.uploader = b.uploader;
        if (b.datasetGroupArn == null) {
            throw new NullPointerException("datasetGroupArn (or datasetGroup, or deployment)");
        }
        this.datasetGroupArn = b.datasetGroupArn;
        this.solutionArn = b.solutionArn;
        this.roleArn = Objects.requireNonNull(b.roleArn, "roleArn: the role Personalize reads the CSV with");
        this.staging = Objects.requireNonNull(b.staging, "stagingLocation: where the CSV of user ids is uploaded");
        this.clients = List.copyOf(b.clients);
        this.stores = List.copyOf(b.stores);
        this.clock = b.clock;
        this.waiter = b.waiter != null
                ? b.waiter
                : DataDeletionJobWaiter.builder()
                        .personalizeClient(personalize)
                        .clock(clock)
                        .build();
        this.workDirectory = b.workDirectory;
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks user ids as {@code CreateDataDeletionJob} needs them: at least one, each 1 to {@value
     * PersonalizeLimits#MAX_ID_LENGTH} characters.
     *
     * @param userIds the ids
     * @return the ids without repeats, in the order given
     * @throws IllegalArgumentException naming the first bad id (its position, value and the limit)
     */
    public static List<String> checkUserIds(Collection<String> userIds) {
        Objects.requireNonNull(userIds, "userIds");
        if (userIds.isEmpty()) {
            throw new IllegalArgumentException("userIds is empty: give at least one user id to erase");
        }
        Set<String> unique = new LinkedHashSet<>();
        int i = 0;
        for (String id : userIds) {
            if (id == null) {
                throw new IllegalArgumentException("userIds[" + i + "] is null: a user id must be 1 to "
                        + PersonalizeLimits.MAX_ID_LENGTH + " characters");
            }
            if (id.isEmpty()) {
                throw new IllegalArgumentException("userIds[" + i + "] is empty: a user id must be 1 to "
                        + PersonalizeLimits.MAX_ID_LENGTH + " characters");
            }
            if (id.length() > PersonalizeLimits.MAX_ID_LENGTH) {
                throw new IllegalArgumentException("userIds[" + i + "] = \"" + id.substring(0, 40) + "...\" has "
                        + id.length() + " characters, more than the limit of " + PersonalizeLimits.MAX_ID_LENGTH);
            }
            unique.add(id);
            i++;
        }
        return List.copyOf(unique);
    }

    /**
     * Erases users: deletes their interactions and user records from the dataset group, waits until the job
     * completes, then removes their cached lists from every client and store given to {@link Builder#purge}.
     *
     * @param userIds the users
     * @return the report
     * @throws IllegalArgumentException when an id is empty or longer than {@value PersonalizeLimits#MAX_ID_LENGTH}
     *     characters (before anything is written or sent)
     * @throws io.personalizekit.exception.ResourceFailedException when the job fails, with its reason
     * @throws io.personalizekit.exception.WaitTimeoutException when it does not complete in the waiter's timeout
     * @throws CsvWriteException when the CSV of user ids cannot be written locally
     * @throws CacheStoreException when the job completed but a cache could not be purged; run {@link
     *     CachingUserRecommendationsClient#purgeUser(String)} again
     */
    public ErasureReport erase(Collection<String> userIds) {
        List<String> ids = checkUserIds(userIds);
        String jobName = jobName(ids);
        UploadResult uploaded = upload(jobName, ids);
        String jobArn = personalize
                .createDataDeletionJob(r -> r.jobName(jobName)
                        .datasetGroupArn(datasetGroupArn)
                        .dataSource(d -> d.dataLocation(uploaded.uri()))
                        .roleArn(roleArn))
                .dataDeletionJobArn();
        log.info("Data deletion job {} started for {} user(s) of {}", jobArn, ids.size(), datasetGroupArn);
        DataDeletionJob job = waiter.waitUntilCompleted(jobArn);
        Instant completedAt = job.lastUpdatedDateTime() != null ? job.lastUpdatedDateTime() : clock.instant();
        Map<String, Set<String>> purged = purge(jobArn, ids);
        Forgetting forgetting = forgetting(completedAt);
        log.info(
                "Data deletion job {} completed: {} user(s) deleted, {} cached list(s) purged; {}",
                jobArn,
                job.numDeleted(),
                purged.values().stream().mapToInt(Set::size).sum(),
                forgetting.describe());
        return new ErasureReport(jobArn, ids, uploaded.uri(), job.numDeleted(), completedAt, purged, forgetting);
    }

    private String jobName(List<String> ids) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            ids.forEach(id -> sha.update((id + "\n").getBytes(StandardCharsets.UTF_8)));
            byte[] h = sha.digest();
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < 4; i++) {
                hex.append(Character.forDigit((h[i] >> 4) & 0xF, 16)).append(Character.forDigit(h[i] & 0xF, 16));
            }
            return "erase-" + STAMP.format(clock.instant()) + "-" + hex;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** Writes the CSV to a temporary file, moves it into place, uploads it, and deletes the local copy. */
    private UploadResult upload(String jobName, List<String> ids) {
        Path finalFile = workDirectory.resolve(jobName + ".csv");
        Path tmp = null;
        try {
            Files.createDirectories(workDirectory);
            tmp = Files.createTempFile(workDirectory, jobName, ".csv.part");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write("USER_ID\n");
                for (String id : ids) {
                    w.write(csvValue(id));
                    w.write('\n');
                }
            }
            Files.move(tmp, finalFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
            return uploader.upload(finalFile, staging.asPrefix().resolve(jobName + ".csv"));
        } catch (IOException e) {
            throw new CsvWriteException(
                    finalFile.toString(), 0, "Could not write the CSV of user ids to " + finalFile + ": " + e, e);
        } finally {
            deleteQuietly(tmp);
            deleteQuietly(finalFile); // it holds the user ids: keep no local copy
        }
    }

    private static void deleteQuietly(@Nullable Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            log.warn("Could not delete {}, which holds user ids to erase: {}", p, e.toString());
        }
    }

    /** RFC 4180: quoted when it holds a comma, a quote or a line break, quotes doubled. */
    static String csvValue(String v) {
        boolean quote = false;
        for (int i = 0; i < v.length() && !quote; i++) {
            char c = v.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        return quote ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    private Map<String, Set<String>> purge(String jobArn, List<String> ids) {
        Map<String, Set<String>> purged = new LinkedHashMap<>();
        for (String id : ids) {
            Set<String> removed = new HashSet<>();
            try {
                for (CachingUserRecommendationsClient c : clients) {
                    removed.addAll(c.purgeUser(id));
                }
                for (UserRecommendationStore s : stores) {
                    removed.addAll(s.invalidateUser(id));
                }
            } catch (RuntimeException e) {
                throw new CacheStoreException(
                        "Data deletion job " + jobArn + " COMPLETED, but the cached lists of user " + id
                                + " could not be purged (purge them again): " + e,
                        "user",
                        e);
            }
            if (!removed.isEmpty()) {
                purged.put(id, Set.copyOf(removed));
            }
        }
        return purged;
    }

    private Forgetting forgetting(Instant completedAt) {
        String solution = solutionArn;
        if (solution == null) {
            return new Forgetting(Forgetting.State.UNKNOWN, null, null, null, null);
        }
        SolutionVersionSummary newest = null;
        for (SolutionVersionSummary v : personalize
                .listSolutionVersionsPaginator(r -> r.solutionArn(solution))
                .solutionVersions()) {
            if (v.creationDateTime() != null
                    && v.creationDateTime().isAfter(completedAt)
                    && "ACTIVE".equals(v.status())
                    && (newest == null || v.creationDateTime().isAfter(newest.creationDateTime()))) {
                newest = v;
            }
        }
        if (newest != null) {
            return new Forgetting(Forgetting.State.RETRAINED, solution, newest.solutionVersionArn(), null, null);
        }
        Solution s = personalize.describeSolution(r -> r.solutionArn(solution)).solution();
        if (Boolean.TRUE.equals(s.performAutoTraining())) {
            String schedule = s.solutionConfig() != null
                            && s.solutionConfig().autoTrainingConfig() != null
                            && s.solutionConfig().autoTrainingConfig().schedulingExpression() != null
                    ? s.solutionConfig().autoTrainingConfig().schedulingExpression()
                    : DEFAULT_SCHEDULE;
            Matcher m = RATE.matcher(schedule);
            int days = m.matches() ? Integer.parseInt(m.group(1)) : 7;
            return new Forgetting(
                    Forgetting.State.AUTO_TRAINING, solution, null, completedAt.plus(Duration.ofDays(days)), schedule);
        }
        return new Forgetting(Forgetting.State.NEEDS_RETRAIN, solution, null, null, null);
    }

    @Override
    public String toString() {
        return "UserEraser{datasetGroup=" + datasetGroupArn + ", staging=" + staging + "}";
    }

    /** Builder of {@link UserEraser}; not thread-safe. */
    public static final class Builder {
        private @Nullable PersonalizeClient personalize;
        private @Nullable DatasetUploader uploader;
        private @Nullable String datasetGroupArn;
        private @Nullable String solutionArn;
        private @Nullable String roleArn;
        private @Nullable S3Location staging;
        private final List<CachingUserRecommendationsClient> clients = new ArrayList<>();
        private final List<UserRecommendationStore> stores = new ArrayList<>();
        private @Nullable DataDeletionJobWaiter waiter;
        private Clock clock = Clock.systemUTC();
        private Path workDirectory = Path.of(System.getProperty("java.io.tmpdir"));

        private Builder() {}

        /**
         * Sets the Personalize client (required); borrowed.
         *
         * @param personalizeClient the SDK client
         * @return this builder
         */
        public Builder personalizeClient(PersonalizeClient personalizeClient) {
            this.personalize = Objects.requireNonNull(personalizeClient, "personalizeClient");
            return this;
        }

        /**
         * Sets the S3 client the CSV is uploaded with (this or {@link #uploader(DatasetUploader)} is required);
         * borrowed.
         *
         * @param s3Client the SDK client
         * @return this builder
         */
        public Builder s3Client(S3Client s3Client) {
            this.uploader = DatasetUploader.builder()
                    .s3Client(Objects.requireNonNull(s3Client, "s3Client"))
                    .build();
            return this;
        }

        /**
         * Sets the uploader of the CSV.
         *
         * @param uploader the uploader
         * @return this builder
         */
        public Builder uploader(DatasetUploader uploader) {
            this.uploader = Objects.requireNonNull(uploader, "uploader");
            return this;
        }

        /**
         * Sets the dataset group to delete from (this, {@link #datasetGroup} or {@link #deployment} is required).
         *
         * @param datasetGroupArn the ARN
         * @return this builder
         */
        public Builder datasetGroupArn(String datasetGroupArn) {
            this.datasetGroupArn = Objects.requireNonNull(datasetGroupArn, "datasetGroupArn");
            return this;
        }

        /**
         * Sets the dataset group to delete from.
         *
         * @param datasetGroup the dataset group
         * @return this builder
         */
        public Builder datasetGroup(DatasetGroupRef datasetGroup) {
            return datasetGroupArn(
                    Objects.requireNonNull(datasetGroup, "datasetGroup").arn());
        }

        /**
         * Sets the solution whose retraining the report looks at.
         *
         * @param solutionArn the ARN, or {@code null} for none ({@link Forgetting.State#UNKNOWN})
         * @return this builder
         */
        public Builder solutionArn(@Nullable String solutionArn) {
            this.solutionArn = solutionArn;
            return this;
        }

        /**
         * Sets the solution whose retraining the report looks at.
         *
         * @param solution the solution
         * @return this builder
         */
        public Builder solution(SolutionRef solution) {
            return solutionArn(Objects.requireNonNull(solution, "solution").arn());
        }

        /**
         * Sets the dataset group and, when the deployment has one, the solution, from a deployment.
         *
         * @param deployment the deployment, for example {@code pipeline.run(spec).deployment()}
         * @return this builder
         * @throws IllegalStateException when the deployment has no dataset group
         */
        public Builder deployment(Deployment deployment) {
            Objects.requireNonNull(deployment, "deployment");
            datasetGroup(deployment.datasetGroup());
            if (deployment.has(io.personalizekit.resource.ResourceType.SOLUTION)) {
                solution(deployment.solution());
            }
            return this;
        }

        /**
         * Sets the IAM role Personalize reads the CSV with (required).
         *
         * @param roleArn the role ARN
         * @return this builder
         */
        public Builder roleArn(String roleArn) {
            this.roleArn = Objects.requireNonNull(roleArn, "roleArn");
            return this;
        }

        /**
         * Sets the S3 folder the CSV of user ids is uploaded to (required), as {@code <folder>/<jobName>.csv}.
         *
         * @param staging the folder
         * @return this builder
         */
        public Builder stagingLocation(S3Location staging) {
            this.staging = Objects.requireNonNull(staging, "staging");
            return this;
        }

        /**
         * Adds a caching client whose cached lists of the erased users are removed once the job completed.
         *
         * @param client the client
         * @return this builder
         */
        public Builder purge(CachingUserRecommendationsClient client) {
            this.clients.add(Objects.requireNonNull(client, "client"));
            return this;
        }

        /**
         * Adds a store whose lists of the erased users are removed once the job completed (for a store that no
         * caching client in this process reads).
         *
         * @param store the store
         * @return this builder
         */
        public Builder purge(UserRecommendationStore store) {
            this.stores.add(Objects.requireNonNull(store, "store"));
            return this;
        }

        /**
         * Sets the waiter of the data deletion job; defaults to one with the dataset import job's policy.
         *
         * @param waiter the waiter
         * @return this builder
         */
        public Builder waiter(DataDeletionJobWaiter waiter) {
            this.waiter = Objects.requireNonNull(waiter, "waiter");
            return this;
        }

        /**
         * Waits for the job with the clock, sleeper and import-job policy of a {@link ResourceWaiter} (for example
         * the emulator's). Needs {@link #personalizeClient} set first.
         *
         * @param resourceWaiter the resource waiter
         * @return this builder
         * @throws NullPointerException when the Personalize client is not set yet
         */
        public Builder waiter(ResourceWaiter resourceWaiter) {
            Objects.requireNonNull(personalize, "personalizeClient must be set before waiter(ResourceWaiter)");
            return waiter(DataDeletionJobWaiter.builder()
                    .personalizeClient(personalize)
                    .like(resourceWaiter)
                    .build());
        }

        /**
         * Sets the clock that names the job; defaults to the UTC system clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the local folder the CSV is written in before upload (and deleted from after); defaults to {@code
         * java.io.tmpdir}.
         *
         * @param workDirectory the folder
         * @return this builder
         */
        public Builder workDirectory(Path workDirectory) {
            this.workDirectory = Objects.requireNonNull(workDirectory, "workDirectory");
            return this;
        }

        /**
         * Builds the eraser.
         *
         * @return the eraser
         * @throws NullPointerException when the Personalize client, the S3 client (or uploader), the dataset group,
         *     the role or the staging location is missing
         */
        public UserEraser build() {
            return new UserEraser(this);
        }
    }
}
