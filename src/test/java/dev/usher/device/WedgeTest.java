package dev.usher.device;

import dev.usher.Browser;
import dev.usher.BrowserTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The handheld scanner's decisions: public/kiosk/wedge.js fed keys with made-up timestamps in
 * Chromium (no DOM, no timing of this machine involved), and public/kiosk/handheld.js typed at.
 */
class WedgeTest extends BrowserTest {
    /** Runs the keys through a fresh wedge with the code shape from /api/event; one result per Enter or Tab. */
    private static final String FEED = """
            const [keys, done] = [arguments[0], arguments[arguments.length - 1]];
            Promise.all([import('/kiosk/wedge.js'), fetch('/api/event').then((r) => r.json())])
                .then(([{createWedge}, event]) => {
                    const wedge = createWedge({code: event.vocabulary.ticketCode});
                    const results = [];
                    for (const [key, time] of keys) {
                        const scan = wedge.key(key, time);
                        if (key === 'Enter' || key === 'Tab') {
                            results.push(scan && scan.text);
                        }
                    }
                    done(results);
                }, (e) => done('failed: ' + e));
            """;

    /** Keystrokes and when they came, in milliseconds, as the page's keydown listener hands them on. */
    private static final class Typing {
        final List<List<Object>> keys = new ArrayList<>();
        double now = 1000;

        /** Each character {@code gap} ms after the key before. */
        Typing type(String text, double gap) {
            for (char c : text.toCharArray()) {
                now += gap;
                keys.add(List.of(String.valueOf(c), now));
            }
            return this;
        }

        /** Gaps taken in turn from the list: a person's uneven rhythm. */
        Typing type(String text, double... gaps) {
            for (int i = 0; i < text.length(); i++) {
                type(text.substring(i, i + 1), gaps[i % gaps.length]);
            }
            return this;
        }

        Typing pause(double ms) {
            now += ms;
            return this;
        }

        /** A named key (Enter, Tab, Shift) {@code gap} ms after the key before. */
        Typing press(String key, double gap) {
            now += gap;
            keys.add(List.of(key, now));
            return this;
        }
    }

    /** A scanner: a key every 4 ms, then Enter. */
    private static Typing scanner(Typing typing, String code) {
        return typing.type(code, 4).press("Enter", 4);
    }

    /** A person: 90 to 250 ms between keys, and now and then two keys rolled over 20 ms apart. */
    private static final double[] PERSON = {140, 90, 20, 250, 110, 160, 95, 20, 180, 130, 210, 100};

