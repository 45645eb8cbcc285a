package dev.usher.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.ChecksumException;
import com.google.zxing.DecodeHintType;
import com.google.zxing.FormatException;
import com.google.zxing.NotFoundException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import dev.usher.Browser;
import dev.usher.BrowserTest;
import dev.usher.TestServer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WrapsDriver;
import org.openqa.selenium.print.PageSize;
import org.openqa.selenium.print.PrintOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The attendee's ticket page {@code /t/{code}} in a real browser, for every state a code can be in. */
class TicketPageTest extends BrowserTest {
    /** 6 cm in CSS pixels (96 px per inch): the smallest printed QR a door scanner reads reliably. */
    private static final double SIX_CM = 6 / 2.54 * 96;

    @Test
    void ticket_page_shows_the_attendee_the_event_and_a_qr_of_its_own_code() throws Exception {
        JsonNode ticket = server.register("Ada Lovelace", "ada@example.com");
        String code = ticket.get("code").asText();
        openBrowser(Browser.Window.DESKTOP);

        openTicket(ticket.get("url").asText(), "valid");

        assertThat(browser.find(By.id("attendee-name")).getText()).isEqualTo("Ada Lovelace");
        assertThat(browser.find(By.id("event-name")).getText()).isEqualTo("Serverless: an inside look");
        assertThat(browser.find(By.id("event-date")).getText()).isEqualTo("Thursday, 21 February 2019");
        assertThat(browser.find(By.id("event-venue")).getText()).contains("Oakland");
        assertThat(browser.find(By.id("event-doors")).getText()).contains("18:00");
        assertThat(browser.find(By.id("ticket-code")).getText().replaceAll("\\s", "")).isEqualTo(code);
        assertThat(browser.find(By.id("qr")).getText()).contains("Show this at the door");
        assertThat(browser.find(By.id("ticket-problem")).isDisplayed()).isFalse();
        assertThat(browser.find(By.id("print-button")).isDisplayed()).isTrue();
        assertThat(browser.driver().getTitle()).contains("Ada Lovelace");

        WebElement qr = browser.find(By.id("qr-image"));
        assertThat(qr.getDomProperty("src")).isEqualTo(server.baseUrl() + "/t/" + code + "/qr.svg");
        assertThat(decodeQr(qr)).isEqualTo(code);
        assertThat(browser.consoleErrors()).isEmpty();
        assertThat(RegistrationPageTest.inlineCode(browser)).isEmpty();
        browser.screenshot("ticket-desktop");
    }

    @Test
    void on_a_phone_the_qr_fills_the_width_and_is_visible_without_scrolling() throws Exception {
        JsonNode ticket = server.register("Grace Brewster Murray Hopper", "grace@example.com");
        openBrowser(Browser.Window.PHONE);

        openTicket(ticket.get("url").asText(), "valid");

        long width = ((Number) browser.script("return window.innerWidth")).longValue();
        long height = ((Number) browser.script("return window.innerHeight")).longValue();
        assertThat(width).isEqualTo(390);
        Rectangle qr = browser.find(By.id("qr-image")).getRect();
        assertThat(qr.getX()).isGreaterThanOrEqualTo(0);
        assertThat(qr.getX() + qr.getWidth()).isLessThanOrEqualTo((int) width);
        assertThat(qr.getWidth()).as("QR width on a %d px screen", width).isGreaterThanOrEqualTo((int) (width * 0.8));
        assertThat(qr.getY() + qr.getHeight()).as("QR bottom edge").isLessThanOrEqualTo((int) height);
        long pageWidth = ((Number) browser.script("return document.documentElement.scrollWidth")).longValue();
        assertThat(pageWidth).as("page width: no sideways scrolling").isLessThanOrEqualTo(width);
        assertThat(decodeQr(browser.find(By.id("qr-image")))).isEqualTo(ticket.get("code").asText());
        browser.screenshot("ticket-phone");
        browser.fullPageScreenshot("ticket-phone-full");
    }

