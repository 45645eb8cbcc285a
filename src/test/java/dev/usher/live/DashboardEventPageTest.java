package dev.usher.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usher.Browser;
import dev.usher.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's Event panel in headless Chromium, with a second browser on a page that is
 * already open: the public page (which polls every 10 s) and a kiosk (which follows the live
 * stream) show the edit without a reload.
 */
class DashboardEventPageTest extends DashboardTest {
    /** The public page asks every 10 s: one poll, on a busy machine. */
    static final Duration NEXT_POLL = Duration.ofSeconds(25);

    private Browser other;

    @AfterEach
    void closeOther() {
        if (other != null) {
            other.close();
            other = null;
        }
    }

    private <T> T awaitOther(String what, Duration timeout, Function<? super WebDriver, T> condition) {
        return other.waitUntil(what, timeout, condition);
    }

    private void openPublicPage() {
        other = Browser.open(Browser.Window.DESKTOP);
        other.get(server.baseUrl() + "/");
        awaitOther("the registration form", SOON, d -> "open".equals(d.findElement(By.id("registration")).getDomAttribute("data-state")));
    }

    private void openEditor() {
        signInAsOrganizer(Browser.Window.DESKTOP);
        await("the event form", SOON, d -> "ready".equals(d.findElement(By.id("event-editor")).getDomAttribute("data-state")));
    }

    private WebElement input(String testid) {
        return browser.find(By.cssSelector("[data-testid=" + testid + "]"));
    }

    private void type(WebElement input, String text) {
        browser.script("arguments[0].scrollIntoView({block: 'center'})", input);
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        input.sendKeys(text);
    }

    private void save() {
        WebElement button = browser.find(By.id("event-save"));
        browser.script("arguments[0].scrollIntoView({block: 'center'})", button);
        button.click();
    }

    private void awaitSaved() {
        await("the event saved", SOON, d -> "ready".equals(d.findElement(By.id("event-editor")).getDomAttribute("data-state"))
                && !d.findElement(By.id("event-saved")).getText().isEmpty());
    }

    @SuppressWarnings("unchecked")
    private List<String> changes() {
        return (List<String>) browser.script("return [...document.querySelectorAll('#event-changes li')].map((li) => li.textContent)");
    }

