// The offline door as a volunteer sees it: a banner across the page while the kiosk is offline
// ("Offline — admitting by signature; 3 scans waiting"), or while scans made offline are still
// uploading, and a status line under the controls (how much of the offline list the device
// holds, whether the browser keeps it). State goes on <body>: data-connection, data-queued, data-offline-entries.
import {byId, setText} from '/js/dom.js';

export function mountOfflineBanner() {
    const state = {offline: false, queued: 0, entries: null, storage: ''};

    function scans(n) {
        return n === 1 ? '1 scan' : `${n} scans`;
    }

    function render() {
        const banner = byId('offline-banner');
        document.body.dataset.connection = state.offline ? 'offline' : 'online';
        document.body.dataset.queued = String(state.queued);
        if (state.entries !== null) {
            document.body.dataset.offlineEntries = String(state.entries);
        }
        if (state.offline) {
            setText(banner, `Offline — admitting by signature; ${scans(state.queued)} waiting`);
        } else if (state.queued > 0) {
            setText(banner, `Back online — uploading ${scans(state.queued)} made offline`);
        }
        banner.dataset.tone = state.offline ? 'offline' : 'uploading';
        banner.hidden = !state.offline && state.queued === 0;
        const list = state.entries === null ? 'Offline list: not synced yet' : `Offline list: ${state.entries} codes`;
        setText('offline-status', [list, state.storage].filter(Boolean).join(' · '));
    }

    render();
    return {
        offline(offline) {
            state.offline = offline;
            render();
        },
        queued(n) {
            state.queued = n;
            render();
        },
        synced(entries) {
            state.entries = entries;
            render();
        },
        /** What navigator.storage.persist() said (see pwa.js). */
        storage(wording) {
            state.storage = wording;
            render();
        },
    };
}