    @Test
    void printing_gives_one_a4_page_with_a_large_black_on_white_qr_and_no_buttons() throws IOException {
        JsonNode ticket = server.register("Ada Lovelace", "ada@example.com");
        openBrowser(Browser.Window.DESKTOP);
        openTicket(ticket.get("url").asText(), "valid");

        browser.driver().executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
        assertThat(browser.find(By.id("print-button")).isDisplayed()).isFalse();
        assertThat(browser.find(By.id("qr-image")).getRect().getWidth()).isGreaterThanOrEqualTo((int) SIX_CM);
        assertThat(browser.find(By.id("attendee-name")).getCssValue("color")).isEqualTo("rgba(0, 0, 0, 1)");
        assertThat(browser.find(By.id("event-name")).getCssValue("color")).isEqualTo("rgba(0, 0, 0, 1)");
        assertThat(browser.find(By.id("ticket")).getCssValue("background-color")).isEqualTo("rgba(255, 255, 255, 1)");
        browser.screenshot("ticket-print-preview");
        browser.driver().executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));

        PrintOptions a4 = new PrintOptions();
        a4.setPageSize(new PageSize(29.7, 21.0));
        byte[] pdf = Base64.getDecoder().decode(browser.driver().print(a4).getContent());
        Files.createDirectories(Browser.SCREENSHOTS);
        Files.write(Browser.SCREENSHOTS.resolve("ticket-print.pdf"), pdf);
        assertThat(pdfPageCount(pdf)).as("pages in the printed ticket").isEqualTo(1);
    }

    @Test
    void an_unknown_code_says_not_a_valid_ticket_and_shows_no_qr() {
        JsonNode real = server.register("Ada Lovelace", "ada@example.com");
        openBrowser(Browser.Window.DESKTOP);

        openTicket("/t/NOT-A-TICKET-0123", "invalid");
        assertNoQr();
        assertThat(browser.find(By.id("problem-title")).getText()).isEqualTo("Not a valid ticket");
        assertThat(browser.find(By.id("attendee-name")).isDisplayed()).isFalse();

        // A forged code: the right shape, one character changed, so the signature no longer matches.
        String code = real.get("code").asText();
        String forged = code.substring(0, 40) + (code.charAt(40) == 'A' ? 'B' : 'A') + code.substring(41);
        openTicket("/t/" + forged, "invalid");
        assertNoQr();
        assertThat(browser.find(By.id("ticket-problem")).getText()).contains("Not a valid ticket");
        assertThat(browser.find(By.tagName("body")).getText()).doesNotContain("Ada Lovelace");
        browser.screenshot("ticket-invalid");
    }

    @Test
    void after_staff_revoke_a_ticket_the_old_code_says_replaced_and_the_new_code_shows_the_qr() throws Exception {
        JsonNode ticket = server.register("Ada Lovelace", "ada@example.com");
        String oldCode = ticket.get("code").asText();
        TestServer.Response revoked = server.admin("POST", "/api/tickets/" + ticket.get("id").asText() + "/revoke", null);
        assertThat(revoked.status()).isEqualTo(200);
        String newCode = revoked.json().get("ticket").get("code").asText();
        assertThat(newCode).isNotEqualTo(oldCode);
        openBrowser(Browser.Window.PHONE);

        openTicket("/t/" + oldCode, "revoked");
        assertNoQr();
        assertThat(browser.find(By.id("attendee-name")).getText()).isEqualTo("Ada Lovelace");
        assertThat(browser.find(By.id("problem-title")).getText()).isEqualTo("Ticket replaced");
        assertThat(browser.find(By.id("problem-detail")).getText()).contains("newer code");
        assertThat(browser.find(By.id("print-button")).isDisplayed()).isFalse();
        browser.screenshot("ticket-revoked-phone");

        openTicket("/t/" + newCode, "valid");
        WebElement qr = browser.find(By.id("qr-image"));
        assertThat(qr.getDomProperty("src")).isEqualTo(server.baseUrl() + "/t/" + newCode + "/qr.svg");
        assertThat(decodeQr(qr)).isEqualTo(newCode);
    }

    @Test
    void a_cancelled_ticket_says_cancelled_and_shows_no_qr() {
        JsonNode ticket = server.register("Ada Lovelace", "ada@example.com");
        TestServer.Response cancelled = server.admin("POST", "/api/tickets/" + ticket.get("id").asText() + "/revoke",
                "{\"reissue\":false}");
        assertThat(cancelled.status()).isEqualTo(200);
        openBrowser(Browser.Window.DESKTOP);

        openTicket(ticket.get("url").asText(), "canceled");
        assertNoQr();
        assertThat(browser.find(By.id("problem-title")).getText()).isEqualTo("Ticket cancelled");
        browser.screenshot("ticket-cancelled");
    }

    private void openTicket(String path, String expectedStatus) {
        browser.get(server.baseUrl() + path);
        browser.waitUntil("the ticket page has loaded the ticket",
                d -> !"loading".equals(browser.find(By.id("ticket")).getDomAttribute("data-status")));
        assertThat(browser.find(By.id("ticket")).getDomAttribute("data-status")).isEqualTo(expectedStatus);
        if (expectedStatus.equals("valid")) {
            browser.waitUntil("the QR image has loaded", d -> qrLoaded(browser));
        }
    }

    private void assertNoQr() {
        WebElement qr = browser.find(By.id("qr-image"));
        assertThat(qr.isDisplayed()).isFalse();
        assertThat(browser.find(By.id("qr")).isDisplayed()).isFalse();
        assertThat(qr.getDomAttribute("src")).as("QR image source").isNull();
        assertThat(browser.find(By.id("ticket-problem")).isDisplayed()).isTrue();
        assertThat(browser.find(By.id("ticket-problem")).getDomAttribute("role")).isEqualTo("alert");
    }

    /** The QR image finished loading and has real pixels. */
    static boolean qrLoaded(Browser browser) {
        return Boolean.TRUE.equals(browser.script(
                "const img = document.getElementById('qr-image');"
                        + "return img.complete && img.naturalWidth > 0 && img.getBoundingClientRect().width > 0;"));
    }

    /** Reads the QR as a phone camera would: from the pixels the browser drew, not from the server. */
    static String decodeQr(WebElement image) throws IOException {
        // "complete" can be true before the decoded image is painted: wait for decode and two frames.
        WebDriver driver = ((WrapsDriver) image).getWrappedDriver();
        ((JavascriptExecutor) driver).executeAsyncScript("""
                const [img, done] = arguments;
                img.decode().catch(() => null)
                        .then(() => requestAnimationFrame(() => requestAnimationFrame(() => done(true))));""", image);
        // On a busy machine a screenshot can still show an older frame (seen: the QR cut off at the
        // top): look again, as a phone camera would, until one decodes.
        BufferedImage[] last = new BufferedImage[1];
        try {
            return new WebDriverWait(driver, Browser.WAIT, Duration.ofMillis(200)).until(d -> {
                last[0] = pixels(image);
                return decoded(last[0]);
            });
        } catch (TimeoutException e) {
            Files.createDirectories(Browser.SCREENSHOTS);
            Path file = Browser.SCREENSHOTS.resolve("qr-not-decoded-" + System.nanoTime() + ".png");
            ImageIO.write(last[0], "png", file.toFile());
            throw new AssertionError("the QR drawn on the page does not decode; see " + file, e);
        }
    }

    private static BufferedImage pixels(WebElement element) {
        try {
            return ImageIO.read(new ByteArrayInputStream(element.getScreenshotAs(OutputType.BYTES)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The QR code's text, or null when none can be read from the picture. */
    /**
     * ZXing's finder-pattern search sometimes misses a crisp capture with very large modules (seen:
     * a 680 px phone capture that zbarimg reads at once): then the capture at half size, as a camera
     * further away would see it.
     */
    private static String decoded(BufferedImage shot) {
        String text = decodedAsIs(shot);
        if (text != null) {
            return text;
        }
        BufferedImage half = new BufferedImage(Math.max(1, shot.getWidth() / 2), Math.max(1, shot.getHeight() / 2), BufferedImage.TYPE_INT_RGB);
        half.getGraphics().drawImage(shot.getScaledInstance(half.getWidth(), half.getHeight(), java.awt.Image.SCALE_AREA_AVERAGING), 0, 0, null);
        return decodedAsIs(half);
    }

    private static String decodedAsIs(BufferedImage shot) {
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(shot)));
        try {
            return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
        } catch (NotFoundException | ChecksumException | FormatException e) {
            return null;
        }
    }

    /** Page objects in Chrome's PDF output ("/Type /Page", not "/Type /Pages"). */
    private static int pdfPageCount(byte[] pdf) {
        Matcher m = Pattern.compile("/Type\\s*/Page(?![a-zA-Z])").matcher(new String(pdf, StandardCharsets.ISO_8859_1));
        int pages = 0;
        while (m.find()) {
            pages++;
        }
        assertThat(pages).as("page objects found in the PDF").isPositive();
        return pages;
    }
}
