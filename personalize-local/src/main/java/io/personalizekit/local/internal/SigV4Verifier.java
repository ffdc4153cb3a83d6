package io.personalizekit.local.internal;

import io.personalizekit.local.internal.http.HttpRequest;
import io.personalizekit.local.internal.http.SigV4;
import java.time.Clock;
import java.util.Map;

/**
 * Checks AWS Signature Version 4 on each Personalize request (control plane, runtime and events all sign with the
 * service name {@code personalize}) against the configured access keys, the emulator's region and its clock, and
 * answers failures with the service's errors, all HTTP 403: {@code MissingAuthenticationTokenException} (not
 * signed), {@code IncompleteSignatureException} (malformed), {@code UnrecognizedClientException} (unknown key) and
 * {@code InvalidSignatureException} (wrong signature, a body that does not match {@code x-amz-content-sha256},
 * {@code X-Amz-Date} more than 15 minutes from the emulator's clock, a scope with another region or service).
 * Thread-safe.
 */
public final class SigV4Verifier {
    /** The signing name of the three Personalize APIs. */
    static final String SERVICE = "personalize";

    private final SigV4 sigV4;

    /**
     * @param secretsByAccessKey secret access key per access key id
     * @param region the emulator's region, which credential scopes must name
     * @param clock the emulator's clock, against which {@code X-Amz-Date} is checked
     */
    public SigV4Verifier(Map<String, String> secretsByAccessKey, String region, Clock clock) {
        this.sigV4 = new SigV4(secretsByAccessKey, region, SERVICE, clock);
    }

    /** @return the clock request times are checked against */
    Clock clock() {
        return sigV4.clock();
    }

    /**
     * @param h the request as received
     * @param body its body (the same as {@code h.body()})
     * @throws ApiException with the service's error when the request is not correctly signed by a configured key
     */
    void verify(HttpRequest h, byte[] body) {
        try {
            sigV4.verify(h);
        } catch (SigV4.Rejection e) {
            throw toApiException(e);
        }
    }

    static ApiException toApiException(SigV4.Rejection e) {
        String type = switch (e.problem()) {
            case MISSING -> "MissingAuthenticationTokenException";
            case UNSUPPORTED_ALGORITHM, MALFORMED, BAD_DATE -> "IncompleteSignatureException";
            case UNKNOWN_KEY -> "UnrecognizedClientException";
            default -> "InvalidSignatureException";
        };
        String message = switch (e.problem()) {
            case PAYLOAD_HASH_MISMATCH, BAD_CONTENT_SHA256, CHUNK_SIGNATURE_MISMATCH, SIGNATURE_MISMATCH ->
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret"
                        + " Access Key and signing method. Consult the service documentation for details.";
            default -> e.getMessage();
        };
        return new ApiException(type, 403, message);
    }
}
