// Staff actions on the dashboard (organizer only): the attendee desk (the whole guest list, paged,
// and the walk-in form), door kiosks and dashboard viewers with their pairing QR codes, attendee
// look-up, guest-list import with a preview and progress, the check-ins CSV, the ticket mail, and
// the event itself (edited while Usher runs).
// The panels are mounted at the first sign-in, when the server's vocabulary is known.
import {getJson, patchJson, postJson, requestJson} from '/js/api.js';
import {byId} from '/js/dom.js';
import {mountAttendees} from '/dashboard/attendees.js';
import {mountCheckinsDownload} from '/dashboard/checkins-download.js';
import {mountDevices} from '/dashboard/devices.js';
import {mountEventEditor} from '/dashboard/event-editor.js';
import {mountGuestImport} from '/dashboard/guest-import.js';
import {mountLookup} from '/dashboard/lookup.js';
import {mountMailPanel} from '/dashboard/mail-panel.js';
import {mountWalkIn} from '/dashboard/walk-in.js';
import {mountWebhooks} from '/dashboard/webhooks-panel.js';

/**
 * @param onUnauthorized called on a 401: the organizer token stopped working
 * @param annulDialog    the page's annul dialog (annul-dialog.js)
 * @returns {show(session), hide()}; session: from session.js
 */
export function createStaff({onUnauthorized, annulDialog}) {
    let session = null;
    let panels = null;

    const checked = (r) => {
        if (r.status === 401) {
            onUnauthorized();
            return null;
        }
        return r;
    };
    /** Requests with the organizer token; each answers null after a 401 (which signs out). */
    const api = {
        token: () => session?.token,
        onUnauthorized,
        get: async (path) => checked(await getJson(path, api.token())),
        post: async (path, body) => checked(await postJson(path, body, api.token())),
        patch: async (path, body) => checked(await patchJson(path, body, api.token())),
        /** Any method with headers ({body, headers}); the answer carries the response headers. */
        request: async (method, path, {body, headers} = {}) => checked(await requestJson(method, path, {body, headers, token: api.token()})),
    };

    function mount({words, event}) {
        const lists = event.lists || [];
        const clock = () => session?.clock;
        // The device sections in the page, for the device roles the server knows.
        const devices = [...document.querySelectorAll('[data-device-role]')]
            .filter((section) => section.dataset.deviceRole in words.role)
            .map((section) => mountDevices(section, {api, clock}));
        const mail = mountMailPanel({api, clock, mailState: words.mailState});
        const onMailChanged = () => mail.refresh();
        const attendees = mountAttendees({api, lists, mainList: words.mainList, statuses: words.attendeeStatuses,
            sorts: words.attendeeSorts, search: words.search, mailState: words.mailState, clock, onMailChanged, annulDialog});
        return [attendees, mountWalkIn({api, lists}), ...devices,
            mountLookup({api, search: words.search, mailState: words.mailState, clock, onMailChanged}),
            mountGuestImport({api, onMailChanged}), mountCheckinsDownload({api}), mail, mountWebhooks({api, clock}),
            mountEventEditor({api})];
    }

    return {
        show(signedIn) {
            session = signedIn;
            panels ??= mount(session);
            byId('staff').hidden = false;
            panels.forEach((panel) => panel.show?.());
        },
        /** The event was edited (the board fetched it again): the panels that offer its lists show them anew. */
        eventChanged({event}) {
            panels?.forEach((panel) => panel.showLists?.(event.lists || []));
        },
        /** Signed out: stop, and take every token-bearing QR code and personal data off the screen. */
        hide() {
            session = null;
            byId('staff').hidden = true;
            panels?.forEach((panel) => panel.hide());
        },
    };
}
