package io.personalizekit.examples.snippets;

import io.personalizekit.cache.CachingUserRecommendationsClient;
import io.personalizekit.erasure.ErasureReport;
import io.personalizekit.erasure.Forgetting;
import io.personalizekit.erasure.UserEraser;
import io.personalizekit.resource.Deployment;
import io.personalizekit.storage.S3Location;
import java.util.List;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.s3.S3Client;

/** Samples of docs/erasure.md. */
final class ErasureSnippets {
    private ErasureSnippets() {}

    static ErasureReport erase(
            PersonalizeClient personalize, S3Client s3, Deployment news, CachingUserRecommendationsClient forYou) {
        UserEraser eraser = UserEraser.builder()
                .personalizeClient(personalize)
                .s3Client(s3) // the CSV of user ids is uploaded with it
                .deployment(news) // the dataset group to delete from, and the solution to report on
                .roleArn("arn:aws:iam::123456789012:role/PersonalizeS3") // Personalize reads the CSV with it
                .stagingLocation(S3Location.parse("s3://news-data/erasure/"))
                .purge(forYou) // the caching clients (or stores) holding the users' lists
                .build();
        ErasureReport report = eraser.erase(List.of("reader-7", "reader-19"));
        return report;
    }

    static String report(ErasureReport report) {
        String line = report.jobArn() + ": " + report.numDeleted() + " user(s) deleted at " + report.completedAt()
                + ", " + report.purgedCacheEntryCount() + " cached list(s) purged";
        Forgetting forgetting = report.forgetting();
        if (forgetting.state() == Forgetting.State.NEEDS_RETRAIN) {
            line += "; train a new solution version to forget them"; // existing models still know them
        }
        return line + "; " + forgetting.describe();
    }
}
