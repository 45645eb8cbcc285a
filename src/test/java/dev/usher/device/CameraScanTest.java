package dev.usher.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import dev.usher.Browser;
import dev.usher.BrowserTest;
import dev.usher.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.support.ui.WebDriverWait;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The kiosk page scanning tickets through a camera: headless Chromium with its fake camera playing
 * a Y4M video of a ticket's QR code, decoded by public/kiosk/scanner.js.
 */
class CameraScanTest extends BrowserTest {
    static final int WIDTH = 640;
    static final int HEIGHT = 480;
    /** Camera start, WebAssembly compile and the first decode, with room for a busy CI machine. */
    static final Duration FIRST_VERDICT = Duration.ofSeconds(20);
    static final Duration SAME_CODE_PAUSE_AND_MORE = Duration.ofSeconds(25);

    @TempDir
    Path videos;

    @Test
    void a_genuine_ticket_shown_to_the_camera_is_admitted_and_counted() {
        String code = server.register("Ada Lovelace", "ada@example.com").get("code").asText();

        camera("genuine", centered(ticketQr(code)));
        startKiosk(browser, "Door A");

        awaitVerdict(browser, "ok", FIRST_VERDICT);
        assertThat(browser.find(By.id("verdict-title")).getText()).isEqualTo("Welcome, Ada Lovelace");
        assertThat(browser.find(By.id("verdict")).isDisplayed()).isTrue();
        browser.screenshot("camera-scan-admitted");
        assertThat(browser.script("return document.body.dataset.decoder")).isEqualTo("zxing-wasm");
        assertThat(browser.consoleErrors()).isEmpty();

        waitForVerdictToClear(browser);
        browser.screenshot("camera-scan-preview");

        JsonNode stats = server.get("/api/stats", TestServer.ADMIN_TOKEN).json();
        assertThat(stats.get("checkedIn").asInt()).isEqualTo(1);
        assertThat(stats.get("kiosks").get(0).get("admitted").asInt()).isEqualTo(1);
    }

    @Test
    void the_same_ticket_still_in_front_of_the_camera_after_the_pause_is_already_checked_in() {
        String code = server.register("Grace Hopper", "grace@example.com").get("code").asText();

        camera("again", centered(ticketQr(code)));
        startKiosk(browser, "Door A");
        awaitVerdict(browser, "ok", FIRST_VERDICT);

        // The page ignores the same code for 5 s, then asks the server again.
        awaitVerdict(browser, "already", SAME_CODE_PAUSE_AND_MORE);
        assertThat(browser.find(By.id("verdict-title")).getText()).isEqualTo("Already checked in");
        assertThat(browser.find(By.id("verdict-detail")).getText()).contains("Grace Hopper").contains("Door A");
        browser.screenshot("camera-scan-already");

        assertThat(server.get("/api/stats", TestServer.ADMIN_TOKEN).json().get("checkedIn").asInt()).isEqualTo(1);
    }

    @Test
    void a_forged_code_shown_to_the_camera_is_invalid() {
        String genuine = server.register("Ada Lovelace", "ada@example.com").get("code").asText();
        String forged = flipOneCharacter(genuine);

        camera("forged", centered(qr(forged)));
        startKiosk(browser, "Door A");

        awaitVerdict(browser, "invalid", FIRST_VERDICT);
        assertThat(browser.find(By.id("verdict-title")).getText()).isEqualTo("Not a valid ticket");
        assertThat(browser.find(By.id("verdict")).getText()).doesNotContain("Ada");
        browser.screenshot("camera-scan-forged");

        assertThat(server.get("/api/stats", TestServer.ADMIN_TOKEN).json().get("checkedIn").asInt()).isZero();
    }

    @Test
    void a_small_tilted_low_contrast_ticket_on_a_busy_background_still_scans() {
        String code = server.register("Katherine Johnson", "kj@example.com").get("code").asText();

        camera("hard", hardScene(ticketQr(code), 0.40, 7, new Random(42)));
        startKiosk(browser, "Door A");

        awaitVerdict(browser, "ok", FIRST_VERDICT);
        assertThat(browser.find(By.id("verdict-title")).getText()).isEqualTo("Welcome, Katherine Johnson");
        browser.screenshot("camera-scan-hard");
        waitForVerdictToClear(browser);
        browser.screenshot("camera-scan-hard-preview");
    }

