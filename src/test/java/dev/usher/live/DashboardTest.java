package dev.usher.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usher.Browser;
import dev.usher.BrowserTest;
import dev.usher.TestServer;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the dashboard's browser tests share: signing in, waiting for the live stream and the counts, the last scans. */
abstract class DashboardTest extends BrowserTest {
    /** Generous: the machine running the tests may be busy, and a changed count must still show up. */
    static final Duration SOON = Duration.ofSeconds(8);

    /** Opens the dashboard and signs in by pasting the organizer token into the form, as an organizer would. */
    void signInAsOrganizer(Browser.Window window) {
        openBrowser(window);
        browser.get(server.baseUrl() + "/dashboard/");
        await("the sign-in form", SOON, d -> "signed-out".equals(body(d, "auth")));
        browser.find(By.id("signin-token")).sendKeys(TestServer.ADMIN_TOKEN);
        browser.find(By.id("signin-submit")).click();
        awaitLive();
        assertThat(body(browser.driver(), "role")).isEqualTo("admin");
    }

    void awaitLive() {
        await("the live stream", SOON, d -> "live".equals(body(d, "live")));
    }

    static String body(WebDriver d, String data) {
        return d.findElement(By.tagName("body")).getAttribute("data-" + data);
    }

    String text(String id) {
        return browser.find(By.id(id)).getText();
    }

    void awaitText(String id, String expected, Duration timeout) {
        await("#" + id + " to read \"" + expected + "\"", timeout, d -> expected.equals(d.findElement(By.id(id)).getText()));
    }

    List<WebElement> recentRows() {
        return browser.findAll(By.cssSelector("#recent tr"));
    }

    /** Picks the CSV file in the guest-list form, waits for its preview, and imports it. */
    void importGuestList(Path csv) {
        browser.find(By.id("import-file")).sendKeys(csv.toAbsolutePath().toString());
        WebElement submit = await("the preview's import button", SOON, d -> {
            WebElement button = d.findElement(By.id("import-submit"));
            return button.isDisplayed() ? button : null;
        });
        submit.click();
    }

    JsonNode stats() {
        return server.get("/api/stats", TestServer.ADMIN_TOKEN).json();
    }

    String kioskToken(String name) {
        return server.createKiosk(name).get("token").asText();
    }

    TestServer.Response exit(String code, String token) {
        return server.post("/api/checkins", "{\"code\":\"" + code + "\",\"type\":\"exit\"}", token);
    }
}
