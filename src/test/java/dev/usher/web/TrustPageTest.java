package dev.usher.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usher.App;
import dev.usher.Browser;
import dev.usher.BrowserTest;
import dev.usher.Config;
import dev.usher.TestServer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The "Trust this server" page at /trust/, opened over plain HTTP as a device does before it trusts Usher. */
class TrustPageTest extends BrowserTest {

    private void serveHttpsFromTheLocalCa() {
        server.close();
        server = TestServer.start(new Config("127.0.0.1", 0, data, null, TestServer.ADMIN_TOKEN, new Config.TlsOptions(null, null, true, 0)));
    }

    @Test
    void the_page_shows_the_ca_fingerprint_the_install_steps_and_a_qr_code_of_itself_then_moves_to_https() throws Exception {
        serveHttpsFromTheLocalCa();
        X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(server.get("/ca.pem").body().getBytes(StandardCharsets.US_ASCII)));
        int httpsPort = App.httpsPort(server.app());
        openBrowser(Browser.Window.DESKTOP, "--ignore-certificate-errors-spki-list=" + Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(ca.getPublicKey().getEncoded())));

        browser.get(server.baseUrl() + "/trust/");
        browser.waitForData(By.id("trust"), "state", "local-ca");
        assertThat(browser.find(By.id("fingerprint")).getText()).isEqualTo(Tls.fingerprintOf(ca));
        assertThat(browser.find(By.id("ca-name")).getText()).startsWith("Usher local CA (");
        assertThat(browser.find(By.id("download-pem")).getAttribute("href")).isEqualTo(server.baseUrl() + "/ca.pem");
        assertThat(browser.find(By.id("download-crt")).getAttribute("href")).isEqualTo(server.baseUrl() + "/ca.crt");

        List<WebElement> steps = browser.findAll(By.cssSelector("details[data-platform]"));
        assertThat(steps).extracting(e -> e.getAttribute("data-platform")).containsExactly("android", "ios", "chromeos", "windows", "macos");
        for (WebElement platform : steps) {
            assertThat(platform.findElements(By.cssSelector("ol > li"))).as(platform.getAttribute("data-platform")).hasSizeGreaterThanOrEqualTo(3);
        }
        assertThat(browser.find(By.cssSelector("[data-platform=ios]")).getAttribute("textContent")).contains("Certificate Trust Settings");

        JsonNode tls = server.get("/api/tls").json();
        WebElement qr = browser.find(By.id("page-qr"));
        assertThat(qr.isDisplayed()).isTrue();
        // A phone scanning the QR lands on this page over plain HTTP, at an address it can reach.
        assertThat(TicketPageTest.decodeQr(qr)).isEqualTo(tls.get("pageUrl").asText()).startsWith("http://").endsWith(":" + server.port() + "/trust/");
        assertThat(browser.find(By.id("page-url")).getText()).isEqualTo(tls.get("pageUrl").asText());
        assertThat(browser.find(By.cssSelector("[data-testid=already-https]")).isDisplayed()).isFalse();
        browser.fullPageScreenshot("trust-page");
        assertThat(browser.consoleErrors()).isEmpty();

        WebElement next = browser.find(By.id("continue"));
        assertThat(next.getAttribute("href")).isEqualTo("https://127.0.0.1:" + httpsPort + "/kiosk/");
        next.click();
        browser.waitUntil("the kiosk over HTTPS", d -> d.findElements(By.id("start")).size() == 1);
        assertThat(browser.script("return location.origin + ' ' + isSecureContext")).isEqualTo("https://127.0.0.1:" + httpsPort + " true");

        // Opened over HTTPS, the page says this device already trusts Usher.
        browser.get("https://127.0.0.1:" + httpsPort + "/trust/");
        browser.waitForData(By.id("trust"), "https", "true");
        assertThat(browser.find(By.cssSelector("[data-testid=already-https]")).isDisplayed()).isTrue();
    }

    @Test
    void each_kind_of_device_gets_its_own_install_steps_opened() {
        serveHttpsFromTheLocalCa();
        openBrowser(Browser.Window.PHONE);
        browser.get(server.baseUrl() + "/trust/");
        browser.waitForData(By.id("trust"), "state", "local-ca");
        browser.fullPageScreenshot("trust-page-phone");
        Object platforms = browser.driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('/trust/platform.js').then(({platformOf}) => done([
                    platformOf('Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 Chrome/131.0 Safari/537.36'),
                    platformOf('Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Version/18.1 Mobile/15E148 Safari/604.1'),
                    platformOf('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 Version/18.1 Safari/605.1.15', 5),
                    platformOf('Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 Chrome/131.0 Safari/537.36'),
                    platformOf('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36'),
                    platformOf('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 Version/18.1 Safari/605.1.15', 0),
                    platformOf('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36') ?? 'none']));""");
        assertThat(platforms).isEqualTo(List.of("android", "ios", "ios", "chromeos", "windows", "macos", "none"));
        // Headless Chromium on Linux is none of them: every section stays closed.
        assertThat(browser.script("return document.querySelectorAll('details[data-platform][open]').length")).isEqualTo(0L);
    }

    @Test
    void without_tls_the_page_says_how_to_turn_it_on() {
        openBrowser(Browser.Window.DESKTOP);
        browser.get(server.baseUrl() + "/trust/");
        browser.waitForData(By.id("trust"), "state", "no-tls");
        assertThat(browser.find(By.cssSelector("[data-testid=no-tls]")).getText()).contains("--tls-self-signed");
        assertThat(browser.find(By.id("fingerprint")).isDisplayed()).isFalse();
        assertThat(browser.find(By.id("continue")).isDisplayed()).isFalse();
    }
}