    @Test
    void without_webassembly_the_scanner_falls_back_to_jsqr_in_a_worker() {
        String code = server.register("Ada Lovelace", "ada@example.com").get("code").asText();

        camera("jsqr", centered(ticketQr(code)));
        browser.driver().executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
                Map.of("source", "delete globalThis.WebAssembly;"));
        startKiosk(browser, "Door A");

        awaitVerdict(browser, "ok", FIRST_VERDICT);
        assertThat(browser.find(By.id("verdict-title")).getText()).isEqualTo("Welcome, Ada Lovelace");
        assertThat(browser.script("return document.body.dataset.decoder")).isEqualTo("jsqr");
    }

    @Test
    void the_decoder_and_its_webassembly_come_from_this_server() {
        String code = server.register("Ada Lovelace", "ada@example.com").get("code").asText();

        camera("origin", centered(ticketQr(code)));
        startKiosk(browser, "Door A");
        awaitVerdict(browser, "ok", FIRST_VERDICT);

        @SuppressWarnings("unchecked")
        List<String> loaded = (List<String>) browser.script(
                "return performance.getEntriesByType('resource').map(e => e.name)");
        assertThat(loaded).anyMatch(url -> url.endsWith("/vendor/zxing-wasm/zxing_reader.wasm"));
        assertThat(loaded).allMatch(url -> url.startsWith(server.baseUrl() + "/"));
    }

    @Test
    void the_scan_to_verdict_benchmark_runs_on_the_real_kiosk_page() {
        // Two scans only, to keep bench/kiosk-scan working; the figures come from KioskScanBench.
        ScanToVerdict.Result result = ScanToVerdict.run(server, "Smoke", 0, 2, cpuSlowdown());

        assertThat(result.decoder()).isEqualTo("zxing-wasm");
        assertThat(result.cpuSlowdown()).isEqualTo(cpuSlowdown());
        assertThat(result.workerTrips()).isNotEmpty();
        assertThat(result.scans()).hasSize(2).allSatisfy(scan -> {
            assertThat(scan.verdict()).isEqualTo("ok");
            assertThat(scan.total()).isPositive().isEqualTo(scan.decode() + scan.request() + scan.render(), within(0.01));
        });
        assertThat(server.get("/api/stats", TestServer.ADMIN_TOKEN).json().get("checkedIn").asInt()).isEqualTo(2);
    }

    @Test
    void the_door_throughput_benchmark_runs_on_the_real_kiosk_page() {
        // Three tickets in turn, to keep bench/kiosk-scan's door run working; the figures come from
        // KioskScanBench. The camera loops, so a ticket missed on one pass is shown again.
        DoorThroughput.Door door = DoorThroughput.prepare(server, "Smoke",
                new DoorThroughput.Pace(3, Duration.ofSeconds(1), Duration.ofMillis(400), Duration.ZERO), videos);
        openBrowser(Browser.Window.DESKTOP, door.cameraArgs());

        DoorThroughput.Result result = DoorThroughput.measure(server, browser, door, cpuSlowdown(), true, FIRST_VERDICT.multipliedBy(3));

        assertThat(result.admitted()).isEqualTo(3);
        assertThat(result.other()).isZero();
        assertThat(result.serverAdmitted()).isEqualTo(3);
        assertThat(browser.consoleErrors()).isEmpty();
    }

    // ---------- the kiosk ----------

    /** Opens the browser with its fake camera playing the frame. */
    private void camera(String name, BufferedImage frame) {
        Path y4m = Y4m.writeStill(videos.resolve(name + ".y4m"), frame, 10);
        openBrowser(Browser.Window.DESKTOP,
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                "--use-file-for-fake-video-capture=" + y4m.toAbsolutePath());
    }

    /** Pairs the page as a new kiosk and taps Start. */
    private void startKiosk(Browser browser, String kioskName) {
        JsonNode kiosk = server.createKiosk(kioskName);
        browser.get(server.baseUrl() + kiosk.get("pairingUrl").asText());
        browser.waitUntil("the kiosk shows its name",
                d -> kioskName.equals(d.findElement(By.id("kiosk-name")).getText()));
        browser.find(By.id("start")).click();
        browser.waitUntil("the kiosk is scanning",
                d -> "scanning".equals(browser.script("return document.body.dataset.state")));
    }

    /** Waits for the verdict; a timeout tells what the page was doing instead. */
    private static void awaitVerdict(Browser browser, String verdict, Duration timeout) {
        try {
            // Polled often: an admission is on screen for 2 s only, and the test looks at it.
            new WebDriverWait(browser.driver(), timeout, Duration.ofMillis(50))
                    .until(d -> verdict.equals(d.findElement(By.id("verdict")).getAttribute("data-verdict")));
        } catch (TimeoutException e) {
            throw new AssertionError("no '" + verdict + "' verdict within " + timeout.toSeconds() + " s; the page says "
                    + browser.script("return {state: document.body.dataset.state, decoder: document.body.dataset.decoder,"
                    + " verdict: document.getElementById('verdict').dataset.verdict,"
                    + " title: document.getElementById('verdict-title').textContent,"
                    + " camera: document.getElementById('camera-note').textContent}")
                    + "; console errors: " + browser.consoleErrors(), e);
        }
    }

    /** An admission leaves the screen after a moment, showing the camera again. */
    private static void waitForVerdictToClear(Browser browser) {
        browser.waitUntil("the verdict leaves the screen", d -> !d.findElement(By.id("verdict")).isDisplayed());
    }

    // ---------- pictures for the camera ----------

    /** The ticket's QR code as the server renders it for the attendee's screen. */
    private BufferedImage ticketQr(String code) {
        TestServer.Response png = server.get("/t/" + code + "/qr.png?scale=6");
        assertThat(png.status()).isEqualTo(200);
        try {
            return ImageIO.read(new ByteArrayInputStream(png.raw().body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A QR code of any text, drawn like the server's: error correction M, 4-module quiet zone. */
    static BufferedImage qr(String text) {
        try {
            BitMatrix m = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4));
            return MatrixToImageWriter.toBufferedImage(m);
        } catch (WriterException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A well-formed code that differs from the genuine one in one character. */
    static String flipOneCharacter(String code) {
        int i = code.length() / 2;
        char flipped = code.charAt(i) == 'A' ? 'B' : 'A';
        return code.substring(0, i) + flipped + code.substring(i + 1);
    }

    /** The QR code filling most of the frame's height, on white: a phone held up to the camera. */
    static BufferedImage centered(BufferedImage qr) {
        BufferedImage frame = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = frame.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        int side = HEIGHT * 9 / 10;
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(qr, (WIDTH - side) / 2, (HEIGHT - side) / 2, side, side, null);
        g.dispose();
        return frame;
    }

    /**
     * A hard picture: the QR code (quiet zone included) {@code fraction} of the frame's height,
     * turned by {@code degrees}, dark grey 90 on light grey 170, over a noisy background, with
     * sensor-like noise on top.
     */
    static BufferedImage hardScene(BufferedImage qr, double fraction, double degrees, Random random) {
        BufferedImage frame = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                frame.setRGB(x, y, grey(60 + random.nextInt(160)));
            }
        }
        BufferedImage faint = new BufferedImage(qr.getWidth(), qr.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < qr.getHeight(); y++) {
            for (int x = 0; x < qr.getWidth(); x++) {
                boolean dark = (qr.getRGB(x, y) & 0xff) < 128;
                faint.setRGB(x, y, grey(dark ? 90 : 170));
            }
        }
        Graphics2D g = frame.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        int side = (int) Math.round(HEIGHT * fraction);
        g.rotate(Math.toRadians(degrees), WIDTH * 0.55, HEIGHT * 0.45);
        g.drawImage(faint, (int) (WIDTH * 0.55) - side / 2, (int) (HEIGHT * 0.45) - side / 2, side, side, null);
        g.dispose();
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                int v = (frame.getRGB(x, y) & 0xff) + (int) Math.round(random.nextGaussian() * 6);
                frame.setRGB(x, y, grey(Math.max(0, Math.min(255, v))));
            }
        }
        return frame;
    }

    private static int grey(int v) {
        return (v << 16) | (v << 8) | v;
    }
}
