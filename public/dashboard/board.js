// The board everyone signed in sees: follows the live stream of snapshots and hands each one to
// the panels; once a second it refreshes what changes with time alone (the event clock, ages,
// the countdown, the arrival rate and the warnings). An edited event (a snapshot naming another
// revision) is fetched again and its name, facts and agenda redrawn.
import {getJson} from '/js/api.js';
import {byId, element, setText} from '/js/dom.js';
import {formatDate, formatVenue} from '/js/event-format.js';
import {openLiveStream} from '/js/live.js';
import {renderCountdown, showAgenda} from '/dashboard/agenda-panel.js';
import {alertsFor} from '/dashboard/alerts.js';
import {clearAlerts, renderAlerts} from '/dashboard/alerts-panel.js';
import {mountChart} from '/dashboard/chart-panel.js';
import {clearConflicts, renderConflicts} from '/dashboard/conflicts-panel.js';
import {renderKiosks} from '/dashboard/kiosks-panel.js';
import {renderCounts, renderRate} from '/dashboard/kpis.js';
import {renderLists} from '/dashboard/lists-panel.js';
import {showLive} from '/dashboard/live-status.js';
import {createRecentScans} from '/dashboard/recent-scans.js';
import {withEvent} from '/dashboard/session.js';

/** The server's clock wins over this device's when they disagree by more than this. */
const SKEW_TOLERANCE_MS = 2000;

/**
 * @param onDenied     called when the server stops accepting the session's token
 * @param annulDialog  the page's annul dialog (annul-dialog.js), for the last scans' Annul buttons
 * @param onEventChanged called with the session once an edited event was fetched
 * @returns {show(session), hide()}; session: from session.js
 */
export function createBoard({onDenied, annulDialog, onEventChanged = () => {}}) {
    let session = null;
    let stream = null;
    let snapshot = null;
    let agenda = [];
    let receivedAt = 0;
    let skewMs = 0;
    const serverNow = () => Date.now() + skewMs;
    const recent = createRecentScans();
    const chart = mountChart(() => snapshot && session && {
        clock: session.clock, arrivals: snapshot.arrivalsPerMinute, agenda: session.event.agenda || [], now: serverNow(),
    });

    function follow() {
        showLive('connecting', 'connecting…');
        stream = openLiveStream('/api/stats/stream', {
            token: session.token,
            onOpen: (response) => {
                const date = Date.parse(response.headers.get('Date') || '');
                if (!Number.isNaN(date)) {
                    const skew = date - Date.now();
                    skewMs = Math.abs(skew) > SKEW_TOLERANCE_MS ? skew : 0;
                }
            },
            onEvent: (event) => {
                if (event.type === 'snapshot') {
                    render(JSON.parse(event.data));
                }
            },
            onStatus: (status) => {
                if (status === 'live') {
                    showLive('live', 'live');
                } else if (status === 'reconnecting') {
                    showLive('reconnecting', 'reconnecting…');
                    setText('stale-since', receivedAt ? session.clock.timeWithSeconds(receivedAt + skewMs) : 'earlier');
                } else if (status === 'denied') {
                    onDenied();
                }
            },
        });
    }

    let asking = false;
    /** Staff edited the event (the snapshot names another revision): its name, times and agenda are drawn again. */
    async function followEvent(revision) {
        if (!revision || revision === session.event.revision || asking) {
            return;
        }
        asking = true;
        try {
            const r = await getJson('/api/event');
            if (r.ok && r.body && session) {
                session = withEvent(session, r.body);
                showEvent(session);
                tick();
                chart.draw();
                onEventChanged(session);
            }
        } catch {
            // The next snapshot asks again.
        } finally {
            asking = false;
        }
    }

    function render(next) {
        snapshot = next;
        followEvent(next.event);
        receivedAt = Date.now();
        renderCounts(snapshot.stats, session.words.mainList);
        renderLists(snapshot.stats.lists, session.words.mainList);
        recent.render(snapshot.recent, session);
        renderConflicts(snapshot.conflicts || [], session);
        tick();
        chart.draw();
    }

    function tick() {
        if (!session) {
            return;
        }
        const now = serverNow();
        setText('event-clock', `${session.clock.timeWithSeconds(now)} event time`);
        renderCountdown(agenda, session.clock.minuteOf(now));
        if (!snapshot) {
            return;
        }
        renderKiosks(snapshot.stats.kiosks, now);
        renderRate(snapshot.arrivalsPerMinute, now);
        renderAlerts(alertsFor(snapshot, now, (instant) => session.clock.time(instant)));
    }

    function showEvent({event, clock}) {
        setText('event-name', event.name);
        byId('event-facts').replaceChildren(
            element('span', {}, formatDate(event.date)),
            element('span', {}, formatVenue(event.venue)),
            element('span', {id: 'event-clock', title: `Event time (${clock.zone || 'this device'})`}),
        );
        setText('chart-note', `Main door entries by time of day, event time (${clock.zone || 'this device’s zone'}).`);
        agenda = clock.placeAgenda(event.agenda);
        showAgenda(agenda);
    }

    function hide() {
        stream?.stop();
        stream = null;
        session = null;
        snapshot = null;
        receivedAt = 0;
        recent.clear();
        clearConflicts();
        clearAlerts();
        for (const id of ['lists', 'kiosks', 'agenda']) {
            byId(id).replaceChildren();
        }
        annulDialog.close();
        byId('board').hidden = true;
    }

    byId('recent').addEventListener('click', (e) => {
        const button = e.target.closest('button[data-checkin-id]');
        if (button) {
            annulDialog.open({checkinId: button.dataset.checkinId, what: button.dataset.what});
        }
    });
    setInterval(tick, 1000);
    return {
        show(next) {
            hide();
            session = next;
            byId('board').hidden = false;
            showEvent(session);
            tick();
            follow();
        },
        hide,
    };
}
