package io.personalizekit.storage;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An S3 bucket and key (an object) or key prefix (a "folder"), validated at construction and rendered as the
 * {@code s3://bucket/key} URI Amazon Personalize takes in {@code dataSource.dataLocation} and in a batch job's
 * {@code s3DataSource.path} / {@code s3DataDestination.path}. An immutable record; {@link #toString()} is the URI.
 *
 * <p>By S3 convention a location whose key is empty or ends with {@code /} is a prefix ({@link #isPrefix()}).
 *
 * <p>Bucket names follow S3's general-purpose bucket rules: 3 to 63 characters of lower-case letters, digits,
 * dots and hyphens; starting and ending with a letter or digit; no two adjacent dots; not formatted as an IP
 * address; not starting with {@code xn--}, {@code sthree-} or {@code amzn-s3-demo-}; not ending with {@code
 * -s3alias}, {@code --ol-s3} or {@code --x-s3}. Keys are at most 1,024 bytes of UTF-8, must not start with
 * {@code /} and must not contain control characters.
 *
 * @param bucket the bucket name
 * @param key the object key or key prefix; empty for the bucket's root
 */
public record S3Location(String bucket, String key) {
    /** The maximum length of a key, in UTF-8 bytes. */
    public static final int MAX_KEY_BYTES = 1024;

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    private static final String SCHEME = "s3://";

    /**
     * Creates a location, validated.
     *
     * @throws NullPointerException when {@code bucket} or {@code key} is null
     * @throws IllegalArgumentException when the bucket name or the key breaks S3's rules (see the class javadoc)
     */
    public S3Location {
        validateBucket(Objects.requireNonNull(bucket, "bucket"));
        validateKey(Objects.requireNonNull(key, "key"));
    }

    /**
     * Creates a location; the same as the constructor.
     *
     * @param bucket the bucket name
     * @param key the object key or key prefix; empty for the bucket's root
     * @return the location
     * @throws NullPointerException when {@code bucket} or {@code key} is null
     * @throws IllegalArgumentException when the bucket name or the key breaks S3's rules (see the class javadoc)
     */
    public static S3Location of(String bucket, String key) {
        return new S3Location(bucket, key);
    }

    /**
     * Parses an {@code s3://bucket/key} URI. {@code s3://bucket} and {@code s3://bucket/} mean the bucket's root.
     *
     * @param uri the URI
     * @return the location
     * @throws NullPointerException when {@code uri} is null
     * @throws IllegalArgumentException when the URI does not start with {@code s3://}, or its bucket or key breaks
     *     S3's rules
     */
    public static S3Location parse(String uri) {
        Objects.requireNonNull(uri, "uri");
        if (!uri.startsWith(SCHEME)) {
            throw new IllegalArgumentException("Not an s3:// URI: '" + uri + "'");
        }
        String rest = uri.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        return slash < 0 ? of(rest, "") : of(rest.substring(0, slash), rest.substring(slash + 1));
    }

    /**
     * Validates an S3 general-purpose bucket name.
     *
     * @param bucket the name
     * @return the name
     * @throws IllegalArgumentException when the name breaks S3's rules (see the class javadoc)
     */
    public static String validateBucket(String bucket) {
        String problem = null;
        if (bucket.length() < 3 || bucket.length() > 63) {
            problem = "must be 3 to 63 characters long, but has " + bucket.length();
        } else if (!BUCKET.matcher(bucket).matches()) {
            problem = "may contain only lower-case letters, digits, dots and hyphens, and must start and end with"
                    + " a letter or digit";
        } else if (bucket.contains("..")) {
            problem = "must not contain two adjacent dots";
        } else if (IP_ADDRESS.matcher(bucket).matches()) {
            problem = "must not be formatted as an IP address";
        } else if (bucket.startsWith("xn--") || bucket.startsWith("sthree-") || bucket.startsWith("amzn-s3-demo-")) {
            problem = "must not start with the reserved prefixes xn--, sthree- or amzn-s3-demo-";
        } else if (bucket.endsWith("-s3alias") || bucket.endsWith("--ol-s3") || bucket.endsWith("--x-s3")) {
            problem = "must not end with the reserved suffixes -s3alias, --ol-s3 or --x-s3";
        }
        if (problem != null) {
            throw new IllegalArgumentException("Invalid S3 bucket name '" + bucket + "': " + problem);
        }
        return bucket;
    }

    private static void validateKey(String key) {
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("Invalid S3 key '" + abbreviate(key) + "': it has " + bytes
                    + " UTF-8 bytes, the limit is " + MAX_KEY_BYTES);
        }
        if (key.startsWith("/")) {
            throw new IllegalArgumentException("Invalid S3 key '" + abbreviate(key) + "': it must not start with '/'");
        }
        for (int i = 0; i < key.length(); i++) {
            if (Character.isISOControl(key.charAt(i))) {
                throw new IllegalArgumentException("Invalid S3 key '" + abbreviate(key)
                        + "': it contains the control character U+"
                        + String.format("%04X", (int) key.charAt(i)) + " at index " + i);
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    /**
     * Whether this location is a prefix: its key is empty or ends with {@code /}.
     *
     * @return true for a prefix
     */
    public boolean isPrefix() {
        return key.isEmpty() || key.endsWith("/");
    }

    /**
     * The last path segment of the key, for example {@code items.json} for {@code in/items.json}.
     *
     * @return the file name, empty for a prefix
     */
    public String fileName() {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    /**
     * Resolves a relative name against this location: against the prefix itself when {@link #isPrefix()}, else
     * against the key followed by {@code /}.
     *
     * @param name the relative name, for example {@code items.csv} or {@code run-1/items.csv}
     * @return the resolved location
     * @throws IllegalArgumentException when {@code name} is empty or starts with {@code /}, or the resulting key
     *     breaks S3's rules
     */
    public S3Location resolve(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.startsWith("/")) {
            throw new IllegalArgumentException(
                    "Name to resolve must be non-empty and relative, but was '" + name + "'");
        }
        return of(bucket, (isPrefix() ? key : key + "/") + name);
    }

    /**
     * This location as a prefix: unchanged when it already is one, else its key followed by {@code /}.
     *
     * @return the prefix location
     */
    public S3Location asPrefix() {
        return isPrefix() ? this : of(bucket, key + "/");
    }

    /**
     * The {@code s3://bucket/key} URI.
     *
     * @return the URI
     */
    public String uri() {
        return SCHEME + bucket + "/" + key;
    }

    /** Returns {@link #uri()}. */
    @Override
    public String toString() {
        return uri();
    }
}
