package dev.usher.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usher.Browser;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Names come from people: the longest one allowed must not push a page, a table or a verdict off the screen. */
class LongNamesPageTest extends DashboardTest {
    private static final String WIDE = "W".repeat(200);
    private static final String WIDEST_GLYPH = "\uFDFD".repeat(200);
    private static final List<Browser.Window> SIZES = List.of(Browser.Window.PHONE, Browser.Window.DESKTOP);

    /**
     * How far the page, or any element matching {@code selector}, reaches past the right edge of the
     * window, with the worst element named for the failure message.
     */
    private String overflow(String selector) {
        return (String) browser.script("""
                const width = document.documentElement.clientWidth;
                // Cut off by an ancestor (an ellipsis) is not past the edge of the window.
                const clipped = (e) => {
                    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
                        if (getComputedStyle(a).overflowX !== 'visible') {
                            return true;
                        }
                    }
                    return false;
                };
                let worst = document.documentElement.scrollWidth - width, what = 'the page';
                for (const e of document.querySelectorAll('body *')) {
                    const past = Math.ceil(e.getBoundingClientRect().right) - width;
                    if (past > worst && e.offsetParent !== null && !clipped(e)) {
                        worst = past; what = e.tagName + '#' + e.id + '.' + e.className + ' in ' + e.parentElement.tagName + '.' + e.parentElement.className + ' in ' + e.parentElement.parentElement.tagName + '#' + e.parentElement.parentElement.id;
                    }
                }
                for (const e of document.querySelectorAll(arguments[0])) {
                    const inner = Math.max(Math.ceil(e.getBoundingClientRect().right) - width, -Math.floor(e.getBoundingClientRect().left));
                    if (inner > worst) {
                        worst = inner; what = e.tagName + '#' + e.id;
                    }
                }
                return worst <= 0 ? 'none' : worst + ' px by ' + what;""", selector);
    }

    @Test
    void the_last_scans_keep_long_names_and_their_annul_buttons_inside_the_window() {
        String door = kioskToken("Door A");
        for (String name : List.of(WIDE, WIDEST_GLYPH)) {
            server.checkIn(server.register(name, name.length() + name.substring(0, 1).hashCode() + "@example.com").get("code").asText(), door);
        }
        for (Browser.Window size : SIZES) {
            signInAsOrganizer(size);
            await("both long names in the last scans", SOON, d -> recentRows().size() >= 2
                    && recentRows().get(0).getText().contains(WIDEST_GLYPH.substring(0, 5)));
            browser.screenshot("long-names-dashboard-" + size.width());
            assertThat(overflow("#recent tr, #recent button")).as("overflow at %d px", size.width()).isEqualTo("none");
        }
    }

    @Test
    void the_mail_panel_and_the_look_up_keep_long_names_and_their_buttons_inside_the_window() {
        for (String name : List.of(WIDE, WIDEST_GLYPH)) {
            String email = "wide" + name.substring(0, 1).hashCode() + "@example.com";
            assertThat(server.post("/api/tickets", "{\"name\":\"" + name + "\",\"email\":\"" + email + "\",\"send\":true}",
                    dev.usher.TestServer.ADMIN_TOKEN).status()).isEqualTo(201);
        }
        for (Browser.Window size : SIZES) {
            signInAsOrganizer(size);
            await("both long names in the mail panel", SOON, d -> d.findElements(By.cssSelector("#mail-recent li")).size() >= 2);
            browser.find(By.id("lookup")).sendKeys("wide");
            await("both long names found", SOON, d -> d.findElements(By.cssSelector("#lookup-results li")).size() >= 2);
            browser.script("arguments[0].scrollIntoView({block: 'start'})", browser.find(By.id("mail-panel")));
            browser.screenshot("long-names-mail-" + size.width());
            assertThat(overflow("#mail-recent li, #mail-recent button, #lookup-results li, #lookup-results button"))
                    .as("overflow at %d px", size.width()).isEqualTo("none");
        }
    }

    @Test
    void a_kiosk_verdict_wraps_a_long_name_on_a_phone_and_a_laptop() {
        for (Browser.Window size : SIZES) {
            JsonNode kiosk = server.createKiosk("Door " + size.width());
            openBrowser(size);
            browser.get(server.baseUrl() + kiosk.get("pairingUrl").asText());
            browser.waitUntil("kiosk paired", d -> ("Door " + size.width()).equals(d.findElement(By.id("kiosk-name")).getText()));
            for (String name : List.of(WIDE, WIDEST_GLYPH)) {
                String code = server.register(name, size.width() + "-" + name.substring(0, 1).hashCode() + "@example.com").get("code").asText();
                new Actions(browser.driver()).sendKeys(code + Keys.ENTER).perform();
                await("the verdict for " + name.charAt(0), SOON, d -> d.findElement(By.id("verdict-title")).getText().contains(name.substring(0, 5)));
                browser.screenshot("long-names-kiosk-" + size.width() + "-" + (int) name.charAt(0));
                assertThat(overflow("#verdict, #verdict-title, #verdict-detail")).as("overflow at %d px", size.width()).isEqualTo("none");
                assertThat((Boolean) browser.script("const icon = document.querySelector('#verdict .verdict-icon').getBoundingClientRect();"
                        + "return icon.top >= 0 && document.getElementById('verdict-title').getBoundingClientRect().bottom <= window.innerHeight;"))
                        .as("icon and name on screen at %d px", size.width()).isTrue();
                browser.find(By.id("verdict")).click();
                await("the verdict dismissed", SOON, d -> !d.findElement(By.id("verdict")).isDisplayed());
            }
        }
    }
}
