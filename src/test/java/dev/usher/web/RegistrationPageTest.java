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
import org.openqa.selenium.chromium.ChromiumNetworkConditions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The public event page {@code /} in a real browser: what it shows and how registering behaves. */
class RegistrationPageTest extends BrowserTest {
    @Test
    void event_page_shows_the_event_its_agenda_and_its_three_talks() {
        openBrowser(Browser.Window.DESKTOP);
        openEventPage();

        assertThat(text("event-name")).isEqualTo("Serverless: an inside look");
        // textContent, not getText(): the stylesheet shows the date in capitals.
        assertThat(browser.find(By.id("event-date")).getDomProperty("textContent")).isEqualTo("Thursday, 21 February 2019");
        assertThat(text("event-venue")).contains("Downtown Oakland").contains("Oakland");
        assertThat(text("event-doors")).contains("Doors open 18:00");
        assertThat(text("event-summary")).startsWith("Join us for three serverless talks");
        assertThat(browser.driver().getTitle()).contains("Serverless: an inside look");

        List<WebElement> agenda = browser.findAll(By.cssSelector("#agenda li"));
        assertThat(agenda).hasSize(6);
        assertThat(agenda.get(0).getText()).contains("18:00").contains("Doors open, mingling, snacks, & drinks");
        assertThat(agenda.get(5).getText()).contains("20:30").contains("Event conclusion");

        List<WebElement> talks = browser.findAll(By.cssSelector("[data-testid=talk]"));
        assertThat(talks).extracting(t -> t.findElement(By.className("talk-title")).getText())
                .containsExactly("How Workers Work", "Security: the Serverless Future",
                        "Building a Serverless World (Map) with IoT and Workers");
        assertThat(talks).extracting(t -> t.findElement(By.className("talk-speaker")).getText())
                .containsExactly("Kenton Varda", "Gabbi Fisher", "Kas Perch");
        assertThat(talks.get(0).findElement(By.className("talk-time")).getText()).isEqualTo("18:30\u201319:00");

        // Abstract and bio start collapsed and open on a click.
        WebElement firstAbstract = talks.get(0).findElement(By.cssSelector(".talk-abstract .prose"));
        assertThat(firstAbstract.isDisplayed()).isFalse();
        talks.get(0).findElement(By.cssSelector(".talk-abstract summary")).click();
        assertThat(firstAbstract.getText()).startsWith("In an ideal world").contains("V8 isolates");
        assertThat(firstAbstract.findElements(By.tagName("p"))).hasSize(2);
        WebElement bio = talks.get(1).findElement(By.className("talk-bio"));
        assertThat(bio.findElement(By.tagName("summary")).getText()).isEqualTo("About Gabbi Fisher");

        assertThat(browser.find(By.id("registration-form")).isDisplayed()).isTrue();
        assertThat(browser.find(By.id("registration-closed")).isDisplayed()).isFalse();
        assertThat(browser.consoleErrors()).isEmpty();
        browser.fullPageScreenshot("event-page-desktop");
    }

    @Test
    void event_page_fits_a_phone_screen_with_the_form_before_the_programme() {
        openBrowser(Browser.Window.PHONE);
        openEventPage();

        long viewport = number("return window.innerWidth");
        assertThat(viewport).isEqualTo(390);
        assertThat(number("return document.documentElement.scrollWidth")).isLessThanOrEqualTo(viewport);
        WebElement form = browser.find(By.id("registration-form"));
        WebElement agenda = browser.find(By.id("agenda"));
        assertThat(form.isDisplayed()).isTrue();
        assertThat(form.getRect().getY()).isLessThan(agenda.getRect().getY());
        assertThat(browser.find(By.id("register-button")).getRect().getWidth()).isGreaterThan(300);
        browser.screenshot("event-page-phone");
        browser.fullPageScreenshot("event-page-phone-full");
    }

    @Test
    void registering_through_the_form_lands_on_the_ticket_page_with_a_scannable_qr() throws Exception {
        openBrowser(Browser.Window.DESKTOP);
        openEventPage();

        browser.find(By.id("name")).sendKeys("Ada Lovelace");
        browser.find(By.id("email")).sendKeys("ada@example.com");
        browser.find(By.id("register-button")).click();

        browser.waitUntil("the browser is on the ticket page", d -> d.getCurrentUrl().contains("/t/"));
        String code = browser.driver().getCurrentUrl().substring((server.baseUrl() + "/t/").length());
        JsonNode issued = ticketOf("ada@example.com");
        assertThat(code).isEqualTo(issued.get("code").asText());

        browser.waitForData(By.id("ticket"), "status", "valid");
        assertThat(browser.find(By.id("attendee-name")).getText()).isEqualTo("Ada Lovelace");
        WebElement qr = browser.find(By.id("qr-image"));
        browser.waitUntil("the QR image has loaded", d -> TicketPageTest.qrLoaded(browser));
        assertThat(qr.getDomProperty("src")).isEqualTo(server.baseUrl() + "/t/" + code + "/qr.svg");
        assertThat(TicketPageTest.decodeQr(qr)).isEqualTo(code);
    }

