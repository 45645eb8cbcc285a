package dev.usher.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usher.Browser;
import dev.usher.Config;
import dev.usher.TestServer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The staff dashboard in headless Chromium: sign-in, live counts over SSE, reconnecting, viewers, the layouts. */
class DashboardPageTest extends DashboardTest {
    /** A 10" tablet in portrait, in CSS pixels. */
    static final Browser.Window TABLET = new Browser.Window(820, 1180, true);

    @Test
    void the_organizer_signs_in_with_the_token_and_sees_check_ins_arrive_without_reloading() {
        String door = kioskToken("Door A");
        String ada = server.register("Ada Lovelace", "ada@example.com").get("code").asText();
        String grace = server.register("Grace Hopper", "grace@example.com").get("code").asText();
        server.register("Alan Turing", "alan@example.com");
        assertThat(server.checkIn(ada, door).status()).isEqualTo(201);

        signInAsOrganizer(Browser.Window.DESKTOP);
        awaitText("count-arrived", "1", SOON);
        assertThat(text("count-registered")).isEqualTo("3");
        assertThat(text("share-arrived")).isEqualTo("33%");
        assertThat(text("count-inside")).isEqualTo("1");
        assertThat(browser.find(By.cssSelector("#lists tr[data-list-id='main'] .list-checked-in")).getText()).isEqualTo("1");
        assertThat(browser.find(By.cssSelector("#kiosks tr .kiosk-admitted")).getText()).isEqualTo("1");
        assertThat(recentRows().get(0).getText()).contains("Ada Lovelace").contains("Door A");

        // A marker on the window survives only if the page is never reloaded.
        browser.script("window.usherTestMarker = 'same page';");
        long before = System.nanoTime();
        assertThat(server.checkIn(grace, door).status()).isEqualTo(201);
        awaitText("count-arrived", "2", SOON);
        long ms = (System.nanoTime() - before) / 1_000_000;
        assertThat(text("share-arrived")).isEqualTo("67%");
        await("Grace in the last scans", SOON, d -> recentRows().get(0).getText().contains("Grace Hopper"));
        assertThat(recentRows().get(0).getAttribute("data-status")).isEqualTo("ok");
        assertThat(browser.script("return window.usherTestMarker")).isEqualTo("same page");
        assertThat(ms).as("a check-in reaches the screen in a couple of seconds").isLessThan(SOON.toMillis());

        // An exit lowers "inside" only.
        assertThat(exit(ada, door).status()).isEqualTo(201);
        awaitText("count-inside", "1", SOON);
        assertThat(text("count-arrived")).isEqualTo("2");

        // The token was kept: a reload signs in again; signing out forgets it.
        browser.driver().navigate().refresh();
        awaitLive();
        awaitText("count-arrived", "2", SOON);
        browser.find(By.id("sign-out")).click();
        await("signed out", SOON, d -> "signed-out".equals(body(d, "auth")));
        assertThat(browser.script("return localStorage.getItem('usher.dashboard.token')")).isNull();
        assertThat(browser.find(By.id("board")).isDisplayed()).isFalse();
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void a_refused_scan_is_highlighted_and_invalid_codes_in_a_row_raise_a_warning() {
        String door = kioskToken("Door B");
        String ada = server.register("Ada Lovelace", "ada@example.com").get("code").asText();
        server.checkIn(ada, door);
        signInAsOrganizer(Browser.Window.DESKTOP);
        await("Ada's scan", SOON, d -> recentRows().size() == 1);
        assertThat(browser.findAll(By.cssSelector("#alerts li"))).isEmpty();

        assertThat(server.checkIn("NOTAREALTICKET", door).status()).isEqualTo(404);
        await("the refusal on top", SOON, d -> recentRows().size() == 2);
        WebElement refused = recentRows().get(0);
        assertThat(refused.getAttribute("data-status")).isEqualTo("error");
        assertThat(refused.getAttribute("data-reason")).isEqualTo("invalid");
        assertThat(refused.getText()).contains("invalid code").contains("Not a valid ticket").contains("Door B");
        WebElement admitted = recentRows().get(1);
        assertThat(refused.getCssValue("background-color"))
                .as("refusals are highlighted").isNotEqualTo(admitted.getCssValue("background-color"));
        assertThat(browser.findAll(By.cssSelector("#alerts li"))).as("one invalid code is no trouble yet").isEmpty();

        // The same ticket again is refused too (amber, with the name).
        server.checkIn(ada, door);
        await("the repeat", SOON, d -> recentRows().size() == 3);
        assertThat(recentRows().get(0).getAttribute("data-reason")).isEqualTo("already_redeemed");
        assertThat(recentRows().get(0).getText()).contains("Ada Lovelace").contains("Already checked in");

        server.checkIn("FORGED1", door);
        server.checkIn("FORGED2", door);
        WebElement warning = await("the invalid-codes warning", SOON,
                d -> d.findElements(By.cssSelector("#alerts li[data-kind='invalid-burst']")).stream().findFirst().orElse(null));
        assertThat(warning.getText()).contains("Door B").contains("3 invalid codes");
        browser.screenshot("dashboard-laptop-invalid-burst");

        // Two minutes later (on this page's clock) without a sign of life, Door B is flagged as possibly dead.
        browser.script("const real = Date.now.bind(Date); Date.now = () => real() + 150000;");
        await("Door B flagged", SOON, d -> "silent".equals(
                d.findElement(By.cssSelector("#kiosks tr")).getAttribute("data-health")));
        assertThat(browser.find(By.cssSelector("#kiosks tr")).getText()).containsIgnoringCase("possibly dead");
        assertThat(browser.findAll(By.cssSelector("#alerts li[data-kind='kiosk-silent']"))).hasSize(1);
    }

    @Test
    void after_a_server_restart_the_page_reconnects_by_itself_and_shows_the_counts_in_the_database() {
        String door = kioskToken("Door A");
        String ada = server.register("Ada Lovelace", "ada@example.com").get("code").asText();
        String grace = server.register("Grace Hopper", "grace@example.com").get("code").asText();
        server.checkIn(ada, door);
        signInAsOrganizer(Browser.Window.DESKTOP);
        awaitText("count-arrived", "1", SOON);
        browser.script("window.usherTestMarker = 'same page';");

        int port = server.port();
        server.close();
        server = null;
        await("reconnecting", SOON, d -> "reconnecting".equals(body(d, "live")));
        assertThat(text("live-status")).isEqualTo("reconnecting…");
        assertThat(browser.find(By.id("stale-banner")).isDisplayed()).isTrue();
        browser.screenshot("dashboard-laptop-reconnecting");

        server = TestServer.start(new Config("127.0.0.1", port, data, null, TestServer.ADMIN_TOKEN));
        assertThat(server.checkIn(grace, door).status()).as("the kiosk token survived the restart").isEqualTo(201);
        JsonNode stats = stats();
        await("live again", Duration.ofSeconds(20), d -> "live".equals(body(d, "live")));
        awaitText("count-arrived", stats.get("checkedIn").asText(), SOON);
        assertThat(text("count-arrived")).isEqualTo("2");
        assertThat(text("count-registered")).isEqualTo(stats.get("registered").asText());
        assertThat(text("count-inside")).isEqualTo(stats.get("inside").asText());
        assertThat(browser.find(By.id("stale-banner")).isDisplayed()).isFalse();
        assertThat(browser.script("return window.usherTestMarker")).as("no reload").isEqualTo("same page");
    }

    @Test
    void a_paired_viewer_watches_without_staff_actions_and_is_signed_out_when_revoked() {
        String door = kioskToken("Door A");
        server.checkIn(server.register("Ada Lovelace", "ada@example.com").get("code").asText(), door);
        JsonNode viewer = server.post("/api/viewers", "{\"name\":\"Lobby screen\"}", TestServer.ADMIN_TOKEN).json();

        openBrowser(Browser.Window.DESKTOP);
        browser.get(server.baseUrl() + viewer.get("pairingUrl").asText());
        awaitLive();
        assertThat(browser.driver().getCurrentUrl()).doesNotContain("pair=");
        assertThat(body(browser.driver(), "role")).isEqualTo("viewer");
        assertThat(text("who")).contains("Lobby screen");
        awaitText("count-arrived", "1", SOON);
        assertThat(recentRows().get(0).getText()).contains("Ada Lovelace");
        assertThat(browser.find(By.id("staff")).isDisplayed()).isFalse();
        assertThat(browser.findAll(By.cssSelector("#recent button"))).as("no annul buttons").isEmpty();
        assertThat(browser.findAll(By.cssSelector("button, input")).stream().filter(WebElement::isDisplayed)
                .map(e -> e.getAttribute("id"))).as("the only visible control").containsExactly("sign-out");
        browser.screenshot("dashboard-laptop-viewer");

        server.admin("POST", "/api/viewers/" + viewer.get("id").asText() + "/revoke", null);
        await("signed out after the revocation", SOON, d -> "signed-out".equals(body(d, "auth")));
        assertThat(text("signin-reason")).contains("revoked");
        assertThat(browser.find(By.id("board")).isDisplayed()).isFalse();
        assertThat(browser.script("return localStorage.getItem('usher.dashboard.token')")).isNull();
    }

    @Test
    void a_kiosk_token_is_refused_with_a_clear_message() {
        JsonNode kiosk = server.createKiosk("Door A");
        openBrowser(Browser.Window.DESKTOP);
        browser.get(server.baseUrl() + "/dashboard/#pair=" + kiosk.get("token").asText());
        await("refused", SOON, d -> "signed-out".equals(body(d, "auth")));
        assertThat(text("signin-reason")).contains("kiosk").contains("organizer token");
        browser.screenshot("dashboard-laptop-kiosk-token-refused");
        assertThat(browser.script("return localStorage.getItem('usher.dashboard.token')")).isNull();

        browser.find(By.id("signin-token")).sendKeys("not-the-token-at-all-0000");
        browser.find(By.id("signin-submit")).click();
        await("the wrong token refused", SOON, d -> d.findElement(By.id("signin-reason")).getText().contains("not accepted"));
    }

    @Test
    void the_live_client_drops_a_silent_stream_and_reconnects_with_the_last_event_id_until_it_is_denied() {
        openBrowser(Browser.Window.DESKTOP);
        browser.get(server.baseUrl() + "/dashboard/");
        // live.js against a stand-in fetch: one event split across chunks (CRLF, a heartbeat), then
        // silence; the second connection likewise; the third is refused with 401.
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> result = (java.util.Map<String, Object>) browser.driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('/js/live.js').then(({openLiveStream}) => {
                    const sent = [];
                    const statuses = [];
                    const events = [];
                    const encoder = new TextEncoder();
                    const realFetch = window.fetch;
                    window.fetch = async (url, init) => {
                        sent.push(init.headers['Last-Event-ID'] || '-');
                        if (sent.length === 3) {
                            return new Response('{"error":"unauthorized"}', {status: 401});
                        }
                        const n = sent.length;
                        const body = new ReadableStream({start(c) {
                            for (const part of [': heartbeat\\r\\nid: ' + (6 + n) + '\\r', '\\nevent: snap', 'shot\\r\\ndata: {"n":',
                                                ' ' + n + '}\\r\\n\\r\\n']) {
                                c.enqueue(encoder.encode(part));
                            }
                            init.signal.addEventListener('abort', () => c.error(new DOMException('aborted', 'AbortError')));
                        }});
                        return new Response(body, {status: 200, headers: {'Content-Type': 'text/event-stream'}});
                    };
                    openLiveStream('/stand-in', {
                        token: 't', silenceLimitMs: 400,
                        onEvent: (e) => events.push(e.type + ' ' + e.id + ' ' + e.data),
                        onStatus: (s) => {
                            statuses.push(s);
                            if (s === 'denied') {
                                window.fetch = realFetch;
                                setTimeout(() => done({sent, statuses, events}), 1500);
                            }
                        },
                    });
                });
                """);
        assertThat(result.get("events")).isEqualTo(List.of("snapshot 7 {\"n\": 1}", "snapshot 8 {\"n\": 2}"));
        assertThat(result.get("sent")).as("Last-Event-ID on each request, and no request after the 401")
                .isEqualTo(List.of("-", "7", "8"));
        assertThat(result.get("statuses"))
                .isEqualTo(List.of("connecting", "live", "reconnecting", "live", "reconnecting", "denied"));
    }

    @Test
    void screenshots_of_the_laptop_and_tablet_layouts_with_an_evening_in_progress() throws IOException {
        String doorA = kioskToken("Door A");
        String doorB = kioskToken("Door B");
        String side = server.createKiosk("Side door").get("id").asText();
        server.admin("POST", "/api/kiosks/" + side + "/revoke", null);
        String[] names = {"Grace Hopper", "Alan Turing", "Katherine Johnson", "Edsger Dijkstra", "Barbara Liskov",
                "Donald Knuth", "Frances Allen", "John Backus", "Margaret Hamilton", "Dennis Ritchie", "Radia Perlman",
                "Ken Thompson", "Hedy Lamarr", "Tony Hoare", "Annie Easley", "Niklaus Wirth", "Adele Goldberg",
                "Leslie Lamport", "Shafi Goldwasser", "Guido van Rossum", "Sophie Wilson", "Bjarne Stroustrup",
                "Jean Bartik", "Linus Torvalds", "Mary Kenneth Keller", "James Gosling", "Evelyn Berezin", "Brian Kernighan"};
        for (int i = 0; i < names.length; i++) {
            String email = names[i].toLowerCase().replace(' ', '.') + "@example.com";
            JsonNode ticket = server.admin("POST", "/api/tickets", "{\"name\":\"" + names[i] + "\",\"email\":\"" + email + "\"}")
                    .json().get("ticket");
            if (i < 22) {
                server.checkIn(ticket.get("code").asText(), i % 3 == 0 ? doorB : doorA);
            }
        }
        String ada = server.register("Ada Lovelace", "ada@example.com").get("code").asText();
        server.checkIn(ada, doorA);
        server.post("/api/checkins", "{\"code\":\"" + ada + "\",\"list\":\"how-workers-work\"}", doorA);
        server.checkIn(ada, doorB);
        server.checkIn("NOTAREALTICKET", doorB);

        signInAsOrganizer(Browser.Window.DESKTOP);
        awaitText("count-arrived", "23", SOON);
        await("the last scans", SOON, d -> recentRows().size() == 20);
        browser.screenshot("dashboard-laptop");
        browser.fullPageScreenshot("dashboard-laptop-full");
        assertThat(browser.consoleErrors()).isEmpty();
        assertThat(((Number) browser.script("return document.documentElement.scrollWidth - window.innerWidth")).intValue())
                .as("no sideways scrolling on a laptop").isLessThanOrEqualTo(0);

        // The chart over a whole evening, drawn by the page's own module with made-up arrivals.
        Object drawn = browser.driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                Promise.all([import('/dashboard/chart.js'), import('/js/event-clock.js')]).then(([chart, ec]) => {
                    const clock = ec.createEventClock('America/Los_Angeles', '18:00');
                    const arrivals = [];
                    for (let m = 0; m < 110; m++) {
                        const count = Math.round(9 * Math.exp(-((m - 25) ** 2) / 300)) + (m % 7 === 0 ? 1 : 0);
                        if (count) arrivals.push({minute: new Date(Date.UTC(2019, 1, 22, 1, 50 + m)).toISOString(), count});
                    }
                    const agenda = [{time: '18:00', title: 'Doors open, mingling, snacks, & drinks'},
                        {time: '18:30', title: 'Talk 1: How Workers Work'},
                        {time: '19:00', title: 'Talk 2: Security: the Serverless Future'},
                        {time: '19:30', title: 'Talk 3: Building a Serverless World (Map) with IoT and Workers'},
                        {time: '20:00', title: 'Q&A, mingling'}, {time: '20:30', title: 'Event conclusion'}];
                    // A chart of its own, beside the page's (which redraws on every snapshot).
                    const panel = document.createElement('section');
                    panel.className = 'card panel';
                    panel.id = 'evening';
                    panel.style.gridColumn = '1 / 2';
                    const box = document.createElement('div');
                    box.className = 'chart-box';
                    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
                    svg.setAttribute('class', 'chart');
                    box.append(svg);
                    panel.append(box);
                    document.querySelector('.panel-chart').after(panel);
                    const r = chart.drawArrivals(svg, {clock, arrivals, agenda, now: Date.UTC(2019, 1, 22, 3, 12)});
                    done(r.bucket + ' ' + svg.dataset.from + '-' + svg.dataset.to);
                }, (e) => done('failed: ' + e));
                """);
        assertThat(drawn).isEqualTo("1 17:30-21:00");
        assertThat(browser.findAll(By.cssSelector("#evening .agenda-label"))).hasSize(6);
        Files.createDirectories(Browser.SCREENSHOTS);
        Files.write(Browser.SCREENSHOTS.resolve("dashboard-chart-evening.png"),
                browser.find(By.id("evening")).getScreenshotAs(OutputType.BYTES));

        signInAsOrganizer(TABLET);
        await("the last scans", SOON, d -> recentRows().size() == 20);
        browser.screenshot("dashboard-tablet");
        browser.fullPageScreenshot("dashboard-tablet-full");
        Number overflow = (Number) browser.script("return document.documentElement.scrollWidth - window.innerWidth");
        assertThat(overflow.intValue()).as("no sideways scrolling on a tablet").isLessThanOrEqualTo(0);
    }
}
