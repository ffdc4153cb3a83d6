package io.personalizekit.local;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/** Requests signed by the SDK's own SigV4 signer with chosen options, sent over a plain socket. */
final class RawHttp {
    record Response(int status, String body) {}

    private RawHttp() {}

    /** Signs a request with the SDK's {@link AwsV4HttpSigner}, as a client would, with the given options. */
    static SdkHttpRequest sign(
            SdkHttpFullRequest request,
            byte[] body,
            String accessKeyId,
            String secret,
            String region,
            String service,
            Clock clock,
            boolean presigned) {
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> {
            r.identity(AwsBasicCredentials.create(accessKeyId, secret))
                    .request(request)
                    .payload(() -> new ByteArrayInputStream(body))
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                    .putProperty(HttpSigner.SIGNING_CLOCK, clock)
                    .putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, !service.equals("s3"))
                    .putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, !service.equals("s3"));
            if (presigned) {
                r.putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, java.time.Duration.ofMinutes(5));
            }
        });
        return signed.request();
    }

    /** A request to {@code endpoint} + {@code path}, with a Host header and the body's length. */
    static SdkHttpFullRequest request(URI endpoint, SdkHttpMethod method, String path, Map<String, String> headers) {
        SdkHttpFullRequest.Builder b =
                SdkHttpFullRequest.builder().method(method).uri(endpoint.resolve(path));
        headers.forEach(b::putHeader);
        return b.build();
    }

    /** Sends a request over a new connection (closed after the response) and reads the whole response. */
    static Response send(SdkHttpRequest request, byte[] body) throws IOException {
        URI uri = request.getUri();
        try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
            s.setSoTimeout(10_000);
            StringBuilder head = new StringBuilder();
            head.append(request.method().name()).append(' ').append(uri.getRawPath());
            if (uri.getRawQuery() != null) {
                head.append('?').append(uri.getRawQuery());
            }
            head.append(" HTTP/1.1\r\n");
            boolean hasHost = false;
            for (Map.Entry<String, List<String>> h : request.headers().entrySet()) {
                hasHost |= h.getKey().equalsIgnoreCase("Host");
                if (h.getKey().equalsIgnoreCase("Content-Length")) {
                    continue;
                }
                for (String v : h.getValue()) {
                    head.append(h.getKey()).append(": ").append(v).append("\r\n");
                }
            }
            if (!hasHost) {
                head.append("Host: ")
                        .append(uri.getHost())
                        .append(':')
                        .append(uri.getPort())
                        .append("\r\n");
            }
            head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
            OutputStream out = s.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            int bodyStart = response.indexOf("\r\n\r\n");
            return new Response(status, bodyStart < 0 ? "" : response.substring(bodyStart + 4));
        }
    }
}
