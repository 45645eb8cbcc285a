package dev.usher.live;

import dev.usher.Browser;
import dev.usher.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's staff actions in headless Chromium: kiosk pairing, annulling, the guest-list import, look-up and download. */
class DashboardStaffPageTest extends DashboardTest {
    @TempDir
    Path files;

    @Test
    void staff_create_a_kiosk_with_its_pairing_qr_and_annul_a_check_in_from_the_last_scans() {
        String door = kioskToken("Door A");
        String ada = server.register("Ada Lovelace", "ada@example.com").get("code").asText();
        String grace = server.register("Grace Hopper", "grace@example.com").get("code").asText();
        signInAsOrganizer(Browser.Window.DESKTOP);

        browser.find(By.id("kiosk-name")).sendKeys("Door C");
        browser.find(By.cssSelector("[data-testid='kiosk-create']")).click();
        WebElement qr = await("the pairing QR", SOON, d -> {
            WebElement img = d.findElement(By.cssSelector("[data-testid='kiosk-pairing-qr']"));
            return img.isDisplayed() && Boolean.TRUE.equals(browser.script("return arguments[0].complete && arguments[0].naturalWidth > 0", img)) ? img : null;
        });
        assertThat(qr.getAttribute("src")).startsWith("data:image/svg+xml;base64,");
        assertThat(qr.getSize().getWidth()).as("big enough to scan across a table").isGreaterThanOrEqualTo(200);
        String link = browser.find(By.cssSelector("[data-testid='kiosk-pairing-link']")).getText();
        // The page was opened on 127.0.0.1; the link names this machine's LAN address so a tablet can reach it.
        String lan = dev.usher.web.Tls.localNames().stream().filter(n -> !n.equals("localhost") && !n.startsWith("127.")).findFirst().orElse(null);
        assertThat(link).startsWith("http://" + (lan == null ? "127.0.0.1" : lan) + ":" + server.port() + "/kiosk/#pair=");
        String token = link.substring(link.indexOf("#pair=") + 6);
        assertThat(server.get("/api/me", token).json().get("name").asText()).isEqualTo("Door C");
        if (lan == null) {
            assertThat(browser.find(By.cssSelector("[data-testid='kiosk-pairing-warning']")).getText())
                    .as("a 127.0.0.1 link cannot reach a tablet").contains("127.0.0.1");
        } else {
            assertThat(browser.find(By.cssSelector("[data-testid='kiosk-pairing-warning']")).isDisplayed()).isFalse();
        }
        await("Door C listed", SOON, d -> d.findElement(By.cssSelector("[data-testid='kiosk-list']")).getText().contains("Door C"));
        browser.screenshot("dashboard-laptop-pairing");
        browser.find(By.cssSelector("[data-device-role='kiosk'] .pairing-done")).click();
        assertThat(qr.isDisplayed()).isFalse();

        // Annul an admission from the last scans: the count goes down, the row stays, struck through.
        server.checkIn(ada, door);
        awaitText("count-arrived", "1", SOON);
        WebElement annul = await("the annul button", SOON, d -> recentRows().get(0).findElement(By.cssSelector("[data-testid='annul']")));
        annul.click();
        assertThat(browser.find(By.id("annul-what")).getText()).contains("Ada Lovelace").contains("Main door");
        browser.find(By.id("annul-reason")).sendKeys("scanned by mistake");
        browser.find(By.id("annul-confirm")).click();
        awaitText("count-arrived", "0", SOON);
        await("Ada's row annulled", SOON, d -> "true".equals(recentRows().get(0).getAttribute("data-annulled")));
        assertThat(recentRows().get(0).findElements(By.cssSelector("button"))).isEmpty();
        assertThat(browser.find(By.id("annul-dialog")).isDisplayed()).isFalse();
        assertThat(stats().get("checkedIn").asInt()).isZero();

        // Only the latest entry or exit can be annulled: the server's reason is shown.
        server.checkIn(grace, door);
        exit(grace, door);
        await("Grace's entry and exit", SOON, d -> recentRows().size() == 3);
        recentRows().get(1).findElement(By.cssSelector("[data-testid='annul']")).click();
        browser.find(By.id("annul-confirm")).click();
        await("the refusal", SOON, d -> d.findElement(By.id("annul-dialog-error")).getText().contains("most recent"));
        browser.find(By.id("annul-cancel")).click();
        assertThat(stats().get("checkedIn").asInt()).isEqualTo(1);
    }

    @Test
    void a_guest_list_import_through_the_file_input_shows_the_report_and_the_check_ins_download() throws IOException {
        Path csv = files.resolve("guests.csv");
        Files.writeString(csv, """
                name,email,company
                Grace Hopper,grace@example.com,US Navy
                Katherine Johnson,katherine@example.com,NASA
                not a line
                Grace Again,grace@example.com,Duplicate
                """, StandardCharsets.UTF_8);
        signInAsOrganizer(Browser.Window.DESKTOP);
        assertThat(text("count-registered")).isEqualTo("0");

        importGuestList(csv);
        await("the import report", SOON, d -> d.findElement(By.id("import-report")).isDisplayed());
        assertThat(text("import-created")).isEqualTo("2");
        assertThat(text("import-bad")).isEqualTo("1");
        assertThat(text("import-skipped")).isEqualTo("1");
        List<WebElement> problems = browser.findAll(By.cssSelector("#import-problems li"));
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0).getAttribute("data-kind")).isEqualTo("bad");
        assertThat(problems.get(0).getText()).startsWith("Line 4:");
        assertThat(problems.get(1).getText()).startsWith("Line 5 (grace@example.com):");
        awaitText("count-registered", "2", SOON);
        browser.script("arguments[0].scrollIntoView({block: 'center'})", browser.find(By.id("import-report")));
        browser.screenshot("dashboard-laptop-import");

        // The attendee look-up finds an imported guest and links to her ticket page.
        browser.find(By.id("lookup")).sendKeys("kath");
        await("a match", SOON, d -> d.findElements(By.cssSelector("#lookup-results li")).size() == 1);
        WebElement match = browser.find(By.cssSelector("#lookup-results li"));
        assertThat(match.getText()).contains("Katherine Johnson").contains("katherine@example.com");
        match.findElement(By.cssSelector("button")).click();
        String ticketPage = await("the ticket link", SOON, d -> d.findElements(By.cssSelector("#lookup-results li a")).stream()
                .map(a -> a.getAttribute("href")).findFirst().orElse(null));
        assertThat(ticketPage).startsWith(server.baseUrl() + "/t/");

        // The CSV download: keep the file the page hands to the browser and read it.
        String door = kioskToken("Door A");
        String id = server.get("/api/tickets?q=grace", TestServer.ADMIN_TOKEN).json().at("/tickets/0/id").asText();
        server.post("/api/checkins", "{\"ticketId\":\"" + id + "\"}", door);
        awaitText("count-arrived", "1", SOON);
        browser.script("""
                window.usherDownload = null;
                const blobUrl = URL.createObjectURL;
                URL.createObjectURL = (blob) => {
                    blob.text().then((text) => { window.usherDownload = {text}; });
                    return blobUrl(blob);
                };
                HTMLAnchorElement.prototype.click = function () {
                    window.usherDownloadName = this.download;
                };
                """);
        browser.find(By.id("download-csv")).click();
        String download = await("the download", SOON, d -> (String) browser.script(
                "return window.usherDownload && window.usherDownloadName + '\\n' + window.usherDownload.text"));
        assertThat(download).startsWith("checkins.csv\n").contains("Grace Hopper").contains("Door A");
    }
}
