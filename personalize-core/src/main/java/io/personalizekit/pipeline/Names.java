package io.personalizekit.pipeline;

import io.personalizekit.PersonalizeLimits;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Validation of the service's constraints on names, ARNs and S3 locations. */
final class Names {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9\\-_]*");
    private static final Pattern ROLE = Pattern.compile("arn:([a-z\\d-]+):iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+");
    private static final Pattern KMS = Pattern.compile("arn:aws.*:kms:.*:[0-9]{12}:key/.*");

    private Names() {}

    static String name(String value, String field) {
        Objects.requireNonNull(value, field);
        if (value.isEmpty() || value.length() > 63 || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must be 1-63 characters of [a-zA-Z0-9-_], starting with a"
                    + " letter or digit: '" + value + "'");
        }
        return value;
    }

    static @Nullable String roleArn(@Nullable String value, String field) {
        if (value != null
                && (value.length() > PersonalizeLimits.MAX_ARN_LENGTH
                        || !ROLE.matcher(value).matches())) {
            throw new IllegalArgumentException(field + " must be an IAM role ARN: '" + value + "'");
        }
        return value;
    }

    static @Nullable String kmsKeyArn(@Nullable String value, String field) {
        if (value != null && (value.length() > 2048 || !KMS.matcher(value).matches())) {
            throw new IllegalArgumentException(field + " must be a KMS key ARN: '" + value + "'");
        }
        return value;
    }

    static String s3(String value, String field) {
        Objects.requireNonNull(value, field);
        if (!value.startsWith("s3://") || value.length() <= 5 || value.length() > 256) {
            throw new IllegalArgumentException(field
                    + " must be an s3:// URI (a file, or a folder ending in '/'), at most 256 chars: '" + value + "'");
        }
        return value;
    }
}
