package io.personalizekit.local.internal.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * AWS Signature Version 4 verification of one service's requests, as the service does it: the access key must be
 * known, {@code X-Amz-Date} within {@link #MAX_SKEW} of this server's clock, the credential scope
 * {@code <date>/<region>/<service>/aws4_request} must name this server's region and service and the date of
 * {@code X-Amz-Date}, {@code x-amz-content-sha256} (when sent as a hash) must be the SHA-256 of the body actually
 * received, and the signature must match the canonical request rebuilt from what arrived. Signatures in the
 * {@code Authorization} header and in the query string (presigned URLs, with {@code X-Amz-Expires}) are both
 * understood.
 *
 * <p>Payload forms: a hex SHA-256 (checked against the body); {@code UNSIGNED-PAYLOAD} (the body is not covered,
 * as AWS documents); and, for S3 only, the {@code aws-chunked} streaming forms, whose per-chunk and trailer
 * signatures are checked through {@link Verified#chunks()} while the body is decoded.
 *
 * <p>Failures are {@link Rejection}s carrying a {@link Problem} and the facts a service puts in its error; each
 * endpoint maps them to its own error shape. Thread-safe and immutable.
 */
public final class SigV4 {
    /** How far {@code X-Amz-Date} may be from the server's clock, either way: 15 minutes, as AWS allows. */
    public static final Duration MAX_SKEW = Duration.ofMinutes(15);

    /** Longest validity of a presigned URL ({@code X-Amz-Expires}): 7 days, in seconds. */
    public static final long MAX_EXPIRES_SECONDS = 604_800;

    /** The algorithm name in the header and in the string to sign. */
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";

    /** {@code x-amz-content-sha256} value of a payload the signature does not cover. */
    public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

    /** Signed {@code aws-chunked} body: each chunk signed, no trailer. */
    public static final String STREAMING_SIGNED = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";

    /** Signed {@code aws-chunked} body with signed trailing headers (checksums). */
    public static final String STREAMING_SIGNED_TRAILER = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";

    /** Unsigned {@code aws-chunked} body with trailing headers (checksums). */
    public static final String STREAMING_UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

    static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final HexFormat HEX = HexFormat.of();

    /** What is wrong with a request's signature. */
    public enum Problem {
        /** No {@code Authorization} header and no {@code X-Amz-Algorithm} query parameter: an anonymous request. */
        MISSING,
        /** Another signing algorithm (Signature Version 2, ...). */
        UNSUPPORTED_ALGORITHM,
        /** The header or query parameters lack a part or have a malformed one. */
        MALFORMED,
        /** The access key id is not one of the configured keys. */
        UNKNOWN_KEY,
        /** Neither {@code X-Amz-Date} nor the query's date, or not in ISO-8601 basic format. */
        BAD_DATE,
        /** The request time is more than {@link #MAX_SKEW} from the server's clock. */
        SKEWED,
        /** A presigned URL past {@code X-Amz-Date + X-Amz-Expires}. */
        EXPIRED,
        /** The scope's date is not the date of the request time. */
        SCOPE_DATE,
        /** The scope's region is not the server's region. */
        WRONG_REGION,
        /** The scope's service is not this endpoint's service. */
        WRONG_SERVICE,
        /** The scope does not end with {@code aws4_request}. */
        BAD_TERMINATOR,
        /** {@code x-amz-content-sha256} is neither a SHA-256 nor one of the payload forms this endpoint accepts. */
        BAD_CONTENT_SHA256,
        /** {@code x-amz-content-sha256} is not the SHA-256 of the body received. */
        PAYLOAD_HASH_MISMATCH,
        /** The signature does not match the request received. */
        SIGNATURE_MISMATCH,
        /** An {@code aws-chunked} chunk or trailer signature is missing or does not match the data received. */
        CHUNK_SIGNATURE_MISMATCH
    }

    /** A refused request: the problem plus the facts its error message needs. */
    public static final class Rejection extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final Problem problem;
        private final transient Map<String, String> details;

        Rejection(Problem problem, String message, Map<String, String> details) {
            super(message, null, false, false);
            this.problem = problem;
            this.details = Map.copyOf(details);
        }

        /** @return what is wrong */
        public Problem problem() {
            return problem;
        }

        /**
         * Facts for the error body, by name: {@code accessKeyId}, {@code region} (the one expected),
         * {@code requestRegion}, {@code service} (expected), {@code requestService}, {@code requestTime},
         * {@code serverTime}, {@code earliest}, {@code latest}, {@code clientSha256}, {@code computedSha256},
         * {@code stringToSign}, {@code canonicalRequest}, {@code signatureProvided}, {@code expires},
         * {@code expiresAt}, {@code scopeDate}, {@code terminator}, {@code contentSha256}, as they apply.
         *
         * @return the facts
         */
        public Map<String, String> details() {
            return details;
        }

        /** @return one fact, or an empty string */
        public String detail(String name) {
            return details.getOrDefault(name, "");
        }
    }

    private final Map<String, String> secretsByAccessKey;
    private final String region;
    private final String service;
    private final Clock clock;
    private final boolean s3;

    /**
     * @param secretsByAccessKey secret access key per access key id
     * @param region the region scopes must name, e.g. {@code us-east-1}
     * @param service the signing name scopes must name: {@code personalize} or {@code s3}; {@code s3} also selects
     *     S3's rules (path not re-encoded, {@code UNSIGNED-PAYLOAD} for presigned URLs, streaming bodies)
     * @param clock the server's clock, against which request times are checked
     */
    public SigV4(Map<String, String> secretsByAccessKey, String region, String service, Clock clock) {
        this.secretsByAccessKey = Map.copyOf(secretsByAccessKey);
        this.region = Objects.requireNonNull(region, "region");
        this.service = Objects.requireNonNull(service, "service");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.s3 = service.equals("s3");
    }

    /** @return the server's clock */
    public Clock clock() {
        return clock;
    }

    /**
     * Checks a request's signature.
     *
     * @param r the request, as received
     * @return what the signature established, for checking streaming chunks
     * @throws Rejection when the request is not signed, or not signed correctly by a configured key
     */
    public Verified verify(HttpRequest r) {
        Map<String, String> query = parseQuery(r.rawQuery());
        String auth = r.header("Authorization");
        boolean presigned = auth == null && query.containsKey("X-Amz-Algorithm");
        String algorithm;
        String credential;
        String signedHeaders;
        String signature;
        String amzDate;
        if (presigned) {
            algorithm = query.get("X-Amz-Algorithm");
            credential = query.get("X-Amz-Credential");
            signedHeaders = query.get("X-Amz-SignedHeaders");
            signature = query.get("X-Amz-Signature");
            amzDate = query.get("X-Amz-Date");
        } else {
            if (auth == null || auth.isBlank()) {
                throw reject(Problem.MISSING, "Missing Authentication Token", Map.of());
            }
            int space = auth.indexOf(' ');
            algorithm = space < 0 ? auth : auth.substring(0, space);
            credential = null;
            signedHeaders = null;
            signature = null;
            if (space >= 0) {
                for (String part : auth.substring(space + 1).split(",")) {
                    String p = part.trim();
                    if (p.startsWith("Credential=")) {
                        credential = p.substring("Credential=".length());
                    } else if (p.startsWith("SignedHeaders=")) {
                        signedHeaders = p.substring("SignedHeaders=".length());
                    } else if (p.startsWith("Signature=")) {
                        signature = p.substring("Signature=".length());
                    }
                }
            }
            amzDate = r.header("X-Amz-Date");
        }
        if (!ALGORITHM.equals(algorithm)) {
            throw reject(
                    Problem.UNSUPPORTED_ALGORITHM,
                    "Unsupported signing algorithm '" + algorithm + "'; use " + ALGORITHM + ".",
                    Map.of("algorithm", String.valueOf(algorithm)));
        }
        if (credential == null || signedHeaders == null || signature == null) {
            throw reject(
                    Problem.MALFORMED,
                    presigned
                            ? "Query-string authentication requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature,"
                                    + " X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters."
                            : "Authorization header requires 'Credential' parameter. Authorization header requires"
                                    + " 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter.",
                    Map.of("presigned", Boolean.toString(presigned)));
        }
        String[] scope = credential.split("/", -1);
        if (scope.length != 5 || scope[0].isEmpty()) {
            throw reject(
                    Problem.MALFORMED,
                    "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term,"
                            + " got '" + credential + "'",
                    Map.of("presigned", Boolean.toString(presigned)));
        }
        String accessKeyId = scope[0];
        String secret = secretsByAccessKey.get(accessKeyId);
        if (secret == null) {
            throw reject(
                    Problem.UNKNOWN_KEY,
                    "The security token included in the request is invalid.",
                    Map.of("accessKeyId", accessKeyId));
        }
        if (amzDate == null) {
            throw reject(
                    Problem.BAD_DATE,
                    "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
                    Map.of("accessKeyId", accessKeyId));
        }
        Instant requestTime;
        try {
            requestTime = Instant.from(AMZ_DATE.parse(amzDate));
        } catch (DateTimeParseException e) {
            throw reject(
                    Problem.BAD_DATE,
                    "Date must be in ISO-8601 'basic format'. Got '" + amzDate + "'.",
                    Map.of("requestTime", amzDate));
        }
        Instant now = clock.instant();
        String nowText = AMZ_DATE.format(now);
        if (presigned) {
            long expires = checkExpires(query.get("X-Amz-Expires"));
            Instant expiresAt = requestTime.plusSeconds(expires);
            if (now.isAfter(expiresAt)) {
                throw reject(
                        Problem.EXPIRED,
                        "Request has expired",
                        Map.of(
                                "expires",
                                Long.toString(expires),
                                "expiresAt",
                                DateTimeFormatter.ISO_INSTANT.format(expiresAt),
                                "serverTime",
                                DateTimeFormatter.ISO_INSTANT.format(
                                        now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))));
            }
        }
        if (requestTime.isBefore(now.minus(MAX_SKEW)) && !presigned) {
            throw skewed(
                    "Signature expired: " + amzDate + " is now earlier than " + AMZ_DATE.format(now.minus(MAX_SKEW))
                            + " (" + nowText + " - " + MAX_SKEW.toMinutes() + " min.)",
                    amzDate,
                    now);
        }
        if (requestTime.isAfter(now.plus(MAX_SKEW))) {
            throw skewed(
                    "Signature not yet current: " + amzDate + " is still later than "
                            + AMZ_DATE.format(now.plus(MAX_SKEW)) + " (" + nowText + " + " + MAX_SKEW.toMinutes()
                            + " min.)",
                    amzDate,
                    now);
        }
        if (!scope[1].equals(amzDate.substring(0, 8))) {
            throw reject(
                    Problem.SCOPE_DATE,
                    "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                            + scope[1] + "' != '" + amzDate.substring(0, 8) + "', from '" + amzDate + "'.",
                    Map.of("scopeDate", scope[1], "requestTime", amzDate));
        }
        if (!scope[2].equals(region)) {
            throw reject(
                    Problem.WRONG_REGION,
                    "Credential should be scoped to a valid region, not '" + scope[2] + "'. ",
                    Map.of("requestRegion", scope[2], "region", region));
        }
        if (!scope[3].equals(service)) {
            throw reject(
                    Problem.WRONG_SERVICE,
                    "Credential should be scoped to correct service: '" + service + "'. ",
                    Map.of("requestService", scope[3], "service", service));
        }
        if (!scope[4].equals("aws4_request")) {
            throw reject(
                    Problem.BAD_TERMINATOR,
                    "Credential should be scoped with a valid terminator: 'aws4_request', not '" + scope[4] + "'. ",
                    Map.of("terminator", scope[4]));
        }
        List<String> signed = List.of(signedHeaders.split(";"));
        if (!signed.contains("host")) {
            throw reject(
                    Problem.MALFORMED,
                    "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
                    Map.of("presigned", Boolean.toString(presigned)));
        }
        String payloadHash = payloadHash(r, presigned);
        String canonical = canonicalRequest(r, query, presigned, signed, signedHeaders, payloadHash);
        String scopeString = scope[1] + "/" + scope[2] + "/" + scope[3] + "/" + scope[4];
        String toSign = ALGORITHM + "\n" + amzDate + "\n" + scopeString + "\n" + sha256Hex(utf8(canonical));
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), scope[1]);
        key = hmac(key, scope[2]);
        key = hmac(key, scope[3]);
        key = hmac(key, scope[4]);
        String expected = HEX.formatHex(hmac(key, toSign));
        if (!MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII),
                signature.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            Map<String, String> d = new LinkedHashMap<>();
            d.put("accessKeyId", accessKeyId);
            d.put("stringToSign", toSign);
            d.put("signatureProvided", signature);
            d.put("canonicalRequest", canonical);
            throw reject(
                    Problem.SIGNATURE_MISMATCH,
                    "The request signature we calculated does not match the signature you provided. Check your AWS"
                            + " Secret Access Key and signing method. Consult the service documentation for details.",
                    d);
        }
        return new Verified(accessKeyId, payloadHash, key, amzDate, scopeString, expected);
    }

    private long checkExpires(@Nullable String value) {
        long expires;
        try {
            expires = value == null ? -1 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            expires = -1;
        }
        if (expires < 0) {
            throw reject(
                    Problem.MALFORMED,
                    "X-Amz-Expires should be a number",
                    Map.of("presigned", "true", "expires", String.valueOf(value)));
        }
        if (expires > MAX_EXPIRES_SECONDS) {
            throw reject(
                    Problem.MALFORMED,
                    "X-Amz-Expires must be less than a week (in seconds) that is " + MAX_EXPIRES_SECONDS,
                    Map.of("presigned", "true", "expires", value));
        }
        return expires;
    }

    private Rejection skewed(String message, String amzDate, Instant now) {
        return reject(
                Problem.SKEWED,
                message,
                Map.of(
                        "requestTime",
                        amzDate,
                        "serverTime",
                        DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)),
                        "maxSkewMillis",
                        Long.toString(MAX_SKEW.toMillis())));
    }

    /** The payload hash of the canonical request, after checking a sent hash against the body. */
    private String payloadHash(HttpRequest r, boolean presigned) {
        String sent = r.header("x-amz-content-sha256");
        if (sent == null) {
            if (s3 && presigned) {
                return UNSIGNED_PAYLOAD;
            }
            return sha256Hex(r.body());
        }
        if (sent.equals(UNSIGNED_PAYLOAD)) {
            return sent;
        }
        if (s3
                && (sent.equals(STREAMING_SIGNED)
                        || sent.equals(STREAMING_SIGNED_TRAILER)
                        || sent.equals(STREAMING_UNSIGNED_TRAILER))) {
            return sent;
        }
        if (sent.length() != 64 || !isHex(sent)) {
            throw reject(
                    Problem.BAD_CONTENT_SHA256,
                    "x-amz-content-sha256 must be UNSIGNED-PAYLOAD"
                            + (s3
                                    ? ", " + STREAMING_UNSIGNED_TRAILER + ", " + STREAMING_SIGNED + ", "
                                            + STREAMING_SIGNED_TRAILER
                                    : "")
                            + " or a valid sha256 value.",
                    Map.of("contentSha256", sent));
        }
        String computed = sha256Hex(r.body());
        if (!computed.equalsIgnoreCase(sent)) {
            throw reject(
                    Problem.PAYLOAD_HASH_MISMATCH,
                    "The provided 'x-amz-content-sha256' header does not match what was computed.",
                    Map.of("clientSha256", sent, "computedSha256", computed));
        }
        return sent.toLowerCase(Locale.ROOT);
    }

    private String canonicalRequest(
            HttpRequest r,
            Map<String, String> query,
            boolean presigned,
            List<String> signed,
            String signedHeaders,
            String payloadHash) {
        StringBuilder c = new StringBuilder(256);
        c.append(r.method()).append('\n');
        c.append(canonicalUri(r.rawPath())).append('\n');
        c.append(canonicalQuery(r.rawQuery(), presigned)).append('\n');
        for (String name : signed) {
            List<String> values = r.headers(name);
            StringBuilder v = new StringBuilder();
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    v.append(',');
                }
                v.append(values.get(i).trim().replaceAll(" +", " "));
            }
            c.append(name.toLowerCase(Locale.ROOT)).append(':').append(v).append('\n');
        }
        c.append('\n').append(signedHeaders).append('\n').append(payloadHash);
        return c.toString();
    }

    /** S3 signs the path as sent; other services sign each segment encoded once more. */
    private String canonicalUri(@Nullable String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        if (s3) {
            return rawPath;
        }
        StringBuilder sb = new StringBuilder(rawPath.length() + 8);
        for (int i = 0; i < rawPath.length(); i++) {
            char ch = rawPath.charAt(i);
            if (ch == '/') {
                sb.append('/');
            } else {
                encodeTo(sb, String.valueOf(ch));
            }
        }
        return sb.toString();
    }

    /** Query parameters decoded, each key and value re-encoded as SigV4 says, sorted by key then value. */
    static String canonicalQuery(@Nullable String raw, boolean presigned) {
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = percentDecode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : percentDecode(pair.substring(eq + 1));
            if (presigned && k.equals("X-Amz-Signature")) {
                continue;
            }
            StringBuilder ek = new StringBuilder();
            encodeTo(ek, k);
            StringBuilder ev = new StringBuilder();
            encodeTo(ev, v);
            pairs.add(new String[] {ek.toString(), ev.toString()});
        }
        pairs.sort((a, b) -> {
            int c = a[0].compareTo(b[0]);
            return c != 0 ? c : a[1].compareTo(b[1]);
        });
        StringBuilder sb = new StringBuilder();
        for (String[] p : pairs) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(p[0]).append('=').append(p[1]);
        }
        return sb.toString();
    }

    /** The decoded query parameters (first value of each name). */
    private static Map<String, String> parseQuery(@Nullable String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = percentDecode(eq < 0 ? pair : pair.substring(0, eq));
            out.putIfAbsent(k, eq < 0 ? "" : percentDecode(pair.substring(eq + 1)));
        }
        return out;
    }

    private static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        byte[] out = new byte[s.length() * 3];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '%' && i + 2 < s.length()) {
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0) {
                    out[n++] = (byte) (hi << 4 | lo);
                    i += 2;
                    continue;
                }
            }
            byte[] enc = String.valueOf(ch).getBytes(StandardCharsets.UTF_8);
            System.arraycopy(enc, 0, out, n, enc.length);
            n += enc.length;
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    /** Appends {@code s} URI-encoded as SigV4 says: everything but {@code A-Za-z0-9-_.~} as upper-case {@code %XX}. */
    private static void encodeTo(StringBuilder sb, String s) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static Rejection reject(Problem problem, String message, Map<String, String> details) {
        return new Rejection(problem, message, details);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String sha256Hex(byte[] data) {
        return sha256Hex(data, 0, data.length);
    }

    static String sha256Hex(byte[] data, int off, int len) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(data, off, len);
            return HEX.formatHex(md.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a verified signature established: the key, the payload form, and what chunk signatures chain from. */
    public static final class Verified {
        private final String accessKeyId;
        private final String payloadHash;
        private final byte[] signingKey;
        private final String amzDate;
        private final String scope;
        private final String seedSignature;

        Verified(
                String accessKeyId,
                String payloadHash,
                byte[] signingKey,
                String amzDate,
                String scope,
                String seedSignature) {
            this.accessKeyId = accessKeyId;
            this.payloadHash = payloadHash;
            this.signingKey = signingKey;
            this.amzDate = amzDate;
            this.scope = scope;
            this.seedSignature = seedSignature;
        }

        /** @return the access key id that signed */
        public String accessKeyId() {
            return accessKeyId;
        }

        /**
         * @return the payload hash the signature covers: a hex SHA-256, {@code UNSIGNED-PAYLOAD} or a
         *     {@code STREAMING-...} form
         */
        public String payloadHash() {
            return payloadHash;
        }

        /** @return whether the body is {@code aws-chunked} with signed chunks */
        public boolean signedChunks() {
            return payloadHash.equals(STREAMING_SIGNED) || payloadHash.equals(STREAMING_SIGNED_TRAILER);
        }

        /** @return whether the body is {@code aws-chunked} with signed trailing headers */
        public boolean signedTrailer() {
            return payloadHash.equals(STREAMING_SIGNED_TRAILER);
        }

        /** @return a checker of this request's chunk signatures, in order */
        public ChunkChain chunks() {
            return new ChunkChain(this);
        }
    }

    /**
     * Checks the signatures of an {@code aws-chunked} body, each chained from the one before (the first from the
     * request's signature). Not thread-safe: one per request.
     */
    public static final class ChunkChain {
        private final Verified v;
        private String previous;

        ChunkChain(Verified v) {
            this.v = v;
            this.previous = v.seedSignature;
        }

        /**
         * Checks one chunk's signature (the last chunk is the empty one).
         *
         * @param signature the {@code chunk-signature} sent, or null when there was none
         * @throws Rejection when it is missing or does not match the data
         */
        public void chunk(@Nullable String signature, byte[] data, int off, int len) {
            String toSign = "AWS4-HMAC-SHA256-PAYLOAD\n" + v.amzDate + "\n" + v.scope + "\n" + previous + "\n"
                    + EMPTY_SHA256 + "\n" + sha256Hex(data, off, len);
            previous = check(signature, toSign, "chunk");
        }

        /**
         * Checks the trailer's signature over the trailing headers.
         *
         * @param signature the {@code x-amz-trailer-signature} sent, or null when there was none
         * @param trailers the trailing header lines before the signature, each {@code name:value}
         * @throws Rejection when it is missing or does not match
         */
        public void trailer(@Nullable String signature, List<String> trailers) {
            StringBuilder canonical = new StringBuilder();
            for (String t : trailers) {
                int colon = t.indexOf(':');
                canonical
                        .append(t.substring(0, colon).trim().toLowerCase(Locale.ROOT))
                        .append(':')
                        .append(t.substring(colon + 1).trim())
                        .append('\n');
            }
            String toSign = "AWS4-HMAC-SHA256-TRAILER\n" + v.amzDate + "\n" + v.scope + "\n" + previous + "\n"
                    + sha256Hex(utf8(canonical.toString()));
            previous = check(signature, toSign, "trailer");
        }

        private String check(@Nullable String signature, String toSign, String what) {
            String expected = HEX.formatHex(hmac(v.signingKey, toSign));
            if (signature == null
                    || !MessageDigest.isEqual(
                            expected.getBytes(StandardCharsets.US_ASCII),
                            signature.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
                Map<String, String> d = new LinkedHashMap<>();
                d.put("accessKeyId", v.accessKeyId);
                d.put("stringToSign", toSign);
                d.put("signatureProvided", signature == null ? "" : signature);
                throw new Rejection(
                        Problem.CHUNK_SIGNATURE_MISMATCH,
                        "The " + what + " signature we calculated does not match the signature you provided.",
                        d);
            }
            return expected;
        }
    }
}