    private List<Object> feed(Typing typing) {
        if (browser == null) {
            openBrowser(Browser.Window.DESKTOP);
            browser.get(server.baseUrl() + "/kiosk/");
        }
        Object results = browser.driver().executeAsyncScript(FEED, typing.keys);
        assertThat(results).as("the wedge ran").isInstanceOf(List.class);
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) results;
        return list;
    }

    private String code() {
        return server.register("Ada Lovelace", "ada@example.com").get("code").asText();
    }

    @Test
    void our_code_is_taken_by_its_shape_whatever_came_before_it_and_however_its_keys_were_spaced() {
        String code = code();
        assertThat(feed(scanner(new Typing(), code))).as("a plain burst").containsExactly(code);
        assertThat(feed(scanner(new Typing().type("Ad", PERSON).pause(600), code)))
                .as("after letters typed into the search field").containsExactly(code);
        assertThat(feed(scanner(new Typing().type("]Q1", 4), code)))
                .as("after a symbology prefix the scanner sends at its own speed").containsExactly(code);
        assertThat(feed(new Typing().type(code.substring(0, 3), 4).pause(700).type(code.substring(3, 60), 4)
                .pause(2500).type(code.substring(60), 4).press("Enter", 400)))
                .as("split by a busy tablet, even after the first three keys").containsExactly(code);
        assertThat(feed(new Typing().type(code.substring(0, 40), 4).pause(900).type(code.substring(40), 0).press("Enter", 0)))
                .as("the rest delivered late in one batch, all with one timestamp").containsExactly(code);
        assertThat(feed(new Typing().type(code.toLowerCase(), 4).press("Tab", 4)))
                .as("in lower case, ended by Tab: checked in as issued").containsExactly(code);
        Typing shifted = new Typing();
        for (char c : code.toCharArray()) {
            shifted.press("Shift", 2).type(String.valueOf(c), 2);
        }
        assertThat(feed(shifted.press("Enter", 4))).as("with Shift before every key").containsExactly(code);
        assertThat(feed(new Typing().type(code, 45).press("Enter", 45)))
                .as("a slow Bluetooth scanner, 45 ms a key").containsExactly(code);
        assertThat(feed(scanner(scanner(new Typing(), code), code))).as("two scans, one right after the other")
                .containsExactly(code, code);
    }

    @Test
    void a_person_typing_is_never_a_scan_not_even_when_typing_a_whole_code() {
        String code = code();
        assertThat(feed(new Typing().type(code.substring(0, 24), PERSON).press("Enter", 150)))
                .as("the start of a code, typed").containsExactly((Object) null);
        assertThat(feed(new Typing().type(code, PERSON).press("Enter", 150)))
                .as("a whole code, typed").containsExactly((Object) null);
        assertThat(feed(new Typing().type(code, 60, 60, 15).press("Enter", 60)))
                .as("a whole code at a record typist's 60 ms a key, every third key rolled over").containsExactly((Object) null);
        assertThat(feed(new Typing().type(code, 150, 150, 0).press("Enter", 150)))
                .as("a whole code, typed on a busy tablet that hands every third key over with the one before")
                .containsExactly((Object) null);
        assertThat(feed(new Typing().type("Grace Brewster Murray Hopper", PERSON).press("Enter", 150)))
                .as("a name").containsExactly((Object) null);
    }

    @Test
    void other_barcodes_are_told_from_typing_by_their_key_gaps_alone() {
        String foreign = "NOTAREALTICKETCODE0123456789";
        assertThat(feed(scanner(new Typing().type("Ad", PERSON).pause(600), foreign)))
                .as("a burst after letters typed").containsExactly(foreign);
        assertThat(feed(new Typing().type(foreign.substring(0, 3), 4).pause(700).type(foreign.substring(3, 20), 4)
                .pause(1500).type(foreign.substring(20), 0).press("Enter", 900)))
                .as("split by a busy tablet, the rest in one batch, Enter late").containsExactly(foreign);
        assertThat(feed(scanner(new Typing(), "4006381333931"))).as("shorter than 16: a product barcode")
                .containsExactly((Object) null);
        assertThat(feed(new Typing().type(foreign, 4).type("Ada Lovelace", PERSON).press("Enter", 150)))
                .as("a burst without its Enter, then a person typing a name and Enter").containsExactly((Object) null);
        String notOurPrefix = "B" + code().substring(1);
        assertThat(feed(scanner(new Typing(), notOurPrefix))).as("our alphabet and length, another prefix")
                .containsExactly(notOurPrefix);
        assertThat(feed(new Typing().type(notOurPrefix, PERSON).press("Enter", 150))).as("the same, typed")
                .containsExactly((Object) null);
    }

    @Test
    void a_scan_typed_into_the_middle_of_a_text_field_leaves_the_text_and_the_caret_as_they_were() {
        String code = code();
        openBrowser(Browser.Window.DESKTOP);
        browser.get(server.baseUrl() + "/kiosk/");
        browser.waitForData(By.tagName("body"), "state", "unpaired");
        Object listening = browser.driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const field = document.createElement('input');
                field.id = 'field';
                document.body.prepend(field);
                window.scanned = [];
                window.inputs = 0;
                field.addEventListener('input', () => window.inputs++);
                Promise.all([import('/kiosk/handheld.js'), fetch('/api/event').then((r) => r.json())])
                    .then(([{listenForScanner}, event]) => {
                        listenForScanner({code: event.vocabulary.ticketCode, onCode: (text) => window.scanned.push(text)});
                        done(true);
                    }, (e) => done('failed: ' + e));
                """);
        assertThat(listening).isEqualTo(true);
        browser.find(By.id("field")).sendKeys("Ada Lovelace");
        browser.script("document.getElementById('field').setSelectionRange(3, 3); window.inputs = 0;");

        new Actions(browser.driver()).sendKeys(code + Keys.ENTER).perform();

        browser.waitUntil("the scan handed on", d -> ((List<?>) browser.script("return window.scanned")).size() == 1);
        @SuppressWarnings("unchecked")
        Map<String, Object> field = (Map<String, Object>) browser.script("""
                const field = document.getElementById('field');
                return {value: field.value, caret: field.selectionStart, scanned: window.scanned[0], inputs: window.inputs};
                """);
        assertThat(field.get("scanned")).isEqualTo(code);
        assertThat(field.get("value")).isEqualTo("Ada Lovelace");
        assertThat(field.get("caret")).isEqualTo(3L);
        assertThat(((Number) field.get("inputs")).intValue()).as("the field's listeners heard of each change, the last one too")
                .isEqualTo(code.length() + 1);
        assertThat(browser.consoleErrors()).isEmpty();
    }
}
