package dev.usher.web;

import dev.usher.App;
import dev.usher.Config;
import dev.usher.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class TlsTest {
    @TempDir
    Path dir;

    /** A client that trusts exactly this certificate, as a tablet does once its user accepted it. */
    private static HttpClient trusting(Certificate cert) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("usher", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).build();
    }

    @Test
    void self_signed_mode_serves_https_beside_http_and_keeps_its_certificate() throws Exception {
        Path data = dir.resolve("data");
        Config config = new Config("127.0.0.1", 0, data, null, TestServer.ADMIN_TOKEN, new Config.TlsOptions(null, null, true, 0));
        String fingerprint;
        try (TestServer server = TestServer.start(config)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(data.resolve(Tls.SELF_SIGNED_FILE))) {
                store.load(in, Files.readString(data.resolve(Tls.SELF_SIGNED_FILE + ".password")).strip().toCharArray());
            }
            int httpsPort = App.httpsPort(server.app());
            HttpResponse<String> r = trusting(store.getCertificate("usher")).send(
                    HttpRequest.newBuilder(URI.create("https://localhost:" + httpsPort + "/api/event")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("Serverless: an inside look");
            // A self-signed certificate gets no HSTS: it would push the plain-HTTP scanner port onto HTTPS too.
            assertThat(r.headers().firstValue("Strict-Transport-Security")).isEmpty();
            assertThat(server.get("/api/event").status()).as("plain HTTP still answers").isEqualTo(200);
            fingerprint = Tls.selfSigned(data).fingerprint();
            assertThat(fingerprint).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        }
        assertThat(Tls.selfSigned(data).fingerprint()).as("same certificate after a restart").isEqualTo(fingerprint);
    }

    @Test
    void an_organizers_pem_certificate_and_key_are_served() throws Exception {
        // Make a certificate the way an organizer's CA would hand it over: PEM chain and PKCS#8 key.
        Tls made = Tls.selfSigned(dir.resolve("ca"));
        Certificate cert = made.keyStore().getCertificate("usher");
        Key key = made.keyStore().getKey("usher", made.password().toCharArray());
        Path certPem = dir.resolve("cert.pem");
        Path keyPem = dir.resolve("key.pem");
        Base64.Encoder b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        Files.writeString(certPem, "-----BEGIN CERTIFICATE-----\n" + b64.encodeToString(cert.getEncoded()) + "\n-----END CERTIFICATE-----\n");
        Files.writeString(keyPem, "-----BEGIN PRIVATE KEY-----\n" + b64.encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n");

        Config config = new Config("127.0.0.1", 0, dir.resolve("data"), null, TestServer.ADMIN_TOKEN, new Config.TlsOptions(certPem, keyPem, false, 0));
        try (TestServer server = TestServer.start(config)) {
            HttpResponse<String> r = trusting(cert).send(
                    HttpRequest.newBuilder(URI.create("https://localhost:" + App.httpsPort(server.app()) + "/api/event")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            // With the organizer's own certificate, browsers are told to use HTTPS from now on.
            assertThat(r.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
            assertThat(server.get("/api/event").header("Strict-Transport-Security")).isNull();
        }
    }
}
