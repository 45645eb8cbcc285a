package dev.usher.live;

import dev.usher.Browser;
import dev.usher.Config;
import dev.usher.RefusingRelay;
import dev.usher.TestServer;
import dev.usher.mail.MailOptions;
import dev.usher.mail.SmtpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's ticket mail in headless Chromium: sending an import's tickets with live
 * progress, the mail panel with its preview and retries, and the look-up's "Send ticket". Without
 * a relay, mails are written to the data folder's {@code outbox/} (and count as sent).
 */
class DashboardMailPageTest extends DashboardTest {
    @TempDir
    Path files;

    @Test
    void the_tickets_of_an_import_are_sent_from_its_report_with_progress_up_to_all_sent() throws IOException {
        Path csv = files.resolve("guests.csv");
        Files.writeString(csv, """
                name,email
                Grace Hopper,grace@example.com
                Katherine Johnson,katherine@example.com
                Dorothy Vaughan,dorothy@example.com
                """, StandardCharsets.UTF_8);
        signInAsOrganizer(Browser.Window.DESKTOP);
        importGuestList(csv);

        WebElement send = await("the offer to send the tickets", SOON, d -> {
            WebElement button = d.findElement(By.id("import-send"));
            return button.isDisplayed() ? button : null;
        });
        assertThat(send.getText()).isEqualTo("Send tickets to the 3 new guests");
        assertThat(outbox()).as("nothing is mailed before the organizer says so").isEmpty();
        send.click();

        awaitText("import-mail-sent", "3", SOON);
        assertThat(text("import-mail-queued")).isEqualTo("0");
        assertThat(text("import-mail-failed")).isEqualTo("0");
        assertThat(browser.find(By.id("import-send")).isDisplayed()).isFalse();
        assertThat(outbox()).hasSize(3);
        browser.script("arguments[0].scrollIntoView({block: 'center'})", browser.find(By.id("import-mail")));
        browser.screenshot("dashboard-import-mail-sent");

        // The mail panel counts them too, and says where they went.
        awaitText("mail-sent", "3", SOON);
        assertThat(browser.find(By.cssSelector("[data-testid=mail-outbox-note]")).isDisplayed()).isTrue();
        assertThat(browser.find(By.cssSelector("[data-testid=mail-outbox-note]")).getText()).contains("outbox/");
        assertThat(mailRows()).hasSize(3);
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void the_preview_shows_the_mail_as_its_guest_gets_it_in_a_frame_that_runs_no_script() {
        issueAndMail("Ada Lovelace", "ada@example.com");
        signInAsOrganizer(Browser.Window.DESKTOP);

        WebElement row = await("Ada's mail, sent", SOON, d -> mailRows().stream()
                .filter(r -> "sent".equals(r.getDomAttribute("data-state"))).findFirst().orElse(null));
        assertThat(row.getText()).contains("Ada Lovelace").contains("ada@example.com").contains("Your ticket for");
        row.findElement(By.cssSelector("[data-testid=mail-preview-open]")).click();

        await("the preview", SOON, d -> "shown".equals(d.findElement(By.id("mail-preview")).getDomAttribute("data-state")));
        WebElement frame = browser.find(By.id("mail-preview-frame"));
        assertThat(frame.getDomAttribute("sandbox")).as("no allow-scripts, no allow-same-origin").isEmpty();
        assertThat(frame.getDomAttribute("src")).startsWith("/mail-preview/");
        browser.screenshot("dashboard-mail-preview");
        browser.driver().switchTo().frame(frame);
        try {
            String mail = await("the mail in the frame", SOON, d -> {
                String text = d.findElement(By.tagName("body")).getText();
                return text.contains("Ada Lovelace") ? text : null;
            });
            assertThat(mail).contains("Serverless: an inside look");
        } finally {
            browser.driver().switchTo().defaultContent();
        }
        browser.find(By.id("mail-preview-close")).click();
        assertThat(browser.find(By.id("mail-preview")).isDisplayed()).isFalse();
    }

    @Test
    void a_mail_the_relay_refuses_shows_its_answer_and_goes_out_after_a_retry() {
        try (RefusingRelay relay = new RefusingRelay()) {
            restartWithRelay(relay);
            issueAndMail("Ada Lovelace", "ada@example.com");
            issueAndMail("Grace Hopper", "grace@example.com");
            issueAndMail("Katherine Johnson", "katherine@example.com");
            signInAsOrganizer(Browser.Window.DESKTOP);

            awaitText("mail-failed", "3", SOON);
            assertThat(browser.find(By.cssSelector("[data-testid=mail-outbox-note]")).isDisplayed()).isFalse();
            WebElement ada = failedRow("ada@example.com");
            assertThat(ada.findElement(By.cssSelector("[data-testid=mail-note]")).getText()).contains("554");
            browser.script("arguments[0].scrollIntoView({block: 'center'})", ada);
            browser.screenshot("dashboard-mail-failed");

            // The relay takes mail again: one retried alone, then the rest with one click.
            relay.accept();
            ada.findElement(By.cssSelector("[data-testid=mail-retry]")).click();
            awaitText("mail-sent", "1", SOON);
            assertThat(text("mail-failed")).isEqualTo("2");
            browser.find(By.id("mail-retry-failed")).click();
            awaitText("mail-sent", "3", SOON);
            awaitText("mail-failed", "0", SOON);
            assertThat(browser.find(By.id("mail-retry-failed")).isDisplayed()).isFalse();
            assertThat(relay.delivered()).isEqualTo(3);
        }
    }

    @Test
    void the_look_up_shows_a_tickets_mail_state_and_sends_it() {
        server.register("Katherine <i>Johnson</i>", "katherine@example.com");
        signInAsOrganizer(Browser.Window.DESKTOP);

        browser.find(By.id("lookup")).sendKeys("kath");
        WebElement match = await("a match", SOON, d -> d.findElements(By.cssSelector("#lookup-results li")).stream().findFirst().orElse(null));
        assertThat(match.getText()).as("a name is text, never markup").contains("Katherine <i>Johnson</i>");
        assertThat(match.findElement(By.cssSelector("[data-testid=lookup-mail]")).getText()).isEqualTo("Ticket mail: not sent yet");
        match.findElement(By.cssSelector("[data-testid=lookup-send]")).click();

        await("the mail sent", SOON, d -> browser.find(By.cssSelector("#lookup-results [data-testid=lookup-mail]")).getText()
                .startsWith("Ticket mail: sent"));
        assertThat(outbox()).hasSize(1);
        WebElement button = browser.find(By.cssSelector("#lookup-results [data-testid=lookup-send]"));
        assertThat(button.isEnabled()).as("it can be sent again").isTrue();
        awaitText("mail-sent", "1", SOON);
    }

    /** A ticket issued by staff with its mail queued at once. */
    private void issueAndMail(String name, String email) {
        TestServer.Response r = server.post("/api/tickets",
                "{\"name\":\"" + name + "\",\"email\":\"" + email + "\",\"send\":true}", TestServer.ADMIN_TOKEN);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    /** Usher sending through the relay, at a fast pace so the test waits on conditions that come quickly. */
    private void restartWithRelay(RefusingRelay relay) {
        server.close();
        MailOptions mail = new MailOptions(SmtpUrl.parse(relay.url()), "Usher test <tickets@usher.test>", null, 1000, Duration.ofMillis(200));
        server = TestServer.start(new Config("127.0.0.1", 0, data, null, TestServer.ADMIN_TOKEN).withMail(mail));
    }

    private WebElement failedRow(String to) {
        return await("the failed mail to " + to, SOON, d -> mailRows().stream()
                .filter(r -> "failed".equals(r.getDomAttribute("data-state")) && r.getText().contains(to))
                .findFirst().orElse(null));
    }

    private List<WebElement> mailRows() {
        return browser.findAll(By.cssSelector("#mail-recent li"));
    }

    private List<Path> outbox() {
        Path folder = data.resolve("outbox");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> found = Files.list(folder)) {
            return found.filter(f -> f.getFileName().toString().endsWith(".eml")).toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
