package dev.usher.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.usher.Browser;
import dev.usher.BrowserTest;
import dev.usher.Config;
import dev.usher.TestServer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event page and ticket mail in a real browser: "Lost your ticket?", a second registration of
 * an address, and an event that only mails its tickets. No SMTP relay is configured, so mails land
 * as {@code .eml} files in the data folder's {@code outbox/}.
 */
class RegistrationMailPageTest extends BrowserTest {
    private static final Duration SOON = Duration.ofSeconds(10);

    @Test
    void lost_your_ticket_answers_the_same_for_a_known_and_an_unknown_address_and_mails_only_the_known_one() {
        server.register("Ada Lovelace", "ada@example.com");
        openBrowser(Browser.Window.DESKTOP);
        openEventPage();

        assertThat(browser.find(By.id("resend-form")).isDisplayed()).as("folded away until asked for").isFalse();
        browser.find(By.cssSelector("[data-testid=resend-open]")).click();
        String known = askResend("ada@example.com");
        String unknown = askResend("nobody@example.com");

        assertThat(known).isNotBlank();
        assertThat(unknown).as("an unknown address reads exactly like a known one").isEqualTo(known);
        JsonNode mails = awaitMails(1);
        assertThat(mails.get("recent")).hasSize(1);
        assertThat(mails.at("/recent/0/to").asText()).isEqualTo("ada@example.com");
        assertThat(mails.at("/recent/0/kind").asText()).isEqualTo("resend");
        assertThat(outboxMails()).hasSize(1);
        assertThat(RegistrationPageTest.inlineCode(browser)).isEmpty();
        assertThat(browser.consoleErrors()).isEmpty();
        browser.screenshot("event-page-lost-ticket");
    }

    @Test
    void a_new_registration_shows_the_ticket_and_says_it_was_mailed_too() {
        openBrowser(Browser.Window.DESKTOP);
        openEventPage();
        register("Ada Lovelace", "ada@example.com");

        browser.waitUntil("the browser is on the ticket page", d -> d.getCurrentUrl().contains("/t/"));
        browser.waitForData(By.id("ticket"), "status", "valid");
        WebElement notice = browser.waitForVisible(By.id("ticket-notice"));
        assertThat(notice.getText()).contains("ada@example.com");
        awaitMails(1);

        // The sentence belongs to that registration: reloading the ticket page does not repeat it.
        browser.driver().navigate().refresh();
        browser.waitForData(By.id("ticket"), "status", "valid");
        assertThat(browser.find(By.id("ticket-notice")).isDisplayed()).isFalse();
    }

    @Test
    void registering_an_address_that_has_a_ticket_mails_it_again_and_shows_no_ticket() {
        server.register("Ada Lovelace", "ada@example.com");
        openBrowser(Browser.Window.DESKTOP);
        openEventPage();
        register("Ada L.", "ada@example.com");

        WebElement message = browser.waitForVisible(By.id("registration-message"));
        assertThat(message.getText()).isEqualTo("We've sent your ticket to that address again.");
        assertThat(browser.find(By.id("registration")).getDomAttribute("data-state")).isEqualTo("done");
        assertThat(browser.find(By.id("registration-form")).isDisplayed()).isFalse();
        assertThat(browser.driver().getCurrentUrl()).isEqualTo(server.baseUrl() + "/");
        assertThat(awaitMails(1).at("/recent/0/kind").asText()).isEqualTo("resend");
        browser.screenshot("event-page-resent");

        // Someone else can still register from the same page.
        browser.find(By.id("register-another")).click();
        assertThat(browser.find(By.id("name")).getDomProperty("value")).isEmpty();
        register("Grace Hopper", "grace@example.com");
        browser.waitUntil("the browser is on the ticket page", d -> d.getCurrentUrl().contains("/t/"));
    }

    @Test
    void an_event_that_confirms_by_email_says_so_before_and_shows_no_ticket_after() throws IOException {
        server.close();
        server = TestServer.start(new Config("127.0.0.1", 0, data, confirmByEmailEventFile(), TestServer.ADMIN_TOKEN));
        server.register("Ada Lovelace", "ada@example.com");
        openBrowser(Browser.Window.DESKTOP);
        openEventPage();

        assertThat(browser.find(By.cssSelector("[data-testid=delivery-email]")).isDisplayed()).isTrue();
        assertThat(browser.find(By.cssSelector("[data-testid=delivery-email]")).getText()).contains("emailed");
        register("Grace Hopper", "grace@example.com");
        String fresh = browser.waitForVisible(By.id("registration-message")).getText();
        assertThat(browser.driver().getCurrentUrl()).as("no ticket page").isEqualTo(server.baseUrl() + "/");
        assertThat(browser.findAll(By.cssSelector("a[href*='/t/']"))).isEmpty();

        // An address that already has a ticket gets the same answer, and again no ticket.
        browser.find(By.id("register-another")).click();
        register("Ada L.", "ada@example.com");
        String known = browser.waitForVisible(By.id("registration-message")).getText();
        assertThat(known.replace("ada@example.com", "grace@example.com")).isEqualTo(fresh);
        assertThat(browser.driver().getCurrentUrl()).isEqualTo(server.baseUrl() + "/");
        JsonNode mails = awaitMails(2);
        assertThat(mails.get("recent")).extracting(m -> m.get("to").asText())
                .containsExactlyInAnyOrder("grace@example.com", "ada@example.com");
        browser.screenshot("event-page-confirm-by-email");
    }

    private String askResend(String email) {
        WebElement input = browser.find(By.id("resend-email"));
        input.clear();
        input.sendKeys(email);
        browser.find(By.id("resend-button")).click();
        return browser.waitUntil("the resend answer for " + email, SOON, d -> {
            String text = d.findElement(By.id("resend-message")).getText();
            return text.isEmpty() ? null : text;
        });
    }

    private void register(String name, String email) {
        browser.find(By.id("name")).sendKeys(name);
        browser.find(By.id("email")).sendKeys(email);
        browser.find(By.id("register-button")).click();
    }

    /** GET /api/mail once that many mails were sent (written to the outbox folder). */
    private JsonNode awaitMails(int sent) {
        return browser.waitUntil(sent + " mails sent", SOON, d -> {
            JsonNode mails = server.admin("GET", "/api/mail", null).json();
            return mails.get("sent").asInt() == sent && mails.get("queued").asInt() == 0 ? mails : null;
        });
    }

    private List<Path> outboxMails() {
        try (Stream<Path> files = Files.list(data.resolve("outbox"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".eml")).toList();
        } catch (IOException e) {
            throw new AssertionError("no outbox folder", e);
        }
    }

    private void openEventPage() {
        browser.get(server.baseUrl() + "/");
        browser.waitUntil("the event page has loaded the event",
                d -> "ready".equals(browser.find(By.id("event-page")).getDomAttribute("data-state")));
    }

    private Path confirmByEmailEventFile() throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode event;
        try (InputStream seed = getClass().getResourceAsStream("/seed-event.json")) {
            event = (ObjectNode) json.readTree(seed);
        }
        event.putObject("registration").put("open", true).put("confirmByEmail", true);
        Path file = data.resolve("confirm-by-email-event.json");
        Files.writeString(file, json.writeValueAsString(event));
        return file;
    }
}
