package dev.usher.live;

import dev.usher.Browser;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's Conflicts panel: two kiosks upload offline scans of one ticket and staff see it live. */
class DashboardConflictsPageTest extends DashboardTest {

    @Test
    void two_kiosks_admitting_one_ticket_offline_show_up_as_a_conflict_on_an_open_dashboard() {
        String north = kioskToken("North door");
        String south = kioskToken("South door");
        String code = server.register("Ada Lovelace", "ada@example.com").get("code").asText();
        signInAsOrganizer(Browser.Window.DESKTOP);
        assertThat(browser.find(By.id("conflicts-panel")).isDisplayed()).isFalse();

        Instant at = Instant.now().minusSeconds(120).truncatedTo(ChronoUnit.SECONDS);
        assertThat(upload(north, code, "north-1", at).status()).isEqualTo(201);
        assertThat(upload(south, code, "south-1", at.plusSeconds(1)).status()).isEqualTo(200);

        WebElement row = await("the conflict on the dashboard", SOON, d -> {
            List<WebElement> rows = d.findElements(By.cssSelector("#conflicts tr"));
            return rows.size() == 1 && d.findElement(By.id("conflicts-panel")).isDisplayed() ? rows.get(0) : null;
        });
        assertThat(row.getAttribute("data-reason")).isEqualTo("already_redeemed");
        assertThat(row.findElement(By.className("conflict-name")).getText()).isEqualTo("Ada Lovelace");
        assertThat(row.findElement(By.className("conflict-doors")).getText()).contains("South door").contains("North door");
        assertThat(row.findElement(By.className("conflict-why")).getText()).isEqualTo("Already checked in");
        assertThat(row.findElement(By.className("conflict-time")).getText()).isNotBlank();
        // The last scans word it as a conflict, not as a refusal.
        await("the conflict in the last scans", SOON, d -> recentRows().get(0).getText().contains("Offline conflict"));
        assertThat(recentRows().get(0).getAttribute("data-status")).isEqualTo("conflict");
        assertThat(text("count-arrived")).isEqualTo("1");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    private dev.usher.TestServer.Response upload(String token, String code, String nonce, Instant at) {
        return server.post("/api/checkins", "{\"code\":\"" + code + "\",\"nonce\":\"" + nonce + "\",\"offline\":true,\"at\":\"" + at + "\"}", token);
    }
}
