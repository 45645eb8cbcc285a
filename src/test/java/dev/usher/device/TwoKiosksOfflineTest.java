package dev.usher.device;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usher.Browser;
import dev.usher.BrowserTest;
import dev.usher.TestServer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two doors lose the network and both let the same ticket in: each tablet decided alone, so both
 * were right. Back online the server keeps one check-in and flags the second scan as a conflict,
 * and staff watching the dashboard see it with both doors.
 */
class TwoKiosksOfflineTest extends BrowserTest {

    @Test
    void two_kiosks_offline_admitting_one_ticket_make_one_check_in_and_one_conflict_on_the_open_dashboard() {
        String ada = server.register("Ada Lovelace", "ada@example.com").get("code").asText();
        JsonNode north = server.createKiosk("North door");
        JsonNode south = server.createKiosk("South door");
        try (Browser northTablet = Browser.open(Browser.Window.DESKTOP); Browser southTablet = Browser.open(Browser.Window.DESKTOP)) {
            DoorKiosk northDoor = new DoorKiosk(northTablet);
            DoorKiosk southDoor = new DoorKiosk(southTablet);
            northDoor.pair(server.baseUrl(), north.get("pairingUrl").asText(), "North door");
            southDoor.pair(server.baseUrl(), south.get("pairingUrl").asText(), "South door");
            northDoor.awaitSynced(1);
            southDoor.awaitSynced(1);
            signInToTheDashboard();

            northDoor.networkOffline(true);
            southDoor.networkOffline(true);
            assertThat(northDoor.scan(ada)).isEqualTo("ok");
            assertThat(northDoor.verdictTitle()).isEqualTo("Welcome, Ada Lovelace");
            assertThat(southDoor.scan(ada)).as("the south door cannot know the north door let her in").isEqualTo("ok");
            assertThat(southDoor.verdictTitle()).isEqualTo("Welcome, Ada Lovelace");

            // One door back first, then the other: which scan stands for her entry is then known.
            northDoor.networkOffline(false);
            northDoor.awaitUploaded();
            southDoor.networkOffline(false);
            southDoor.awaitUploaded();
        }

        JsonNode stats = server.get("/api/stats", TestServer.ADMIN_TOKEN).json();
        assertThat(stats.get("checkedIn").asInt()).isEqualTo(1);
        assertThat(stats.get("conflicts").asInt()).isEqualTo(1);
        assertThat(Arrivals.byName(server).get("Ada Lovelace")).as("one entry, never a second").hasSize(1);

        WebElement row = browser.waitUntil("the conflict on the dashboard", DoorKiosk.SYNC, d -> {
            List<WebElement> rows = d.findElements(By.cssSelector("#conflicts tr"));
            return rows.size() == 1 && d.findElement(By.id("conflicts-panel")).isDisplayed() ? rows.get(0) : null;
        });
        assertThat(row.getAttribute("data-reason")).isEqualTo("already_redeemed");
        assertThat(row.findElement(By.className("conflict-name")).getText()).isEqualTo("Ada Lovelace");
        assertThat(row.findElement(By.className("conflict-doors")).getText()).contains("South door").contains("North door");
        browser.screenshot("dashboard-two-kiosks-conflict");
    }

    /** Staff's dashboard, open before the doors come back: the conflict arrives live. */
    private void signInToTheDashboard() {
        openBrowser(Browser.Window.DESKTOP);
        browser.get(server.baseUrl() + "/dashboard/");
        browser.waitUntil("the sign-in form", DoorKiosk.SYNC, d -> "signed-out".equals(d.findElement(By.tagName("body")).getAttribute("data-auth")));
        browser.find(By.id("signin-token")).sendKeys(TestServer.ADMIN_TOKEN);
        browser.find(By.id("signin-submit")).click();
        browser.waitUntil("the live stream", DoorKiosk.SYNC, d -> "live".equals(d.findElement(By.tagName("body")).getAttribute("data-live")));
        assertThat(browser.find(By.id("conflicts-panel")).isDisplayed()).as("no conflict yet").isFalse();
    }
}
