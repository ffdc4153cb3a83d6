/**
 * Getting dataset files into Amazon S3 for Amazon Personalize.
 *
 * <p>{@link io.personalizekit.storage.DatasetUploader} puts a local file under a bucket and prefix with a
 * caller-provided {@code S3Client} (single {@code PutObject} for small files, multipart above a configurable
 * threshold, aborted on failure) and returns the {@code s3://} URI an import job or a batch inference job takes.
 * {@link io.personalizekit.storage.PersonalizeS3Policies} renders the bucket policy, the role policy and the
 * role trust policy Personalize needs to read (and, for batch jobs, write) the data:
 *
 * <pre>{@code
 * DatasetUploader uploader = DatasetUploader.builder().s3Client(s3).build();   // s3 is borrowed, never closed
 * UploadResult result = uploader.upload(Path.of("items.csv"), S3Location.of("my-bucket", "personalize/items/"));
 * String dataLocation = result.uri();   // s3://my-bucket/personalize/items/items.csv
 * String bucketPolicy = PersonalizeS3Policies.forBucket("my-bucket").bucketPolicy();
 * }</pre>
 *
 * <p>Values in this package are immutable and thread-safe; builders are not thread-safe.
 */
@NullMarked
package io.personalizekit.storage;

import org.jspecify.annotations.NullMarked;