    @Test
    void a_refused_registration_shows_the_servers_message_and_keeps_what_was_typed() {
        openBrowser(Browser.Window.DESKTOP);
        openEventPage();

        // The browser's own check lets an address without a dot through; the server does not.
        browser.find(By.id("name")).sendKeys("Ada L.");
        browser.find(By.id("email")).sendKeys("ada@localhost");
        browser.find(By.id("register-button")).click();

        WebElement alert = browser.waitForVisible(By.cssSelector("#registration-error[role=alert]"));
        assertThat(alert.getText()).isEqualTo("Please give a valid email address.");
        assertThat(browser.driver().getCurrentUrl()).isEqualTo(server.baseUrl() + "/");
        assertThat(browser.find(By.id("name")).getDomProperty("value")).isEqualTo("Ada L.");
        assertThat(browser.find(By.id("email")).getDomProperty("value")).isEqualTo("ada@localhost");
        assertThat(browser.find(By.id("register-button")).isEnabled()).isTrue();
        assertThat(browser.driver().switchTo().activeElement().getDomAttribute("id")).isEqualTo("email");
        browser.screenshot("event-page-email-refused");

        // Fixing the email and sending again works: the error does not stick.
        WebElement email = browser.find(By.id("email"));
        email.clear();
        email.sendKeys("ada.l@example.com");
        browser.find(By.id("register-button")).click();
        browser.waitUntil("the browser is on the ticket page", d -> d.getCurrentUrl().contains("/t/"));
        assertThat(ticketOf("ada.l@example.com").get("name").asText()).isEqualTo("Ada L.");
    }

    @Test
    void the_submit_button_is_disabled_while_a_registration_is_in_flight_so_one_click_is_one_request() {
        openBrowser(Browser.Window.DESKTOP);
        openEventPage();
        // Count the page's POSTs and hold each one for a second, as a slow venue network would.
        browser.script("""
                window.postsSent = 0;
                const realFetch = window.fetch;
                window.fetch = async (url, init) => {
                    if (init && init.method === 'POST') {
                        window.postsSent++;
                        await new Promise(resolve => setTimeout(resolve, 1000));
                    }
                    return realFetch(url, init);
                };""");

        browser.find(By.id("name")).sendKeys("Grace Hopper");
        browser.find(By.id("email")).sendKeys("grace@example.com");
        // Two submits in the same tick: an impatient double click, or Enter pressed twice.
        Object sent = browser.script("""
                const form = document.getElementById('registration-form');
                form.requestSubmit();
                form.requestSubmit();
                return window.postsSent;""");
        assertThat(sent).isEqualTo(1L);

        WebElement button = browser.find(By.id("register-button"));
        assertThat(button.isEnabled()).isFalse();
        assertThat(button.getText()).isEqualTo("Registering…");
        assertThat(browser.find(By.id("registration")).getDomAttribute("data-state")).isEqualTo("sending");
        assertThat(browser.script("return window.postsSent")).isEqualTo(1L);
        browser.waitUntil("the browser is on the ticket page", d -> d.getCurrentUrl().contains("/t/"));
        assertThat(browser.driver().getCurrentUrl()).endsWith("/t/" + ticketOf("grace@example.com").get("code").asText());
    }

    @Test
    void going_back_from_the_ticket_page_leaves_a_usable_form() {
        openBrowser(Browser.Window.DESKTOP);
        openEventPage();
        browser.find(By.id("name")).sendKeys("Ada Lovelace");
        browser.find(By.id("email")).sendKeys("ada@example.com");
        browser.find(By.id("register-button")).click();
        browser.waitUntil("the browser is on the ticket page", d -> d.getCurrentUrl().contains("/t/"));

        // Chrome may restore the page from its back/forward cache exactly as it was left: mid-request.
        browser.driver().navigate().back();
        browser.waitUntil("the event page is back", d -> d.getCurrentUrl().equals(server.baseUrl() + "/"));
        browser.waitUntil("the form is usable again", d -> browser.find(By.id("register-button")).isEnabled());
        assertThat(browser.find(By.id("register-button")).getText()).isEqualTo("Get my ticket");
        assertThat(browser.find(By.id("name")).isEnabled()).isTrue();
    }