    @Test
    void an_edit_of_the_name_summary_and_a_talk_shows_on_a_public_page_already_open() {
        openPublicPage();
        openEditor();
        assertThat(input("event-name-input").getDomProperty("value")).isEqualTo("Serverless: an inside look");

        type(input("event-name-input"), "Serverless, revisited");
        type(input("event-summary-input"), "Now with better snacks.");
        WebElement firstTalkTitle = browser.find(By.cssSelector("#event-talks .event-talk [data-talk=title]"));
        type(firstTalkTitle, "How Workers Really Work");
        save();
        awaitSaved();
        assertThat(text("event-saved")).isEqualTo("Saved. What changed:");
        assertThat(changes()).isNotEmpty();
        assertThat(server.get("/api/event").json().get("name").asText()).isEqualTo("Serverless, revisited");
        await("the board's title", SOON, d -> "Serverless, revisited".equals(d.findElement(By.id("event-name")).getText()));

        awaitOther("the new name on the public page", NEXT_POLL,
                d -> "Serverless, revisited".equals(d.findElement(By.id("event-name")).getText()));
        assertThat(other.find(By.id("event-summary")).getText()).isEqualTo("Now with better snacks.");
        assertThat(other.find(By.cssSelector("[data-talk-id=how-workers-work] .talk-title")).getText()).isEqualTo("How Workers Really Work");
        assertThat(other.consoleErrors()).isEmpty();
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void a_capacity_reached_shows_sold_out_and_closing_registration_shows_closed_on_an_open_public_page() {
        server.register("Ada Lovelace", "ada@example.com");
        server.register("Grace Hopper", "grace@example.com");
        openPublicPage();
        openEditor();

        type(input("event-capacity-input"), "2");
        save();
        awaitSaved();
        awaitOther("sold out on the public page", NEXT_POLL,
                d -> "soldout".equals(d.findElement(By.id("registration")).getDomAttribute("data-state")));
        assertThat(other.find(By.id("registration-soldout")).getText()).startsWith("Sold out");
        assertThat(other.find(By.id("register-button")).isEnabled()).as("nothing to submit").isFalse();
        other.screenshot("event-page-sold-out");

        WebElement open = input("event-registration-open");
        browser.script("arguments[0].scrollIntoView({block: 'center'})", open);
        open.click();
        assertThat(open.isSelected()).isFalse();
        save();
        awaitSaved();
        awaitOther("closed on the public page", NEXT_POLL,
                d -> "closed".equals(d.findElement(By.id("registration")).getDomAttribute("data-state")));
        assertThat(other.find(By.id("registration-closed")).getText()).isEqualTo("Registration for this event is closed.");
        assertThat(other.find(By.id("registration-form")).isDisplayed()).isFalse();
        assertThat(server.get("/api/registration").json().get("open").asBoolean()).isFalse();
    }

    @Test
    void a_kiosk_open_during_an_edit_shows_the_new_event_name_and_talk() {
        JsonNode kiosk = server.createKiosk("Door A");
        other = Browser.open(Browser.Window.DESKTOP);
        other.get(server.baseUrl() + kiosk.get("pairingUrl").asText());
        awaitOther("the kiosk with the event's name", SOON,
                d -> "Serverless: an inside look".equals(d.findElement(By.id("event-name")).getText()));
        openEditor();

        type(input("event-name-input"), "Serverless at the kiosk");
        type(browser.find(By.cssSelector("#event-talks .event-talk [data-talk=title]")), "Workers, renamed");
        save();
        awaitSaved();
        awaitOther("the new name on the kiosk", SOON, d -> "Serverless at the kiosk".equals(d.findElement(By.id("event-name")).getText()));
        awaitOther("the renamed list in the kiosk's choice", SOON, d -> (Boolean) ((org.openqa.selenium.JavascriptExecutor) d).executeScript(
                "return [...document.querySelectorAll('#list option')].some((o) => o.textContent === 'Workers, renamed')"));
        await("the renamed list in the dashboard's walk-in and attendee lists", SOON, d -> (Boolean) browser.script(
                "return ['walkin-list', 'attendees-list'].every((id) => [...document.querySelectorAll(`#${id} option`)]"
                        + ".some((o) => o.textContent === 'Workers, renamed'))"));
        assertThat(other.consoleErrors()).isEmpty();
    }

    @Test
    void a_bad_time_is_refused_by_field_a_talk_with_check_ins_is_removed_once_confirmed_and_a_stale_form_reloads() {
        JsonNode ada = server.register("Ada Lovelace", "ada@example.com");
        TestServer.Response in = server.post("/api/checkins",
                "{\"code\": \"" + ada.get("code").asText() + "\", \"list\": \"how-workers-work\"}", TestServer.ADMIN_TOKEN);
        assertThat(in.status()).as(in.body()).isEqualTo(201);
        openEditor();

        type(input("event-doors-input"), "7pm");
        save();
        awaitText("event-error", "doorsOpen: \"7pm\" is not a time; write HH:MM, e.g. \"19:00\"", SOON);
        assertThat(input("event-doors-input").getDomAttribute("aria-invalid")).isEqualTo("true");
        type(input("event-doors-input"), "18:00");

        WebElement remove = browser.find(By.cssSelector("#event-talks .event-talk [data-testid=event-talk-remove]"));
        browser.script("arguments[0].scrollIntoView({block: 'center'})", remove);
        remove.click();
        save();
        WebElement confirm = await("the confirmation", SOON, d -> {
            WebElement button = d.findElement(By.id("event-confirm"));
            return button.isDisplayed() ? button : null;
        });
        assertThat(text("event-error")).isNotEmpty();
        assertThat(server.get("/api/event").json().get("lists").toString()).contains("how-workers-work");
        confirm.click();
        awaitSaved();
        assertThat(server.get("/api/event").json().get("lists").toString()).doesNotContain("how-workers-work");

        // Someone else saves meanwhile: this form's save is refused, and it loads the event again.
        JsonNode file = server.get("/api/event/file", TestServer.ADMIN_TOKEN).json();
        String tag = server.get("/api/event/file", TestServer.ADMIN_TOKEN).header("ETag");
        String edited = file.toString().replace("\"Serverless: an inside look\"", "\"Edited elsewhere\"");
        TestServer.Response put = server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/event"))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).header("Content-Type", "application/json")
                .header("If-Match", tag).PUT(HttpRequest.BodyPublishers.ofString(edited)).build());
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        type(input("event-summary-input"), "Mine");
        save();
        WebElement reload = await("the stale form's reload", SOON, d -> {
            WebElement button = d.findElement(By.id("event-reload"));
            return button.isDisplayed() ? button : null;
        });
        reload.click();
        await("the event as saved elsewhere", SOON, d -> "ready".equals(d.findElement(By.id("event-editor")).getDomAttribute("data-state"))
                && "Edited elsewhere".equals(d.findElement(By.cssSelector("[data-testid=event-name-input]")).getDomProperty("value")));
        assertThat(browser.consoleErrors()).as("the refused saves, nothing else")
                .filteredOn(e -> !e.contains("status of 400") && !e.contains("status of 409") && !e.contains("status of 412"))
                .isEmpty();
    }
}
