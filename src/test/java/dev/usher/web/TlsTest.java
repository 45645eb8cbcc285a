package dev.usher.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usher.App;
import dev.usher.Config;
import dev.usher.TestServer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TlsTest {
    @TempDir
    Path dir;

    /** A client that trusts exactly this certificate, as a device does once it installed it. */
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

    private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static X509Certificate certificate(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    private Config localCa(Path data) {
        return new Config("127.0.0.1", 0, data, null, TestServer.ADMIN_TOKEN, new Config.TlsOptions(null, null, true, 0));
    }

    @Test
    void a_client_that_trusts_only_the_downloaded_ca_pem_verifies_https_at_localhost_and_127_0_0_1() throws Exception {
        Path data = dir.resolve("data");
        try (TestServer server = TestServer.start(localCa(data))) {
            // Fetched over plain HTTP: a device has nothing to trust HTTPS with yet.
            TestServer.Response pem = server.get("/ca.pem");
            assertThat(pem.status()).isEqualTo(200);
            assertThat(pem.header("Content-Type")).startsWith("application/x-pem-file");
            assertThat(pem.body()).startsWith("-----BEGIN CERTIFICATE-----");
            X509Certificate ca = certificate(pem.body());
            HttpClient client = trusting(ca);
            int httpsPort = App.httpsPort(server.app());

            for (String host : List.of("localhost", "127.0.0.1")) {
                HttpResponse<String> health = get(client, "https://" + host + ":" + httpsPort + "/api/health");
                assertThat(health.statusCode()).as(host).isEqualTo(200);
                assertThat(health.body()).contains("ok");
                // The local CA's certificate gets no HSTS: it would push the plain-HTTP scanner port onto HTTPS too.
                assertThat(health.headers().firstValue("Strict-Transport-Security")).isEmpty();
            }
            assertThat(get(client, "https://127.0.0.1:" + httpsPort + "/ca.pem").body()).as("over HTTPS too").isEqualTo(pem.body());
            TestServer.Response der = server.get("/ca.crt");
            assertThat(der.header("Content-Type")).isEqualTo("application/x-x509-ca-cert");
            assertThat(der.raw().body()).isEqualTo(ca.getEncoded());

            JsonNode tls = server.get("/api/tls").json();
            assertThat(tls.get("localCa").asBoolean()).isTrue();
            assertThat(tls.get("https").asBoolean()).isFalse();
            assertThat(tls.get("httpsPort").asInt()).isEqualTo(httpsPort);
            assertThat(tls.get("fingerprint").asText()).isEqualTo(Tls.fingerprintOf(ca)).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
            assertThat(tls.get("kioskUrl").asText()).isEqualTo("https://127.0.0.1:" + httpsPort + "/kiosk/");
            assertThat(tls.get("pageUrl").asText()).endsWith(":" + server.port() + "/trust/").startsWith("http://");
            assertThat(tls.get("pageQr").asText()).startsWith("data:image/svg+xml;base64,");
            assertThat(get(client, "https://localhost:" + httpsPort + "/api/tls").body()).contains("\"https\":true");
            assertThat(server.get("/api/event").status()).as("plain HTTP still answers").isEqualTo(200);
        }
    }

    @Test
    void the_ca_and_the_server_certificate_are_what_browsers_accept() throws Exception {
        Tls tls = Tls.localCa(dir);
        X509Certificate ca = tls.localCa().orElseThrow();
        X509Certificate server = (X509Certificate) tls.keyStore().getCertificate(Tls.ALIAS);

        assertThat(ca.getSubjectX500Principal().getName()).startsWith("CN=Usher local CA (");
        assertThat(ca.getBasicConstraints()).as("CA:true, pathlen 0").isZero();
        assertThat(ca.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(Duration.between(ca.getNotBefore().toInstant(), ca.getNotAfter().toInstant())).isGreaterThan(Duration.ofDays(3600));
        assertThat(ca.getCriticalExtensionOIDs()).contains(Extension.nameConstraints.getId());
        assertThat(LocalCa.permittedDns(ca)).contains("localhost").isEqualTo(LocalCa.Names.ofThisMachine().dns());

        assertThat(server.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(server.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(server.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(Duration.between(server.getNotBefore().toInstant(), server.getNotAfter().toInstant()))
                .isLessThanOrEqualTo(Duration.ofDays(397));
        server.verify(ca.getPublicKey());
        LocalCa.Names names = LocalCa.Names.of(server);
        assertThat(names.dns()).contains("localhost");
        assertThat(names.ips()).contains("127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(names.ips()).containsAll(Tls.localNames().stream().filter(n -> !n.equals("localhost")).toList());
        assertThat(tls.keyStore().getCertificateChain(Tls.ALIAS)).containsExactly(server, ca);
    }

    @Test
    void the_server_certificate_is_issued_again_when_the_addresses_change_and_the_ca_stays() throws Exception {
        Path data = dir.resolve("data");
        Tls first = Tls.localCa(data);
        X509Certificate ca = first.localCa().orElseThrow();
        assertThat(Tls.localCa(data).fingerprint()).as("same machine, same certificate").isEqualTo(first.fingerprint());

        // The laptop joins the venue network: one more address.
        LocalCa.Names now = LocalCa.Names.ofThisMachine();
        TreeSet<String> ips = new TreeSet<>(now.ips());
        ips.add("10.99.0.7");
        Tls moved = Tls.localCa(data, new LocalCa.Names(now.dns(), ips), Clock.systemUTC());
        X509Certificate movedServer = (X509Certificate) moved.keyStore().getCertificate(Tls.ALIAS);
        assertThat(moved.fingerprint()).isNotEqualTo(first.fingerprint());
        assertThat(LocalCa.Names.of(movedServer).ips()).contains("10.99.0.7");
        assertThat(moved.localCa()).as("the CA stays").hasValue(ca);

        // Back home: the address is gone again, and a device that trusted the CA before still verifies.
        try (TestServer server = TestServer.start(localCa(data))) {
            assertThat(certificate(server.get("/ca.pem").body())).isEqualTo(ca);
            HttpResponse<String> r = get(trusting(ca), "https://localhost:" + App.httpsPort(server.app()) + "/api/health");
            assertThat(r.statusCode()).isEqualTo(200);
        }
        X509Certificate stored = LocalCa.readCertificates(data.resolve(LocalCa.SERVER_CERT)).get(0);
        assertThat(LocalCa.Names.of(stored).ips()).doesNotContain("10.99.0.7");

        // Close to its end the server certificate is renewed, the CA still kept.
        Clock later = Clock.offset(Clock.systemUTC(), LocalCa.SERVER_VALIDITY.minus(Duration.ofDays(10)));
        Tls renewed = Tls.localCa(data, LocalCa.Names.ofThisMachine(), later);
        assertThat(renewed.fingerprint()).isNotEqualTo(Tls.fingerprintOf(stored));
        assertThat(renewed.localCa()).hasValue(ca);
    }

    @Test
    void a_data_folder_with_the_old_self_signed_certificate_moves_to_the_local_ca() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Files.writeString(data.resolve(LocalCa.OLD_SELF_SIGNED), "an old keytool PKCS#12");
        Files.writeString(data.resolve(LocalCa.OLD_SELF_SIGNED + ".password"), "secret\n");

        Tls tls = Tls.localCa(data);

        assertThat(tls.localCa()).isPresent();
        assertThat(data.resolve(LocalCa.OLD_SELF_SIGNED)).doesNotExist();
        assertThat(data.resolve(LocalCa.OLD_SELF_SIGNED + ".password")).doesNotExist();
        assertThat(data.resolve(LocalCa.CA_CERT)).exists();
        assertThat(data.resolve(LocalCa.CA_KEY)).exists();
        if (Files.getFileStore(data).supportsFileAttributeView("posix")) {
            assertThat(Files.getPosixFilePermissions(data.resolve(LocalCa.CA_KEY))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    void a_certificate_the_ca_key_signs_for_another_site_is_refused_by_its_name_constraints() throws Exception {
        Path data = dir.resolve("data");
        X509Certificate ca = Tls.localCa(data).localCa().orElseThrow();
        String keyPem = Files.readString(data.resolve(LocalCa.CA_KEY));
        PrivateKey caKey = KeyFactory.getInstance("EC").generatePrivate(
                new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(keyPem.replaceAll("-----[A-Z ]+-----", ""))));

        // Browsers and operating systems apply a trusted root's nameConstraints; the JDK's PKIX does
        // not (it refuses anchors with constraints), BouncyCastle's does for a CA in the path: the
        // path carries the CA itself, self-issued, so its constraints apply to the certificate below.
        CertPathValidator pkix = CertPathValidator.getInstance("PKIX", new BouncyCastleProvider());
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        params.setRevocationEnabled(false);
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        pkix.validate(cf.generateCertPath(List.of(leaf(ca, caKey, "localhost"), ca)), params);
        pkix.validate(cf.generateCertPath(List.of((X509Certificate) Tls.localCa(data).keyStore().getCertificate(Tls.ALIAS), ca)), params);
        assertThatThrownBy(() -> pkix.validate(cf.generateCertPath(List.of(leaf(ca, caKey, "bank.example"), ca)), params))
                .isInstanceOf(CertPathValidatorException.class);
    }

    /** What someone holding a copy of the CA key could sign. */
    private static X509Certificate leaf(X509Certificate ca, PrivateKey caKey, String dnsName) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca, BigInteger.TEN, Date.from(now.minusSeconds(60)),
                Date.from(now.plus(Duration.ofDays(30))), new X500Name("CN=" + dnsName), g.generateKeyPair().getPublic());
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey)));
    }

    @Test
    void without_the_local_ca_there_is_no_certificate_to_download() throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("plain"))) {
            TestServer.Response r = server.get("/ca.pem");
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.json().get("error").asText()).isEqualTo("no_local_ca");
            assertThat(server.get("/ca.crt").status()).isEqualTo(404);
            JsonNode tls = server.get("/api/tls").json();
            assertThat(tls.get("localCa").asBoolean()).isFalse();
            assertThat(tls.hasNonNull("httpsPort")).isFalse();
            assertThat(tls.hasNonNull("kioskUrl")).isFalse();
        }
    }

    @Test
    void an_organizers_pem_certificate_and_key_are_served() throws Exception {
        // Make a certificate the way an organizer's CA would hand it over: PEM chain and PKCS#8 key.
        Tls made = Tls.localCa(dir.resolve("ca"));
        Certificate cert = made.keyStore().getCertificate("usher");
        Key key = made.keyStore().getKey("usher", made.password().toCharArray());
        Path certPem = dir.resolve("cert.pem");
        Path keyPem = dir.resolve("key.pem");
        Base64.Encoder b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        Files.writeString(certPem, "-----BEGIN CERTIFICATE-----\n" + b64.encodeToString(cert.getEncoded()) + "\n-----END CERTIFICATE-----\n");
        Files.writeString(keyPem, "-----BEGIN PRIVATE KEY-----\n" + b64.encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n");

        Config config = new Config("127.0.0.1", 0, dir.resolve("data"), null, TestServer.ADMIN_TOKEN, new Config.TlsOptions(certPem, keyPem, false, 0));
        try (TestServer server = TestServer.start(config)) {
            HttpResponse<String> r = get(trusting(cert), "https://localhost:" + App.httpsPort(server.app()) + "/api/event");
            assertThat(r.statusCode()).isEqualTo(200);
            // With the organizer's own certificate, browsers are told to use HTTPS from now on.
            assertThat(r.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
            assertThat(server.get("/api/event").header("Strict-Transport-Security")).isNull();
            // Nothing of Usher's own to install.
            assertThat(server.get("/ca.pem").status()).isEqualTo(404);
            assertThat(server.get("/api/tls").json().get("localCa").asBoolean()).isFalse();
        }
    }

    @Test
    void a_client_that_trusts_nothing_of_ushers_is_refused() throws Exception {
        try (TestServer server = TestServer.start(localCa(dir.resolve("data")))) {
            assertThatThrownBy(() -> get(HttpClient.newHttpClient(), "https://localhost:" + App.httpsPort(server.app()) + "/api/health"))
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }
}