    @Test
    void a_registration_without_connection_says_so_and_keeps_what_was_typed() {
        openBrowser(Browser.Window.DESKTOP);
        openEventPage();
        browser.find(By.id("name")).sendKeys("Alan Turing");
        browser.find(By.id("email")).sendKeys("alan@example.com");

        ChromiumNetworkConditions offline = new ChromiumNetworkConditions();
        offline.setOffline(true);
        browser.driver().setNetworkConditions(offline);
        browser.find(By.id("register-button")).click();

        WebElement alert = browser.waitForVisible(By.id("registration-error"));
        assertThat(alert.getText()).startsWith("No connection to the server");
        assertThat(browser.find(By.id("email")).getDomProperty("value")).isEqualTo("alan@example.com");
        assertThat(browser.find(By.id("register-button")).isEnabled()).isTrue();
        browser.driver().deleteNetworkConditions();
    }

    @Test
    void closed_registration_says_so_and_offers_no_usable_form() throws IOException {
        server.close();
        server = TestServer.start(new Config("127.0.0.1", 0, data, closedEventFile(), TestServer.ADMIN_TOKEN));
        openBrowser(Browser.Window.DESKTOP);
        openEventPage();

        browser.waitForData(By.id("registration"), "state", "closed");
        WebElement closed = browser.find(By.id("registration-closed"));
        assertThat(closed.isDisplayed()).isTrue();
        assertThat(closed.getText()).isEqualTo("Registration for this event is closed.");
        assertThat(browser.find(By.id("registration-form")).isDisplayed()).isFalse();
        assertThat(browser.find(By.id("name")).isEnabled()).isFalse();
        assertThat(browser.find(By.id("email")).isEnabled()).isFalse();
        assertThat(browser.find(By.id("register-button")).isEnabled()).isFalse();
        // The rest of the page still describes the event.
        assertThat(browser.findAll(By.cssSelector("[data-testid=talk]"))).hasSize(3);
        browser.screenshot("event-page-closed");
    }

    @Test
    void the_event_page_needs_no_inline_script_style_or_event_handler_attributes() {
        openBrowser(Browser.Window.DESKTOP);
        openEventPage();
        // Checked on the rendered page, so markup the script adds counts too: a strict
        // Content-Security-Policy would block all three.
        assertThat(inlineCode(browser)).isEmpty();
    }

    /** Elements a strict CSP would refuse: inline scripts, style attributes, on* handlers. */
    static List<String> inlineCode(Browser browser) {
        @SuppressWarnings("unchecked")
        List<String> found = (List<String>) browser.script("""
                const found = [];
                for (const el of document.querySelectorAll('*')) {
                    if (el.tagName === 'SCRIPT' && !el.src) found.push('inline <script>');
                    if (el.tagName === 'STYLE') found.push('<style> element');
                    for (const attr of el.attributes) {
                        if (attr.name === 'style' || attr.name.startsWith('on')) {
                            found.push(el.tagName.toLowerCase() + '[' + attr.name + ']');
                        }
                    }
                }
                return found;""");
        return found;
    }

    private void openEventPage() {
        browser.get(server.baseUrl() + "/");
        browser.waitUntil("the event page has loaded the event",
                d -> !"loading".equals(browser.find(By.id("event-page")).getDomAttribute("data-state")));
        assertThat(browser.find(By.id("event-page")).getDomAttribute("data-state")).isEqualTo("ready");
    }

    private String text(String id) {
        return browser.find(By.id(id)).getText();
    }

    private long number(String script) {
        return ((Number) browser.script(script)).longValue();
    }

    /** The ticket the server holds for this email, as staff see it (with its current code). */
    private JsonNode ticketOf(String email) {
        JsonNode matches = server.admin("GET", "/api/tickets?q=" + email, null).json().get("tickets");
        assertThat(matches).as("tickets for " + email).hasSize(1);
        return server.admin("GET", "/api/tickets/" + matches.get(0).get("id").asText(), null).json().get("ticket");
    }

    private Path closedEventFile() throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode event;
        try (InputStream seed = getClass().getResourceAsStream("/seed-event.json")) {
            event = (ObjectNode) json.readTree(seed);
        }
        event.putObject("registration").put("open", false);
        Path file = data.resolve("closed-event.json");
        Files.writeString(file, json.writeValueAsString(event));
        return file;
    }
}
