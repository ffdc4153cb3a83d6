package io.personalizekit.local.internal.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Request bodies are XML documents, parsed as XML (comments, CDATA, entities), never as text patterns. */
@Timeout(60)
class S3ServerXmlTest {
    private static ObjectStore store;
    private static S3Server server;

    @BeforeAll
    static void start() {
        store = ObjectStore.inMemory();
        server = S3Server.start(store, "127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String post(String pathAndQuery, String xml) throws IOException {
        int port = server.endpoint().getPort();
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            String head = "POST " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Length: "
                    + body.length + "\r\nContent-Type: application/xml\r\nConnection: close\r\n\r\n";
            s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().write(body);
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void deleteObjects_ignoresKeysInComments_andReadsCdataAndEntities() throws IOException {
        store.createBucket("xml");
        for (String k : new String[] {"kept", "a<b&c", "plain"}) {
            store.put("xml", k, new byte[] {1});
        }
        String response = post(
                "/xml?delete",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        + "<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                        + "<!-- <Object><Key>kept</Key></Object> -->"
                        + "<Object><Key><![CDATA[a<b]]>&amp;c</Key></Object>"
                        + "<Object><Key>pl&#97;in</Key></Object>"
                        + "</Delete>");
        assertThat(response).startsWith("HTTP/1.1 200").contains("<Key>a&lt;b&amp;c</Key>");
        assertThat(store.listKeys("xml", "")).containsExactly("kept");
    }

    @Test
    void externalEntities_areRefusedAsMalformedXml_andNothingIsRead(@TempDir Path dir) throws IOException {
        store.createBucket("xxe");
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "top-secret");
        store.put("xxe", "top-secret", new byte[] {1});
        String response = post(
                "/xxe?delete",
                "<?xml version=\"1.0\"?><!DOCTYPE Delete [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                        + "<Delete><Object><Key>&x;</Key></Object></Delete>");
        assertThat(response).startsWith("HTTP/1.1 400").contains("<Code>MalformedXML</Code>");
        assertThat(store.listKeys("xxe", "")).containsExactly("top-secret");
    }

    @Test
    void completeMultipartUpload_ignoresPartsInComments_andChecksETags() throws IOException {
        store.createBucket("mpu");
        String init = post("/mpu/obj?uploads", "");
        String uploadId = init.substring(init.indexOf("<UploadId>") + 10, init.indexOf("</UploadId>"));
        int port = server.endpoint().getPort();
        for (int n = 1; n <= 2; n++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                String head = "PUT /mpu/obj?partNumber=" + n + "&uploadId=" + uploadId + " HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Length: 5\r\nConnection: close\r\n\r\npart" + n;
                s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                        .startsWith("HTTP/1.1 200");
            }
        }
        String wrongETag = post(
                "/mpu/obj?uploadId=" + uploadId,
                "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>\"00\"</ETag></Part>"
                        + "</CompleteMultipartUpload>");
        assertThat(wrongETag).startsWith("HTTP/1.1 400").contains("<Code>InvalidPart</Code>");
        String done = post(
                "/mpu/obj?uploadId=" + uploadId,
                "<CompleteMultipartUpload><!-- <Part><PartNumber>1</PartNumber></Part> -->"
                        + "<Part><PartNumber>2</PartNumber><ETag>\"" + ObjectStore.md5Hex("part2".getBytes())
                        + "\"</ETag></Part></CompleteMultipartUpload>");
        assertThat(done).startsWith("HTTP/1.1 200");
        assertThat(store.get("mpu", "obj"))
                .hasValueSatisfying(b -> assertThat(new String(b)).isEqualTo("part2"));
    }
}
