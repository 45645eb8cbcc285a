package dev.usher.web;

import dev.usher.Browser;
import dev.usher.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages' decisions, made by modules that do not touch the page: the dashboard's warnings and
 * kiosk health, the kiosk's verdicts, the ticket page's problems. Each case imports the module the
 * page uses into headless Chromium and asks it, with the vocabulary the real server publishes.
 */
class PageLogicTest {
    /** 2019-02-22 02:30 UTC: the seed event's evening (18:30 in Oakland). */
    static final String NOW = "Date.parse('2019-02-22T02:30:00Z')";

    @TempDir
    static Path data;
    static TestServer server;
    static Browser browser;

    @BeforeAll
    static void open() {
        server = TestServer.start(data);
        browser = Browser.desktop();
        browser.driver().manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        browser.get(server.baseUrl() + "/");
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
        server.close();
    }

    /**
     * Runs the body of an async function in the page and returns what it returns. In scope: {@code
     * words} (vocabularyOf the server's vocabulary), {@code now} (NOW in ms) and {@code ago(minutes)}
     * (an ISO instant that many minutes before now).
     */
    private static Object ask(String body) {
        Object answer = browser.driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                (async () => {
                    const {vocabularyOf} = await import('/js/vocabulary.js');
                    const words = vocabularyOf((await (await fetch('/api/event')).json()).vocabulary);
                    const now = %s;
                    const ago = (minutes) => new Date(now - minutes * 60000).toISOString();
                    %s
                })().then(done, (e) => done('failed: ' + e));
                """.formatted(NOW, body));
        assertThat(String.valueOf(answer)).doesNotStartWith("failed:");
        return answer;
    }

    @Test
    void a_kiosk_goes_round_the_nodes_its_pairing_link_names_when_one_does_not_answer_and_stays_where_it_is_answered() {
        Object tour = ask("""
                const {pairingNodesIn, pairingTokenIn} = await import('/js/pairing.js');
                const {createNodes} = await import('/kiosk/nodes.js');
                const link = 'https://a.lan:7443/kiosk/#pair=' + 'x'.repeat(24) + '&nodes=https://a.lan:7443,https://b.lan:7443,ftp://c.lan';
                const home = 'https://a.lan:7443';
                const nodes = createNodes({home, named: pairingNodesIn(link)});
                const seen = [nodes.url('/api/me'), nodes.count];
                seen.push(nodes.failed(home), nodes.url('/api/me'));
                seen.push(nodes.failed(home), nodes.current);          // a late failure of the node it already left
                seen.push(nodes.failed('https://b.lan:7443'), nodes.current);
                nodes.learn(['https://b.lan:7443/', 'https://c.lan', 'javascript:alert(1)']);
                seen.push(nodes.count, nodes.current);
                const again = createNodes({home});                      // the page reloaded: the list and the choice kept
                seen.push(again.current, again.count, document.body.dataset.node);
                seen.push(pairingTokenIn(link) === 'x'.repeat(24), pairingNodesIn('#pair=' + 'y'.repeat(24)).length);
                return seen;
                """);
        assertThat(tour).isEqualTo(List.of("/api/me", 2L, true, "https://b.lan:7443/api/me", false, "https://b.lan:7443",
                true, "https://a.lan:7443", 3L, "https://a.lan:7443", "https://a.lan:7443", 3L, "https://a.lan:7443", true, 0L));
    }

    @Test
    void three_invalid_codes_within_two_minutes_at_one_kiosk_are_a_burst_and_fewer_or_slower_are_not() {
        Object bursts = ask("""
                const {invalidBursts} = await import('/dashboard/alerts.js');
                const invalid = (kiosk, minutes) => ({kiosk, reason: 'invalid', at: ago(minutes)});
                const cases = {
                    three: [invalid('Door A', 3), invalid('Door A', 2), invalid('Door A', 1.5)],
                    two: [invalid('Door A', 2), invalid('Door A', 1)],
                    spread: [invalid('Door A', 9), invalid('Door A', 6), invalid('Door A', 3)],
                    twoDoors: [invalid('Door A', 2), invalid('Door B', 1.5), invalid('Door A', 1)],
                    longAgo: [invalid('Door A', 14), invalid('Door A', 13), invalid('Door A', 12)],
                    notInvalid: [1, 2, 3].map((m) => ({kiosk: 'Door A', reason: 'already_redeemed', at: ago(m)})),
                };
                return Object.fromEntries(Object.entries(cases).map(([name, recent]) =>
                    [name, invalidBursts(recent, now).map((b) => `${b.kiosk} ${b.count}`)]));
                """);
        assertThat(bursts).isEqualTo(Map.of("three", List.of("Door A 3"), "two", List.of(), "spread", List.of(),
                "twoDoors", List.of(), "longAgo", List.of(), "notInvalid", List.of()));
    }

    @Test
    void a_kiosk_is_ok_not_used_yet_possibly_dead_after_two_silent_minutes_or_revoked() {
        Object health = ask("""
                const {healthBadge, kioskHealth} = await import('/dashboard/kiosk-health.js');
                return [
                    {lastSeen: ago(1)}, {lastSeen: null}, {lastSeen: ago(2.5)}, {lastSeen: ago(0), revoked: true},
                ].map((k) => kioskHealth(k, now) + ' ' + healthBadge(kioskHealth(k, now)));
                """);
        assertThat(health).isEqualTo(List.of("ok ", "never not used yet", "silent possibly dead", "revoked revoked"));
    }

    @Test
    void the_warnings_name_the_door_with_the_burst_and_the_kiosk_gone_silent() {
        Object alerts = ask("""
                const {alertsFor} = await import('/dashboard/alerts.js');
                const snapshot = {
                    recent: [1, 1.2, 1.4].map((m) => ({kiosk: 'Door B', reason: 'invalid', at: ago(m)})),
                    stats: {kiosks: [{name: 'Door A', lastSeen: ago(0.5)}, {name: 'Side door', lastSeen: ago(7)}]},
                };
                return alertsFor(snapshot, now, (t) => new Date(t).toISOString().slice(11, 16))
                    .map((a) => a.kind + ': ' + a.text);
                """);
        assertThat(alerts).asList().hasSize(2);
        assertThat(((List<?>) alerts).get(0).toString()).startsWith("invalid-burst: Door B: 3 invalid codes within 2 minutes")
                .contains("last at 02:29");
        assertThat(((List<?>) alerts).get(1).toString()).isEqualTo(
                "kiosk-silent: Side door not seen for 7 min: possibly dead (battery, Wi-Fi, closed browser?).");
    }

    @Test
    void the_kiosk_verdict_takes_the_answers_title_and_its_colour_from_the_reasons_tone() {
        Object verdicts = ask("""
                const {verdictFor} = await import('/kiosk/verdicts.js');
                const facts = {words, lists: [{id: 'main', name: 'Main door'}, {id: 'talk-1', name: 'Talk 1'}],
                               time: (t) => new Date(t).toISOString().slice(11, 16)};
                const ada = {name: 'Ada Lovelace'};
                const answers = [
                    {status: 201, body: {status: 'ok', title: 'Welcome, Ada Lovelace', ticket: ada, list: 'main', type: 'entry'}},
                    {status: 201, body: {status: 'ok', title: 'Goodbye, Ada Lovelace', ticket: ada, list: 'talk-1', type: 'exit'}},
                    {status: 200, body: {status: 'error', reason: 'already_redeemed', title: 'Already checked in', ticket: ada,
                                         list: 'main', firstCheckin: {at: '2019-02-22T02:04:00Z', kiosk: 'Door A'}}},
                    {status: 200, body: {status: 'error', reason: 'not_inside', title: 'Not checked in here', ticket: ada, list: 'talk-1'}},
                    {status: 200, body: {status: 'error', reason: 'canceled', title: 'Ticket cancelled', ticket: ada, list: 'main'}},
                    {status: 404, body: {status: 'error', reason: 'invalid', title: 'Not a valid ticket', ticket: null, list: 'main'}},
                    {status: 401, body: {error: 'unauthorized', message: 'No.'}},
                    {status: 500, body: null},
                ];
                return answers.map((r) => verdictFor(r, facts))
                    .map((v) => [v.kind, v.tone, v.icon, v.title, v.detail, v.visibleMs].join(' | '));
                """);
        assertThat(verdicts).isEqualTo(List.of(
                "ok | ok | ✓ | Welcome, Ada Lovelace |  | 2000",
                "ok | ok | ✓ | Goodbye, Ada Lovelace | Talk 1 | 2000",
                "already | warning | ! | Already checked in | Ada Lovelace · at 02:04 at Door A | 5000",
                "already | warning | ! | Not checked in here | Ada Lovelace · Talk 1 | 5000",
                "canceled | refused | ✕ | Ticket cancelled | Ada Lovelace | 5000",
                "invalid | refused | ✕ | Not a valid ticket |  | 5000",
                "error | refused | ✕ | This kiosk was unpaired by staff | Ask staff for a new pairing link. | 5000",
                "error | refused | ✕ | Not recorded | Something went wrong. Please try again. | 5000"));
    }

    @Test
    void the_ticket_page_words_a_refusal_with_the_vocabulary_and_its_own_troubles_itself() {
        Object problems = ask("""
                const {ticketProblem} = await import('/js/ticket-problem.js');
                return [
                    ticketProblem('revoked', words), ticketProblem('canceled', words), ticketProblem('invalid', words),
                    ticketProblem('offline', words), ticketProblem('revoked', null),
                ].map((p) => p.title + ' | ' + p.detail.split('.')[0]);
                """);
        assertThat(problems).isEqualTo(List.of(
                "Ticket replaced | A newer code was issued for this ticket, so this one no longer works",
                "Ticket cancelled | It can no longer be used to enter",
                "Not a valid ticket | This link does not match any ticket for this event",
                "Your ticket could not be loaded | There is no connection to the server",
                "Your ticket could not be loaded | The server had a problem"));
    }

    @Test
    void the_last_scans_say_who_and_the_verdict_in_the_vocabularys_words() {
        Object rows = ask("""
                const {scanVerdict, scanWho} = await import('/dashboard/scan-wording.js');
                return [
                    {status: 'ok', type: 'entry', name: 'Ada Lovelace'},
                    {status: 'ok', type: 'exit', name: 'Ada Lovelace'},
                    {status: 'ok', type: 'entry', name: 'Ada Lovelace', annulled: true},
                    {status: 'error', reason: 'already_redeemed', name: 'Ada Lovelace'},
                    {status: 'error', reason: 'invalid', name: null},
                    {status: 'error', reason: 'something_newer', name: null},
                ].map((scan) => scanWho(scan) + ' | ' + scanVerdict(scan, words));
                """);
        assertThat(rows).isEqualTo(List.of("Ada Lovelace | ✓ admitted", "Ada Lovelace | ↩ let out", "Ada Lovelace | annulled",
                "Ada Lovelace | ✕ Already checked in", "invalid code | ✕ Not a valid ticket", "— | ✕ something_newer"));
    }

    @Test
    void the_arrival_rate_counts_the_last_five_whole_minutes_and_the_agenda_knows_what_is_next() {
        Object answer = ask("""
                const {arrivalRate} = await import('/dashboard/arrival-rate.js');
                const {agendaAt} = await import('/dashboard/agenda.js');
                const {countdown, duration} = await import('/dashboard/durations.js');
                const {createEventClock} = await import('/js/event-clock.js');
                const minute = (m) => ({minute: new Date(Math.floor(now / 60000) * 60000 - m * 60000).toISOString(), count: 3});
                const rate = arrivalRate([minute(0), minute(2), minute(4), minute(5), minute(30)], now);
                const clock = createEventClock('America/Los_Angeles', '18:00');
                const items = clock.placeAgenda([{time: '19:00', title: 'Talk 2'}, {time: '18:00', title: 'Doors'},
                                                 {time: 'soon', title: 'Untimed'}, {time: '18:30', title: 'Talk 1'}]);
                const at = agendaAt(items, clock.minuteOf(now + 60000));
                return [`${rate.count} in ${rate.minutes} min: ${rate.rate}/min`, items.map((i) => i.title).join(', '),
                        `${at.current.title} now, ${at.next.title} next`, items.map((i) => at.when(i.at)).join(' '),
                        countdown(125000), countdown(2 * 3600000 + 300000), duration(59000)];
                """);
        assertThat(answer).isEqualTo(List.of("9 in 5 min: 1.8/min", "Doors, Talk 1, Talk 2", "Talk 1 now, Talk 2 next",
                "past now next", "2:05", "2 h 5 min", "59 s"));
    }

    @Test
    void a_pairing_token_is_found_in_a_whole_link_or_a_fragment_and_nowhere_else() {
        Object tokens = ask("""
                const {pairingTokenIn} = await import('/js/pairing.js');
                const token = 'abcdefghij_KLMNOPQRST-0123';
                return [`http://192.168.1.20:7070/kiosk/#pair=${token}`, `#pair=${token}`, ` #pair=${token}\\n`,
                        '#pair=short', token, ''].map((text) => String(pairingTokenIn(text)));
                """);
        assertThat(tokens).isEqualTo(List.of("abcdefghij_KLMNOPQRST-0123", "abcdefghij_KLMNOPQRST-0123",
                "abcdefghij_KLMNOPQRST-0123", "null", "null", "null"));
    }

    @Test
    void the_dashboard_says_what_became_of_a_mail_and_of_a_tickets_mail() {
        Object lines = ask("""
                const {mailTime, retryNote, ticketMailLine} = await import('/dashboard/mail-state.js');
                const time = (t) => new Date(t).toISOString().slice(11, 16);
                const said = words.mailState;
                return [
                    ticketMailLine(null, time, said),
                    ticketMailLine({state: 'never', at: null, error: null}, time, said),
                    ticketMailLine({state: 'queued', at: ago(1)}, time, said),
                    ticketMailLine({state: 'sent', at: ago(0)}, time, said),
                    ticketMailLine({state: 'failed', at: ago(2), error: '554 no such user'}, time, said),
                    retryNote({state: 'queued', attempts: 0}, time),
                    retryNote({state: 'queued', attempts: 2, nextAttemptAt: ago(-5)}, time),
                    retryNote({state: 'failed', attempts: 1}, time),
                    time(mailTime({state: 'sent', createdAt: ago(3), sentAt: ago(1)})),
                    time(mailTime({state: 'failed', createdAt: ago(3), sentAt: null, failedAt: ago(2)})),
                ];
                """);
        assertThat(lines).isEqualTo(List.of("Ticket mail: not sent yet", "Ticket mail: not sent yet",
                "Ticket mail: queued 02:29", "Ticket mail: sent 02:30", "Ticket mail: failed 02:28: 554 no such user",
                "", "attempt 2 failed; next try 02:35", "", "02:29", "02:28"));
    }

    @Test
    void the_attendees_panel_asks_for_a_page_or_a_search_and_says_where_a_guest_is() {
        Object answers = ask("""
                const {attendeesQuery, presence} = await import('/dashboard/attendee-query.js');
                const min = words.search.minChars;
                const time = (t) => new Date(t).toISOString().slice(11, 16);
                return [
                    attendeesQuery({limit: 100, cursor: null, q: '', status: '', list: 'main', sort: 'name'}, min).path,
                    attendeesQuery({limit: 100, cursor: 'abc', q: ' a ', status: 'absent', list: 'main', sort: 'arrived'}, min).path,
                    attendeesQuery({limit: 100, cursor: 'abc', q: ' Grace H ', status: 'absent', list: 'main', sort: 'name'}, min).mode,
                    attendeesQuery({limit: 100, cursor: 'abc', q: ' Grace H ', status: 'absent', list: 'main', sort: 'name'}, min).path,
                    presence({cancelled: true, arrivedAt: ago(5), inside: true}, time).state,
                    presence({cancelled: false, arrivedAt: ago(5), inside: true}, time).text,
                    presence({cancelled: false, arrivedAt: ago(5), inside: false}, time).text,
                    presence({cancelled: false, arrivedAt: null, inside: false}, time).text,
                    presence({cancelled: false, inside: false}, time).text,
                    presence({cancelled: false, inside: true}, time).text,
                ];
                """);
        assertThat(answers).isEqualTo(List.of(
                "/api/tickets?limit=100&list=main&sort=name",
                "/api/tickets?limit=100&cursor=abc&status=absent&list=main&sort=arrived",
                "search", "/api/tickets?q=Grace+H",
                "cancelled", "Arrived 02:25 · inside", "Arrived 02:25 · left", "Not arrived", "Not inside", "Inside"));
    }
}
