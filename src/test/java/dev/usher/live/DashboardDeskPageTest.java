package dev.usher.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usher.Browser;
import dev.usher.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's attendee desk in headless Chromium: the attendees list paged, searched, filtered
 * and admitting by hand; walk-ins admitted from the form one after another; a guest list previewed
 * (how it is read, its first rows) before it is imported.
 */
class DashboardDeskPageTest extends DashboardTest {
    @TempDir
    Path files;

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

    @Test
    void a_semicolon_file_with_first_and_last_names_is_previewed_with_its_mapping_then_imported() throws IOException {
        Path csv = files.resolve("gaeste.csv");
        StringBuilder text = new StringBuilder("Vorname;Nachname;E-Mail;Firma\n");
        for (int i = 1; i <= 7; i++) {
            text.append("Gast;Nummer ").append(i).append(";gast").append(i).append("@example.de;ACME\n");
        }
        Files.writeString(csv, text, StandardCharsets.UTF_8);
        signInAsOrganizer(Browser.Window.DESKTOP);

        browser.find(By.id("import-file")).sendKeys(csv.toAbsolutePath().toString());
        WebElement submit = await("the preview", SOON, d -> {
            WebElement button = d.findElement(By.id("import-submit"));
            return button.isDisplayed() ? button : null;
        });
        assertThat(submit.getText()).isEqualTo("Import 7 guests");
        assertThat(text("import-preview-read")).isEqualTo("Read as UTF-8, columns separated by “;”.");
        assertThat(mapped("name")).isEqualTo("Vorname + Nachname");
        assertThat(mapped("email")).isEqualTo("E-Mail");
        assertThat(mapped("fields")).isEqualTo("Firma");
        List<WebElement> rows = browser.findAll(By.cssSelector("#import-preview-rows tr"));
        assertThat(rows).hasSize(5);
        assertThat(rows.get(0).getText()).contains("Gast Nummer 1").contains("gast1@example.de").contains("Firma: ACME");
        assertThat(text("import-preview-more")).isEqualTo("… and 2 more rows.");
        assertThat(stats().get("registered").asInt()).as("a preview writes nothing").isZero();
        browser.script("arguments[0].scrollIntoView({block: 'center'})", browser.find(By.id("import-preview")));
        browser.screenshot("dashboard-import-preview");

        submit.click();
        await("the import report", SOON, d -> d.findElement(By.id("import-report")).isDisplayed());
        assertThat(text("import-created")).isEqualTo("7");
        assertThat(browser.find(By.id("import-preview")).isDisplayed()).isFalse();
        awaitText("count-registered", "7", SOON);
        assertThat(server.get("/api/tickets?q=nummer 7".replace(" ", "%20"), TestServer.ADMIN_TOKEN).json().at("/tickets/0/name").asText())
                .isEqualTo("Gast Nummer 7");
    }

    @Test
    void a_file_whose_columns_cannot_be_mapped_says_why_and_cancel_clears_the_form() throws IOException {
        Path csv = files.resolve("members.csv");
        Files.writeString(csv, "Name,User ID\nAda,1\n", StandardCharsets.UTF_8);
        signInAsOrganizer(Browser.Window.DESKTOP);

        browser.find(By.id("import-file")).sendKeys(csv.toAbsolutePath().toString());
        await("the refusal", SOON, d -> !d.findElement(By.id("import-error")).getText().isEmpty());
        assertThat(browser.find(By.id("import-submit")).isDisplayed()).as("nothing to import").isFalse();

        Path good = files.resolve("guests.csv");
        Files.writeString(good, "name,email\nAda Lovelace,ada@example.com\n", StandardCharsets.UTF_8);
        browser.find(By.id("import-file")).sendKeys(good.toAbsolutePath().toString());
        await("the preview", SOON, d -> d.findElement(By.id("import-submit")).isDisplayed());
        assertThat(text("import-error")).isEmpty();
        assertThat(text("import-submit")).isEqualTo("Import 1 guest");
        browser.find(By.id("import-cancel")).click();
        assertThat(browser.find(By.id("import-preview")).isDisplayed()).isFalse();
        assertThat(browser.find(By.id("import-file")).getDomProperty("value")).isEmpty();
        assertThat(stats().get("registered").asInt()).isZero();
    }

