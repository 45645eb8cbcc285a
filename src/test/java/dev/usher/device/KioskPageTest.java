package dev.usher.device;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usher.Browser;
import dev.usher.TestServer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The kiosk page in headless Chromium: pairing, manual search, walk-ins and the phone layout. */
class KioskPageTest extends KioskBrowserTest {
    @Test
    void the_pairing_link_stores_the_device_token_and_takes_it_out_of_the_address_bar() {
        pairedKiosk(Browser.Window.DESKTOP, "Door A");
        assertThat(browser.driver().getCurrentUrl()).doesNotContain("pair=");
        browser.get(server.baseUrl() + "/kiosk/");
        browser.waitUntil("still paired after reload", d -> "Door A".equals(d.findElement(By.id("kiosk-name")).getText()));
        assertThat(browser.find(By.id("list")).getAttribute("value")).isEqualTo("main");
    }

    @Test
    void an_unpaired_device_is_told_how_to_pair() {
        openBrowser(Browser.Window.DESKTOP);
        browser.get(server.baseUrl() + "/kiosk/");
        browser.waitForData(By.tagName("body"), "state", "unpaired");
        assertThat(browser.find(By.id("unpaired")).getText()).contains("not paired");
    }

    @Test
    void a_revoked_kiosk_falls_back_to_unpaired() {
        JsonNode kiosk = pairedKiosk(Browser.Window.DESKTOP, "Door A");
        server.admin("POST", "/api/kiosks/" + kiosk.get("id").asText() + "/revoke", null);
        browser.get(server.baseUrl() + "/kiosk/");
        browser.waitForData(By.tagName("body"), "state", "unpaired");
    }

    @Test
    void manual_search_finds_a_few_names_and_admits_with_one_tap() {
        pairedKiosk(PHONE_5, "Door B");
        server.register("Ada Lovelace", "ada@example.com");
        server.register("Alan Turing", "alan@example.com");
        browser.find(By.id("search")).sendKeys("lo");
        browser.waitUntil("the note asks for more", d -> d.findElement(By.id("search-note")).getText().contains("at least 3"));
        assertThat(browser.find(By.id("search-note")).getText()).contains("at least 3");
        browser.find(By.id("search")).sendKeys("ve");
        browser.waitUntil("one match", d -> d.findElements(By.cssSelector("#results li")).size() == 1);
        assertThat(browser.find(By.cssSelector("#results li")).getText()).contains("Ada Lovelace").doesNotContain("ada@example.com");
        browser.screenshot("kiosk-phone-search");
        browser.find(By.cssSelector("#results button")).click();
        assertThat(verdict()).isEqualTo("ok");
        assertThat(browser.find(By.id("verdict-title")).getText()).isEqualTo("Welcome, Ada Lovelace");
        assertThat(entries()).isEqualTo(1);
    }

    @Test
    void manual_search_offers_no_admit_for_someone_already_inside() {
        pairedKiosk(PHONE_5, "Door B");
        JsonNode ada = server.register("Ada Lovelace", "ada@example.com");
        server.checkIn(ada.get("code").asText(), TestServer.ADMIN_TOKEN);
        browser.find(By.id("search")).sendKeys("lovelace");
        browser.waitUntil("one match", d -> d.findElements(By.cssSelector("#results li")).size() == 1);
        assertThat(browser.find(By.cssSelector("#results button")).getText()).isEqualTo("Already checked in");
        assertThat(browser.find(By.cssSelector("#results button")).isEnabled()).isFalse();
    }

    @Test
    void a_walk_in_is_issued_a_ticket_and_admitted_on_the_kiosks_list_and_a_bad_address_stays_in_the_form() {
        pairedKiosk(PHONE_5, "Door B");
        assertThat(browser.find(By.id("walkin-form")).isDisplayed()).isFalse();
        browser.find(By.id("walkin-open")).click();
        browser.waitUntil("the walk-in form", d -> d.findElement(By.id("walkin-name")).isDisplayed());
        assertThat(browser.script("return document.activeElement.id")).isEqualTo("walkin-name");

        browser.find(By.id("walkin-name")).sendKeys("Mary Walker");
        browser.find(By.id("walkin-email")).sendKeys("not-an-address");
        browser.find(By.id("walkin-submit")).click();
        browser.waitUntil("the refusal in the form",
                d -> "Please give a valid email address.".equals(d.findElement(By.id("walkin-error")).getText()));
        assertThat(browser.find(By.id("verdict")).isDisplayed()).as("nothing was checked in: no verdict").isFalse();
        assertThat(browser.find(By.id("walkin-name")).getDomProperty("value")).isEqualTo("Mary Walker");
        assertThat(browser.script("return document.activeElement.id")).isEqualTo("walkin-email");
        browser.screenshot("kiosk-phone-walkin-refused");

        browser.find(By.id("walkin-email")).sendKeys(Keys.chord(Keys.CONTROL, "a"), "mary@example.com");
        browser.find(By.id("walkin-submit")).click();
        assertThat(verdict()).isEqualTo("ok");
        assertThat(browser.find(By.id("verdict-title")).getText()).isEqualTo("Welcome, Mary Walker");
        assertThat(browser.find(By.id("walkin-form")).isDisplayed()).as("closed for the next guest").isFalse();
        assertThat(entries()).isEqualTo(1);
        JsonNode mary = server.get("/api/tickets?q=mary", TestServer.ADMIN_TOKEN).json().at("/tickets/0");
        assertThat(mary.get("email").asText()).isEqualTo("mary@example.com");
        assertThat(mary.get("inside").asBoolean()).isTrue();
        assertThat(browser.consoleErrors()).as("Chromium logs the refused walk-in's 400, nothing else")
                .filteredOn(e -> !e.contains("/api/walkins - Failed to load resource: the server responded with a status of 400"))
                .isEmpty();
    }

    @Test
    void the_phone_layout_shows_name_counts_and_a_big_start_button() {
        pairedKiosk(PHONE_5, "Door A");
        String code = server.register("Ada Lovelace", "ada@example.com").get("code").asText();
        scanWithWedge(code);
        assertThat(verdict()).isEqualTo("ok");
        browser.screenshot("kiosk-phone-ok");
        browser.waitUntil(d -> !d.findElement(By.id("verdict")).isDisplayed(), Duration.ofSeconds(5));
        browser.waitUntil(d -> "1".equals(d.findElement(By.id("count-mine")).getText()), Duration.ofSeconds(8));
        assertThat(browser.find(By.id("count-event")).getText()).isEqualTo("1");
        var start = browser.find(By.id("start"));
        assertThat(start.getSize().getHeight()).isGreaterThanOrEqualTo(60);
        assertThat(start.getRect().getX() + start.getSize().getWidth()).isLessThanOrEqualTo(360);
        browser.screenshot("kiosk-phone-ready");
    }
}
