package dev.usher.device;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usher.App;
import dev.usher.Browser;
import dev.usher.BrowserTest;
import dev.usher.Config;
import dev.usher.TestServer;
import dev.usher.web.Tls;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kiosk over HTTPS with the local CA trusted, as a tablet that installed it from /trust/:
 * headless Chromium trusts the CA through {@code --ignore-certificate-errors-spki-list} (the
 * SHA-256 of a SubjectPublicKeyInfo; Chromium accepts a chain when any certificate in it has a
 * listed key, so the CA's key covers every server certificate the CA issues).
 */
class HttpsKioskTest extends BrowserTest {
    @TempDir
    Path videos;
    private int httpsPort;

    @BeforeEach
    void serveHttpsFromTheLocalCa() {
        server.close();
        server = TestServer.start(new Config("127.0.0.1", 0, data, null, TestServer.ADMIN_TOKEN, new Config.TlsOptions(null, null, true, 0)));
        httpsPort = App.httpsPort(server.app());
    }

    @Test
    void with_the_local_ca_trusted_the_kiosk_over_https_registers_its_service_worker_starts_its_camera_and_admits_a_ticket() {
        String code = server.register("Ada Lovelace", "ada@example.com").get("code").asText();
        openBrowserWithCamera(code, spkiHash(caCertificate()));

        JsonNode kiosk = server.createKiosk("Door A");
        DoorKiosk door = new DoorKiosk(browser);
        door.pair("https://127.0.0.1:" + httpsPort, kiosk.get("pairingUrl").asText(), "Door A");
        assertThat(browser.script("return location.protocol + ' ' + isSecureContext")).isEqualTo("https: true");
        // A certificate Chromium does not trust stops the worker's script ("An SSL certificate error
        // occurred when fetching the script"): registered and in control means the CA is trusted.
        door.awaitServiceWorker();
        browser.get("https://127.0.0.1:" + httpsPort + "/kiosk/");
        browser.waitUntil("reloaded, under the service worker", DoorKiosk.SYNC, d -> "Door A".equals(door.text("kiosk-name"))
                && (Boolean) browser.script("return navigator.serviceWorker.controller !== null"));
        assertThat(browser.driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                navigator.serviceWorker.getRegistration('/kiosk/').then((r) => done(r && r.active ? r.active.state : null), (e) => done(String(e)));
                """)).isEqualTo("activated");
        browser.find(By.id("start")).click();
        browser.waitUntil("the camera starts", Duration.ofSeconds(20),
                d -> "scanning".equals(browser.script("return document.body.dataset.state")));
        try {
            new WebDriverWait(browser.driver(), CameraScanTest.FIRST_VERDICT, Duration.ofMillis(50))
                    .until(d -> "ok".equals(d.findElement(By.id("verdict")).getAttribute("data-verdict")));
        } catch (TimeoutException e) {
            throw new AssertionError("no admission over HTTPS; console errors: " + browser.consoleErrors(), e);
        }
        assertThat(browser.find(By.id("verdict-title")).getText()).isEqualTo("Welcome, Ada Lovelace");
        browser.screenshot("https-kiosk-admitted");
        assertThat(server.get("/api/stats", TestServer.ADMIN_TOKEN).json().get("checkedIn").asInt()).isEqualTo(1);
    }

    @Test
    void chromium_trusts_the_chain_by_the_cas_key_or_the_servers_but_not_by_another() throws Exception {
        Certificate server = storedServerCertificate();
        for (Certificate trusted : List.of(caCertificate(), server)) {
            openBrowser(Browser.Window.DESKTOP, "--ignore-certificate-errors-spki-list=" + spkiHash(trusted));
            browser.get("https://localhost:" + httpsPort + "/kiosk/");
            browser.waitUntil("the kiosk page loads", d -> d.findElements(By.id("start")).size() == 1);
        }

        Certificate other = Tls.localCa(videos.resolve("another-ca")).localCa().orElseThrow();
        openBrowser(Browser.Window.DESKTOP, "--ignore-certificate-errors-spki-list=" + spkiHash(other));
        browser.get("https://localhost:" + httpsPort + "/kiosk/");
        assertThat(browser.findAll(By.id("start"))).as("Chromium stops at its certificate warning").isEmpty();
    }

    private void openBrowserWithCamera(String code, String spki) {
        Path y4m = Y4m.writeStill(videos.resolve("ticket.y4m"), CameraScanTest.centered(CameraScanTest.qr(code)), 10);
        openBrowser(Browser.Window.DESKTOP,
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                "--use-file-for-fake-video-capture=" + y4m.toAbsolutePath(),
                "--ignore-certificate-errors-spki-list=" + spki);
    }

    /** What a device downloads from /ca.pem over plain HTTP. */
    private Certificate caCertificate() {
        TestServer.Response pem = server.get("/ca.pem");
        assertThat(pem.status()).isEqualTo(200);
        try {
            return CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem.body().getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The server certificate the local CA issued, as stored in the data folder. */
    private Certificate storedServerCertificate() throws Exception {
        try (InputStream in = Files.newInputStream(data.resolve("tls-server.pem"))) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).iterator().next();
        }
    }

    /** Base64 of the SHA-256 of the certificate's SubjectPublicKeyInfo, as Chromium's switch takes it. */
    static String spkiHash(Certificate cert) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(cert.getPublicKey().getEncoded()));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