    @Test
    void the_attendees_list_pages_through_250_guests_and_a_search_finds_one() {
        StringBuilder csv = new StringBuilder("name,email\n");
        for (int i = 250; i >= 1; i--) {
            csv.append(String.format("Guest %03d,guest%03d@example.com%n", i, i));
        }
        importCsv(csv.toString());
        signInAsOrganizer(Browser.Window.DESKTOP);

        awaitRows(100);
        assertThat(text("attendees-count")).isEqualTo("The first 100 shown");
        assertThat(attendeeRows().get(0).getText()).as("sorted by name").contains("Guest 001").contains("guest001@example.com");
        browser.find(By.id("attendees-more")).click();
        awaitRows(200);
        browser.find(By.id("attendees-more")).click();
        awaitRows(250);
        assertThat(text("attendees-count")).isEqualTo("All 250 shown");
        assertThat(browser.find(By.id("attendees-more")).isDisplayed()).isFalse();
        List<String> ids = attendeeRows().stream().map(r -> r.getDomAttribute("data-ticket-id")).toList();
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(attendeeRows().get(249).getText()).contains("Guest 250");
        assertThat(attendeeRows().get(0).findElement(By.cssSelector("[data-testid=attendee-mail]")).getText())
                .isEqualTo("Ticket mail: not sent yet");

        browser.find(By.id("attendees-q")).sendKeys("guest 007");
        await("the one match", SOON, d -> names().equals(List.of("Guest 007")));
        assertThat(browser.find(By.id("attendees-status")).isEnabled()).as("a search is not filtered").isFalse();
        assertThat(browser.find(By.id("attendees-more")).isDisplayed()).isFalse();
        browser.find(By.id("attendees-q")).sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        awaitRows(100);
        assertThat(browser.find(By.id("attendees-status")).isEnabled()).isTrue();
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void on_a_phone_the_arrived_and_absent_filters_follow_a_check_in_and_a_guest_is_admitted_by_hand() {
        importCsv("""
                name,email
                Ada Lovelace,ada@example.com
                Grace Hopper,grace@example.com
                Katherine Johnson,katherine@example.com
                """);
        String ada = server.get("/api/tickets?q=ada", TestServer.ADMIN_TOKEN).json().at("/tickets/0/id").asText();
        TestServer.Response in = server.post("/api/checkins", "{\"ticketId\":\"" + ada + "\"}", TestServer.ADMIN_TOKEN);
        assertThat(in.status()).as(in.body()).isEqualTo(201);
        signInAsOrganizer(Browser.Window.PHONE);
        awaitRows(3);

        Select status = new Select(browser.find(By.id("attendees-status")));
        JsonNode vocabulary = server.get("/api/event").json().get("vocabulary");
        assertThat(status.getOptions()).as("the server's wordings, in its order").extracting(WebElement::getText)
                .containsExactly("Everyone", vocabulary.at("/attendeeStatuses/arrived").asText(),
                        vocabulary.at("/attendeeStatuses/absent").asText(), vocabulary.at("/attendeeStatuses/cancelled").asText());
        assertThat(new Select(browser.find(By.id("attendees-sort"))).getOptions()).extracting(WebElement::getText)
                .containsExactly("Name", "Registration time", "Arrival time");
        status.selectByValue("arrived");
        await("only Ada, arrived", SOON, d -> names().equals(List.of("Ada Lovelace")));
        assertThat(attendeeRows().get(0).getDomAttribute("data-presence")).isEqualTo("inside");
        assertThat(attendeeRows().get(0).findElement(By.cssSelector("[data-testid=attendee-presence]")).getText())
                .startsWith("Arrived ").endsWith("· inside");
        status.selectByValue("absent");
        await("the two not arrived", SOON, d -> names().equals(List.of("Grace Hopper", "Katherine Johnson")));

        WebElement grace = attendeeRows().get(0);
        browser.script("arguments[0].scrollIntoView({block: 'center'})", grace);
        browser.screenshot("dashboard-attendees-phone");
        assertThat((Boolean) browser.script("return document.documentElement.scrollWidth <= window.innerWidth"))
                .as("the rows wrap instead of widening the page").isTrue();
        grace.findElement(By.cssSelector("[data-testid=attendee-admit]")).click();
        awaitText("attendees-note", "Grace Hopper: Welcome, Grace Hopper (Main door).", SOON);
        assertThat(attendeeRows().get(0).getDomAttribute("data-presence")).isEqualTo("inside");
        awaitText("count-arrived", "2", SOON);

        status.selectByValue("arrived");
        await("Ada and Grace, arrived", SOON, d -> names().equals(List.of("Ada Lovelace", "Grace Hopper")));
        status.selectByValue("absent");
        await("Katherine alone not arrived", SOON, d -> names().equals(List.of("Katherine Johnson")));
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void a_rows_buttons_mail_re_issue_open_and_cancel_that_guests_ticket() {
        importCsv("""
                name,email
                Ada Lovelace,ada@example.com
                Grace Hopper,grace@example.com
                """);
        String id = server.get("/api/tickets?q=ada", TestServer.ADMIN_TOKEN).json().at("/tickets/0/id").asText();
        String oldCode = server.get("/api/tickets/" + id, TestServer.ADMIN_TOKEN).json().at("/ticket/code").asText();
        signInAsOrganizer(Browser.Window.DESKTOP);
        awaitRows(2);

        row("Ada Lovelace").findElement(By.cssSelector("[data-testid=attendee-send]")).click();
        await("Ada's mail sent", SOON, d -> row("Ada Lovelace").findElement(By.cssSelector("[data-testid=attendee-mail]"))
                .getText().startsWith("Ticket mail: sent"));

        row("Ada Lovelace").findElement(By.cssSelector("[data-testid=attendee-reissue]")).click();
        awaitText("attendees-note", "Ada Lovelace: a new ticket code was issued; the old one no longer admits.", SOON);
        assertThat(server.checkIn(oldCode, TestServer.ADMIN_TOKEN).json().get("reason").asText()).isEqualTo("revoked");

        row("Ada Lovelace").findElement(By.cssSelector("[data-testid=attendee-ticket]")).click();
        WebElement open = await("the ticket link", SOON, d -> row("Ada Lovelace").findElements(By.cssSelector("[data-testid=attendee-open]"))
                .stream().findFirst().orElse(null));
        String newCode = server.get("/api/tickets/" + id, TestServer.ADMIN_TOKEN).json().at("/ticket/code").asText();
        assertThat(open.getDomAttribute("href")).isEqualTo("/t/" + newCode);

        WebElement cancel = row("Ada Lovelace").findElement(By.cssSelector("[data-testid=attendee-cancel]"));
        cancel.click();
        assertThat(cancel.getText()).as("a first click only asks").isEqualTo("Really cancel?");
        assertThat(server.get("/api/tickets/" + id, TestServer.ADMIN_TOKEN).json().at("/ticket/cancelled").asBoolean()).isFalse();
        cancel.click();
        await("Ada's ticket cancelled", SOON, d -> "cancelled".equals(row("Ada Lovelace").getDomAttribute("data-presence")));
        assertThat(row("Ada Lovelace").findElements(By.cssSelector("[data-testid=attendee-admit]"))).isEmpty();
        assertThat(server.get("/api/tickets/" + id, TestServer.ADMIN_TOKEN).json().at("/ticket/cancelled").asBoolean()).isTrue();
        assertThat(row("Grace Hopper").getDomAttribute("data-presence")).isEqualTo("absent");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void a_guests_name_is_corrected_in_place_and_an_address_another_ticket_has_is_refused_in_the_servers_words() {
        importCsv("""
                name,email
                Ada Lovelace,ada@example.com
                Grace Hopper,grace@example.com
                """);
        String id = server.get("/api/tickets?q=ada", TestServer.ADMIN_TOKEN).json().at("/tickets/0/id").asText();
        signInAsOrganizer(Browser.Window.DESKTOP);
        awaitRows(2);

        row("Ada Lovelace").findElement(By.cssSelector("[data-testid=attendee-edit]")).click();
        WebElement name = await("the edit dialog", SOON, d -> {
            WebElement input = d.findElement(By.id("attendee-edit-name"));
            return input.isDisplayed() ? input : null;
        });
        assertThat(name.getDomProperty("value")).isEqualTo("Ada Lovelace");
        assertThat(browser.find(By.id("attendee-edit-email")).getDomProperty("value")).isEqualTo("ada@example.com");
        name.sendKeys(Keys.chord(Keys.CONTROL, "a"), "Ada King", Keys.ENTER);
        await("the new name in the list", SOON, d -> names().contains("Ada King"));
        assertThat(browser.find(By.id("attendee-edit")).isDisplayed()).isFalse();
        assertThat(text("attendees-note")).isEqualTo("Ada King: name and email saved.");
        assertThat(server.get("/api/tickets/" + id, TestServer.ADMIN_TOKEN).json().at("/ticket/name").asText()).isEqualTo("Ada King");

        row("Ada King").findElement(By.cssSelector("[data-testid=attendee-edit]")).click();
        WebElement email = await("the edit dialog", SOON, d -> {
            WebElement input = d.findElement(By.id("attendee-edit-email"));
            return input.isDisplayed() ? input : null;
        });
        email.sendKeys(Keys.chord(Keys.CONTROL, "a"), "grace@example.com", Keys.ENTER);
        awaitText("attendee-edit-error", "Another ticket already has grace@example.com.", SOON);
        assertThat(browser.find(By.id("attendee-edit")).isDisplayed()).as("open, with what was typed").isTrue();
        assertThat(email.getDomProperty("value")).isEqualTo("grace@example.com");
        browser.find(By.id("attendee-edit-cancel")).click();
        assertThat(row("Ada King").findElement(By.cssSelector(".attendee-who small")).getText()).isEqualTo("ada@example.com");
        assertThat(browser.consoleErrors()).as("Chromium logs the refused edit's 409, nothing else")
                .filteredOn(e -> !e.contains("status of 409"))
                .isEmpty();
    }

    @Test
    void an_arrival_annulled_from_the_list_puts_the_guest_back_to_not_arrived() {
        importCsv("""
                name,email
                Ada Lovelace,ada@example.com
                Grace Hopper,grace@example.com
                """);
        String ada = server.get("/api/tickets?q=ada", TestServer.ADMIN_TOKEN).json().at("/tickets/0/id").asText();
        TestServer.Response in = server.post("/api/checkins", "{\"ticketId\":\"" + ada + "\"}", TestServer.ADMIN_TOKEN);
        assertThat(in.status()).as(in.body()).isEqualTo(201);
        signInAsOrganizer(Browser.Window.DESKTOP);
        awaitRows(2);
        assertThat(row("Ada Lovelace").getDomAttribute("data-presence")).isEqualTo("inside");
        assertThat(row("Grace Hopper").findElements(By.cssSelector("[data-testid=attendee-annul]"))).as("nothing to annul").isEmpty();

        row("Ada Lovelace").findElement(By.cssSelector("[data-testid=attendee-annul]")).click();
        WebElement reason = await("the annul dialog", SOON, d -> {
            WebElement input = d.findElement(By.id("annul-reason"));
            return input.isDisplayed() ? input : null;
        });
        assertThat(text("annul-what")).startsWith("Ada Lovelace · entry on Main door");
        reason.sendKeys("admitted the wrong guest");
        browser.find(By.id("annul-confirm")).click();
        await("Ada not arrived", SOON, d -> "absent".equals(presenceOf("Ada Lovelace")));
        assertThat(row("Ada Lovelace").findElement(By.cssSelector("[data-testid=attendee-presence]")).getText()).isEqualTo("Not arrived");
        assertThat(row("Ada Lovelace").findElements(By.cssSelector("[data-testid=attendee-annul]"))).isEmpty();
        awaitText("count-arrived", "0", SOON);
        assertThat(stats().get("checkedIn").asInt()).isZero();

        // Admitted again by hand: the new entry can be taken back the same way.
        row("Ada Lovelace").findElement(By.cssSelector("[data-testid=attendee-admit]")).click();
        await("Ada inside again, to be annulled", SOON, d -> "inside".equals(presenceOf("Ada Lovelace"))
                && !row("Ada Lovelace").findElements(By.cssSelector("[data-testid=attendee-annul]")).isEmpty());
        assertThat(browser.consoleErrors()).isEmpty();
    }

    private WebElement row(String name) {
        return attendeeRows().stream().filter(r -> r.findElement(By.cssSelector(".attendee-who b")).getText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no row for " + name));
    }

    /** The row's data-presence, read in one go in the page: a refresh replaces the rows. */
    private String presenceOf(String name) {
        return (String) browser.script("return [...document.querySelectorAll('#attendees-rows tr')]"
                + ".find((tr) => tr.querySelector('.attendee-who b').textContent === arguments[0])?.dataset.presence ?? null", name);
    }

    private void importCsv(String csv) {
        TestServer.Response r = server.postBytes("/api/tickets/import", csv.getBytes(StandardCharsets.UTF_8), "text/csv",
                TestServer.ADMIN_TOKEN);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private List<WebElement> attendeeRows() {
        return browser.findAll(By.cssSelector("#attendees-rows tr"));
    }

    /** The rows' names, read in one go in the page: a filter changed meanwhile replaces the rows. */
    @SuppressWarnings("unchecked")
    private List<String> names() {
        return (List<String>) browser.script("return [...document.querySelectorAll('#attendees-rows tr .attendee-who b')]"
                + ".map((b) => b.textContent)");
    }

    private void awaitRows(int count) {
        await(count + " attendee rows", SOON, d -> "ready".equals(d.findElement(By.id("attendees")).getDomAttribute("data-state"))
                && names().size() == count);
    }

    private String mapped(String column) {
        return browser.find(By.cssSelector("#import-mapping dd[data-column=" + column + "]")).getText();
    }

    private String focused() {
        return String.valueOf(browser.script("return document.activeElement && document.activeElement.id"));
    }
}
