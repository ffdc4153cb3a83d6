package io.personalizekit.local.internal;

import io.personalizekit.local.internal.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Checks AWS Signature Version 4 on each request against configured access keys, rejecting others with the
 * service's 403 errors ({@code MissingAuthenticationTokenException}, {@code UnrecognizedClientException},
 * {@code InvalidSignatureException}).
 */
public final class SigV4Verifier {
    private final Map<String, String> secretsByAccessKey;

    /** @param secretsByAccessKey secret access key per access key id */
    public SigV4Verifier(Map<String, String> secretsByAccessKey) {
        this.secretsByAccessKey = Map.copyOf(secretsByAccessKey);
    }

    void verify(HttpRequest h, byte[] body) {
        String auth = h.header("Authorization");
        if (auth == null || !auth.startsWith("AWS4-HMAC-SHA256 ")) {
            throw new ApiException("MissingAuthenticationTokenException", 403, "Missing Authentication Token");
        }
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        for (String part : auth.substring("AWS4-HMAC-SHA256 ".length()).split(",")) {
            String p = part.trim();
            if (p.startsWith("Credential=")) {
                credential = p.substring("Credential=".length());
            } else if (p.startsWith("SignedHeaders=")) {
                signedHeaders = p.substring("SignedHeaders=".length());
            } else if (p.startsWith("Signature=")) {
                signature = p.substring("Signature=".length());
            }
        }
        if (credential == null || signedHeaders == null || signature == null) {
            throw new ApiException(
                    "IncompleteSignatureException",
                    403,
                    "Authorization header requires Credential, SignedHeaders " + "and Signature.");
        }
        String[] scope = credential.split("/");
        if (scope.length != 5) {
            throw new ApiException("IncompleteSignatureException", 403, "Credential is malformed.");
        }
        String secret = secretsByAccessKey.get(scope[0]);
        if (secret == null) {
            throw new ApiException(
                    "UnrecognizedClientException", 403, "The security token included in the request is invalid.");
        }
        String amzDate = h.header("X-Amz-Date");
        if (amzDate == null) {
            throw new ApiException("IncompleteSignatureException", 403, "X-Amz-Date header is missing.");
        }
        String payloadHash = h.header("x-amz-content-sha256");
        if (payloadHash == null || payloadHash.startsWith("UNSIGNED") || payloadHash.startsWith("STREAMING")) {
            payloadHash = hex(sha256(body));
        }
        StringBuilder canonical = new StringBuilder();
        canonical.append(h.method()).append('\n');
        String rawPath = h.rawPath();
        canonical.append(rawPath == null || rawPath.isEmpty() ? "/" : rawPath).append('\n');
        canonical.append(canonicalQuery(h.rawQuery())).append('\n');
        for (String name : signedHeaders.split(";")) {
            String v = String.join(",", h.headers(name));
            canonical
                    .append(name)
                    .append(':')
                    .append(v.trim().replaceAll(" +", " "))
                    .append('\n');
        }
        canonical.append('\n').append(signedHeaders).append('\n').append(payloadHash);
        String scopeString = scope[1] + "/" + scope[2] + "/" + scope[3] + "/" + scope[4];
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scopeString + "\n"
                + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), scope[1]);
        key = hmac(key, scope[2]);
        key = hmac(key, scope[3]);
        key = hmac(key, scope[4]);
        String expected = hex(hmac(key, toSign));
        if (!MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
            throw new ApiException(
                    "InvalidSignatureException",
                    403,
                    "The request signature we calculated does not match the signature you provided. Check your AWS "
                            + "Secret Access Key and signing method. Consult the service documentation for details.");
        }
    }

    private static String canonicalQuery(@Nullable String raw) {
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        List<String> pairs = new ArrayList<>(List.of(raw.split("&")));
        for (int i = 0; i < pairs.size(); i++) {
            if (!pairs.get(i).contains("=")) {
                pairs.set(i, pairs.get(i) + "=");
            }
        }
        pairs.sort(null);
        return String.join("&", pairs);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b).toLowerCase(Locale.ROOT);
    }
}
