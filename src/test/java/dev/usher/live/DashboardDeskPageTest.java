package dev.usher.live;

import dev.usher.Browser;
import dev.usher.TestServer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's attendee desk in headless Chromium: walk-ins admitted from the form one after another. */
class DashboardDeskPageTest extends DashboardTest {
    @Test
    void two_walk_ins_in_a_row_are_admitted_and_counted_and_a_bad_email_keeps_the_typed_name() {
        signInAsOrganizer(Browser.Window.DESKTOP);
        Select list = new Select(browser.find(By.id("walkin-list")));
        assertThat(list.getOptions()).extracting(WebElement::getText).first().isEqualTo("Main door");
        assertThat(list.getOptions()).hasSizeGreaterThan(1);

        // Typed and sent from the keyboard alone: the name, Enter.
        WebElement name = browser.find(By.id("walkin-name"));
        name.sendKeys("Ada Lovelace", Keys.ENTER);
        awaitText("walkin-result", "Welcome, Ada Lovelace", SOON);
        awaitText("count-arrived", "1", SOON);
        assertThat(text("count-registered")).isEqualTo("1");
        assertThat(name.getDomProperty("value")).as("cleared for the next person").isEmpty();
        assertThat(focused()).isEqualTo("walkin-name");

        // The next one with an email: name, Tab, email, Enter.
        browser.driver().switchTo().activeElement().sendKeys("Grace Hopper", Keys.TAB);
        assertThat(focused()).isEqualTo("walkin-email");
        browser.driver().switchTo().activeElement().sendKeys("grace@example.com", Keys.ENTER);
        awaitText("walkin-result", "Welcome, Grace Hopper", SOON);
        awaitText("count-arrived", "2", SOON);
        assertThat(text("count-registered")).isEqualTo("2");
        assertThat(browser.find(By.id("walkin-email")).getDomProperty("value")).isEmpty();
        assertThat(focused()).isEqualTo("walkin-name");
        assertThat(server.get("/api/tickets?q=grace", TestServer.ADMIN_TOKEN).json().at("/tickets/0/email").asText())
                .isEqualTo("grace@example.com");

        // A refused address: the server's sentence, the name still there, the cursor on the address.
        name.sendKeys("Katherine Johnson");
        browser.find(By.id("walkin-email")).sendKeys("not-an-address", Keys.ENTER);
        awaitText("walkin-error", "Please give a valid email address.", SOON);
        assertThat(text("walkin-result")).isEmpty();
        assertThat(name.getDomProperty("value")).isEqualTo("Katherine Johnson");
        assertThat(focused()).isEqualTo("walkin-email");
        assertThat(stats().get("registered").asInt()).isEqualTo(2);

        // Fixed in place and sent again.
        WebElement email = browser.find(By.id("walkin-email"));
        email.clear();
        email.sendKeys(Keys.ENTER);
        awaitText("walkin-result", "Welcome, Katherine Johnson", SOON);
        awaitText("count-arrived", "3", SOON);
        assertThat(text("walkin-error")).isEmpty();
        assertThat(browser.consoleErrors()).as("Chromium logs the refused walk-in's 400, nothing else")
                .filteredOn(e -> !e.contains("/api/walkins - Failed to load resource: the server responded with a status of 400"))
                .isEmpty();
    }

    private String focused() {
        return String.valueOf(browser.script("return document.activeElement && document.activeElement.id"));
    }
}
