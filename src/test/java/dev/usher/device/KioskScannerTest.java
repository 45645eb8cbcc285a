package dev.usher.device;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usher.Browser;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kiosk page in headless Chromium with a handheld scanner (keyboard wedge): a burst is a scan,
 * slow typing is not, a scan wins over the search field, and a verdict stays as long as it should.
 */
class KioskScannerTest extends KioskBrowserTest {
    @Test
    void a_handheld_scanner_burst_admits_and_shows_the_name_then_the_repeat_is_amber() {
        pairedKiosk(TABLET_10, "Door A");
        String code = server.register("Ada Lovelace", "ada@example.com").get("code").asText();
        scanWithWedge(code);
        assertThat(verdict()).isEqualTo("ok");
        assertThat(browser.find(By.id("verdict-title")).getText()).isEqualTo("Welcome, Ada Lovelace");
        assertThat(browser.find(By.id("verdict-icon")).getText()).isEqualTo("✓");
        browser.screenshot("kiosk-tablet-ok");
        assertThat(entries()).isEqualTo(1);

        // The same code within 5 s is the ticket still in front of the scanner: ignored.
        // (A welcome leaves by itself after 2 s, maybe already gone on a slow tablet: tap it in script.)
        browser.script("document.getElementById('verdict').click()");
        scanWithWedge(code);
        sleep(500);
        assertThat(entries()).isEqualTo(1);
        assertThat(browser.find(By.id("verdict")).isDisplayed()).isFalse();

        // After the pause it is a second scan: already checked in, at which door.
        awaitSinceLastVerdict(5200);
        scanWithWedge(code);
        assertThat(verdict()).isEqualTo("already");
        assertThat(browser.find(By.id("verdict-title")).getText()).isEqualTo("Already checked in");
        assertThat(browser.find(By.id("verdict-detail")).getText()).contains("Ada Lovelace").contains("Door A");
        browser.screenshot("kiosk-tablet-already");
    }

    @Test
    void slow_human_typing_is_not_taken_for_a_scan() {
        pairedKiosk(Browser.Window.DESKTOP, "Door A");
        String code = server.register("Ada Lovelace", "ada@example.com").get("code").asText();
        browser.find(By.id("search")).click();
        for (char c : code.substring(0, 24).toCharArray()) {
            new Actions(browser.driver()).sendKeys(String.valueOf(c)).perform();
            sleep(70);
        }
        new Actions(browser.driver()).sendKeys(Keys.ENTER).perform();
        sleep(800);
        assertThat(browser.find(By.id("verdict")).isDisplayed()).isFalse();
        assertThat(browser.find(By.id("search")).getAttribute("value")).isEqualTo(code.substring(0, 24));
        assertThat(entries()).isZero();
    }

    @Test
    void a_scan_while_the_search_field_has_focus_is_taken_as_a_scan_not_as_a_search() {
        pairedKiosk(Browser.Window.DESKTOP, "Door A");
        String code = server.register("Ada Lovelace", "ada@example.com").get("code").asText();
        browser.find(By.id("search")).click();
        new Actions(browser.driver()).sendKeys("Ad").perform();
        scanWithWedge(code);
        assertThat(verdict()).isEqualTo("ok");
        assertThat(browser.find(By.id("search")).getAttribute("value")).isEqualTo("Ad");
    }

    @Test
    void refusals_are_red_with_a_reason_and_stay_until_tapped_or_five_seconds() {
        pairedKiosk(PHONE_5, "Door A");
        JsonNode ticket = server.register("Ada Lovelace", "ada@example.com");
        scanWithWedge("NOTAREALTICKETCODE0123456789");
        assertThat(verdict()).isEqualTo("invalid");
        assertThat(browser.find(By.id("verdict-title")).getText()).isEqualTo("Not a valid ticket");
        assertThat(browser.find(By.id("verdict-icon")).getText()).isEqualTo("✕");
        browser.screenshot("kiosk-phone-invalid");
        awaitSinceLastVerdict(2500);
        assertThat(browser.find(By.id("verdict")).isDisplayed()).as("a refusal outlasts a welcome").isTrue();
        browser.find(By.id("verdict")).click();
        assertThat(browser.find(By.id("verdict")).isDisplayed()).isFalse();

        server.admin("POST", "/api/tickets/" + ticket.get("id").asText() + "/revoke", null);
        scanWithWedge(ticket.get("code").asText());
        assertThat(verdict()).isEqualTo("revoked");
        assertThat(browser.find(By.id("verdict-title")).getText()).isEqualTo("Ticket replaced");
        browser.screenshot("kiosk-phone-revoked");
    }
}
