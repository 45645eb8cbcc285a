// Staff actions on the dashboard (organizer token only): door kiosks and dashboard viewers with
// their pairing QR codes, attendee look-up, guest-list import with progress, and the check-ins CSV.
import {getJson, postJson, messageOf} from '/js/api.js';

const DEVICE_REFRESH_MS = 30000;
const CONFIRM_MS = 4000;
const PROBLEMS_SHOWN = 10;
const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i;

const $ = (id) => document.getElementById(id);

/**
 * @param getToken       the organizer token, read at each request
 * @param onUnauthorized called on a 401: the token stopped working
 * @param clock          the event clock (for times of day), once signed in
 */
export function createStaffPanel({getToken, onUnauthorized, clock}) {
    const devices = ['kiosk', 'viewer'].map((role) => deviceSection(role));
    let refreshTimer = null;
    let lookupTimer = null;
    let lookupAsked = 0;

    for (const d of devices) {
        d.form.addEventListener('submit', (e) => {
            e.preventDefault();
            d.create();
        });
        d.section.querySelector('.pairing-done').addEventListener('click', () => d.hidePairing());
        d.section.querySelector('.pairing-copy').addEventListener('click', (e) => copyLink(d, e.currentTarget));
        d.list.addEventListener('click', (e) => {
            const button = e.target.closest('button[data-device-id]');
            if (button) {
                d.revoke(button);
            }
        });
    }
    $('lookup').addEventListener('input', () => {
        clearTimeout(lookupTimer);
        lookupTimer = setTimeout(lookup, 250);
    });
    $('lookup-results').addEventListener('click', (e) => {
        const button = e.target.closest('button[data-ticket-id]');
        if (button) {
            showTicketLink(button);
        }
    });
    $('import-form').addEventListener('submit', (e) => {
        e.preventDefault();
        importGuestList();
    });
    $('import-file').addEventListener('change', () => {
        $('import-error').textContent = '';
    });
    $('download-csv').addEventListener('click', downloadCsv);

    /** The answer, or null after handling a 401 (signed out). */
    function checked(r) {
        if (r.status === 401) {
            onUnauthorized();
            return null;
        }
        return r;
    }

    // ---------- Kiosks and viewers ----------

    function deviceSection(role) {
        const section = document.querySelector(`[data-device-role="${role}"]`);
        const d = {
            role,
            section,
            form: section.querySelector('.device-form'),
            list: section.querySelector('.device-list'),
            error: section.querySelector('.device-error'),
            pairing: section.querySelector('.pairing'),
            link: '',
        };
        d.refresh = async () => {
            try {
                const r = checked(await getJson(`/api/${role}s`, getToken()));
                if (r && r.ok) {
                    renderDevices(d, r.body[`${role}s`]);
                }
            } catch {
                // The live stream shows the connection state; the list catches up next time.
            }
        };
        d.create = async () => {
            const input = d.form.querySelector('input[name="name"]');
            const button = d.form.querySelector('button[type="submit"]');
            d.error.textContent = '';
            button.disabled = true;
            try {
                const r = checked(await postJson(`/api/${role}s`, {name: input.value.trim()}, getToken()));
                if (!r) {
                    return;
                }
                if (!r.ok) {
                    d.error.textContent = messageOf(r);
                    return;
                }
                input.value = '';
                showPairing(d, r.body);
                d.refresh();
            } catch {
                d.error.textContent = 'No connection to the server. Nothing was created.';
            } finally {
                button.disabled = false;
            }
        };
        d.revoke = async (button) => {
            // Two clicks: revoking cuts a device off at once, mid-scan if need be.
            if (button.dataset.confirm !== 'yes') {
                button.dataset.confirm = 'yes';
                button.textContent = 'Really revoke?';
                setTimeout(() => {
                    if (button.isConnected && !button.disabled) {
                        button.dataset.confirm = 'no';
                        button.textContent = 'Revoke';
                    }
                }, CONFIRM_MS);
                return;
            }
            button.disabled = true;
            d.error.textContent = '';
            try {
                const r = checked(await postJson(`/api/${role}s/${encodeURIComponent(button.dataset.deviceId)}/revoke`, {}, getToken()));
                if (r && !r.ok) {
                    d.error.textContent = messageOf(r);
                }
            } catch {
                d.error.textContent = 'No connection to the server. The device was not revoked.';
            }
            d.refresh();
        };
        d.hidePairing = () => {
            d.pairing.hidden = true;
            d.pairing.querySelector('.pairing-qr').removeAttribute('src');
            const a = d.pairing.querySelector('.pairing-link');
            a.removeAttribute('href');
            a.textContent = '';
            d.link = '';
        };
        return d;
    }

    function showPairing(d, created) {
        d.link = created.pairingLink;
        d.pairing.querySelector('.pairing-name').textContent = created.name;
        d.pairing.querySelector('.pairing-qr').src = created.pairingQr;
        const a = d.pairing.querySelector('.pairing-link');
        a.href = created.pairingUrl;
        a.textContent = created.pairingLink;
        d.pairing.querySelector('.pairing-copy').textContent = 'Copy link';
        // The server builds the link from the address this page was opened at: "localhost" in a
        // tablet's QR code leads nowhere.
        const host = hostOf(created.pairingLink);
        d.pairing.querySelector('.pairing-host').textContent = host;
        d.pairing.querySelector('.pairing-warning').hidden = !LOOPBACK.test(host);
        d.pairing.hidden = false;
    }

    async function copyLink(d, button) {
        try {
            await navigator.clipboard.writeText(d.link);
            button.textContent = 'Copied';
        } catch {
            button.textContent = 'Select the link to copy it';
        }
    }

    function renderDevices(d, list) {
        const sorted = [...list].sort((a, b) => Number(a.revoked) - Number(b.revoked) || a.name.localeCompare(b.name));
        d.list.replaceChildren(...sorted.map((device) => {
            const li = document.createElement('li');
            li.dataset.deviceId = device.id;
            li.dataset.revoked = String(device.revoked);
            const who = document.createElement('span');
            who.className = 'device-who';
            const name = document.createElement('b');
            name.textContent = device.name;
            const seen = document.createElement('small');
            seen.textContent = device.revoked ? 'revoked'
                : device.lastSeen ? `seen ${clock()?.time(device.lastSeen) ?? ''}` : 'not used yet';
            who.append(name, seen);
            li.append(who);
            if (!device.revoked) {
                const revoke = document.createElement('button');
                revoke.type = 'button';
                revoke.className = 'button button-small button-quiet-danger';
                revoke.textContent = 'Revoke';
                revoke.dataset.deviceId = device.id;
                revoke.dataset.testid = 'revoke';
                li.append(revoke);
            }
            return li;
        }));
    }

    // ---------- Attendee look-up ----------

    async function lookup() {
        const q = $('lookup').value.trim();
        const note = $('lookup-note');
        if (q.length < 3) {
            $('lookup-results').replaceChildren();
            note.textContent = q.length ? 'Type at least 3 letters.' : '';
            return;
        }
        const mine = ++lookupAsked;
        try {
            const r = checked(await getJson(`/api/tickets?q=${encodeURIComponent(q)}`, getToken()));
            if (!r || mine !== lookupAsked) {
                return;
            }
            if (!r.ok) {
                note.textContent = messageOf(r);
                return;
            }
            const found = r.body.tickets;
            note.textContent = found.length === 0 ? 'Nobody found.' : found.length >= 8 ? 'The first 8 matches: type more to narrow down.' : '';
            $('lookup-results').replaceChildren(...found.map(lookupItem));
        } catch {
            note.textContent = 'No connection to the server.';
        }
    }

    function lookupItem(ticket) {
        const li = document.createElement('li');
        li.dataset.ticketId = ticket.id;
        li.dataset.cancelled = String(ticket.cancelled);
        const who = document.createElement('span');
        who.className = 'lookup-who';
        const name = document.createElement('b');
        name.textContent = ticket.name;
        const email = document.createElement('small');
        email.textContent = ticket.cancelled ? `${ticket.email} · cancelled` : ticket.email;
        who.append(name, email);
        const show = document.createElement('button');
        show.type = 'button';
        show.className = 'button button-small';
        show.textContent = 'Ticket';
        show.dataset.ticketId = ticket.id;
        li.append(who, show);
        return li;
    }

    /** The ticket page (with its QR code) for an attendee who lost theirs. */
    async function showTicketLink(button) {
        button.disabled = true;
        try {
            const r = checked(await getJson(`/api/tickets/${encodeURIComponent(button.dataset.ticketId)}`, getToken()));
            if (!r) {
                return;
            }
            if (!r.ok || !r.body.ticket.url) {
                button.textContent = r.ok ? 'No valid code' : 'Failed';
                return;
            }
            const a = document.createElement('a');
            a.className = 'button button-small';
            a.href = r.body.ticket.url;
            a.target = '_blank';
            a.rel = 'noopener';
            a.textContent = 'Open ticket';
            button.replaceWith(a);
        } catch {
            button.disabled = false;
            button.textContent = 'Retry';
        }
    }

    // ---------- Guest-list import ----------

    function importGuestList() {
        const file = $('import-file').files[0];
        const form = $('import-form');
        $('import-error').textContent = '';
        if (!file) {
            $('import-error').textContent = 'Choose a CSV file first.';
            return;
        }
        $('import-report').hidden = true;
        form.dataset.state = 'uploading';
        $('import-submit').disabled = true;
        setProgress(0, file.size);
        // XMLHttpRequest rather than fetch: it reports upload progress, which a large list needs.
        const xhr = new XMLHttpRequest();
        xhr.open('POST', '/api/tickets/import');
        xhr.setRequestHeader('Authorization', `Bearer ${getToken()}`);
        xhr.setRequestHeader('Content-Type', 'text/csv');
        xhr.setRequestHeader('Accept', 'application/json');
        xhr.upload.onprogress = (e) => setProgress(e.loaded, e.lengthComputable ? e.total : file.size);
        xhr.upload.onload = () => {
            form.dataset.state = 'processing';
            $('import-progress-text').textContent = 'Uploaded; creating tickets…';
        };
        xhr.onload = () => {
            const finished = () => {
                $('import-submit').disabled = false;
            };
            let answer = null;
            try {
                answer = JSON.parse(xhr.responseText);
            } catch {
                answer = null;
            }
            finished();
            if (xhr.status === 401) {
                form.dataset.state = 'idle';
                onUnauthorized();
                return;
            }
            if (xhr.status < 200 || xhr.status >= 300 || !answer) {
                form.dataset.state = 'failed';
                $('import-progress-text').textContent = '';
                $('import-error').textContent = messageOf({body: answer}, `The import failed (HTTP ${xhr.status}).`);
                return;
            }
            form.dataset.state = 'done';
            $('import-progress-text').textContent = `${file.name}: done`;
            showReport(answer);
            $('import-file').value = '';
        };
        xhr.onerror = () => {
            form.dataset.state = 'failed';
            $('import-submit').disabled = false;
            $('import-progress-text').textContent = '';
            $('import-error').textContent = 'The upload was interrupted (no connection). Nothing may have been imported: '
                + 'importing the same file again skips the people already there.';
        };
        xhr.send(file);
    }

    function setProgress(loaded, total) {
        $('import-progress').max = Math.max(1, total);
        $('import-progress').value = Math.min(loaded, Math.max(1, total));
        const percent = total ? Math.round((100 * loaded) / total) : 0;
        $('import-progress-text').textContent = `Uploading ${percent}% (${kilobytes(loaded)} of ${kilobytes(total)})`;
    }

    function showReport(report) {
        $('import-created').textContent = String(report.created);
        $('import-skipped').textContent = String(report.skippedCount);
        $('import-bad').textContent = String(report.badCount);
        $('import-encoding').textContent = report.encoding ? `Read as ${report.encoding}.` : '';
        const problems = [
            ...(report.bad || []).map((p) => ({...p, kind: 'bad'})),
            ...(report.skipped || []).map((p) => ({...p, kind: 'skipped'})),
        ].sort((a, b) => a.line - b.line);
        const shown = problems.slice(0, PROBLEMS_SHOWN).map((p) => {
            const li = document.createElement('li');
            li.dataset.kind = p.kind;
            li.dataset.line = String(p.line);
            const where = document.createElement('b');
            where.textContent = `Line ${p.line}${p.email ? ` (${p.email})` : ''}:`;
            li.append(where, ` ${p.kind === 'bad' ? 'not imported' : 'skipped'}: ${p.reason}`);
            return li;
        });
        const total = (report.badCount || 0) + (report.skippedCount || 0);
        if (total > shown.length) {
            const more = document.createElement('li');
            more.className = 'hint';
            more.textContent = `… and ${total - shown.length} more.`;
            shown.push(more);
        }
        $('import-problems').replaceChildren(...shown);
        $('import-report').hidden = false;
    }

    // ---------- Check-ins as CSV ----------

    async function downloadCsv() {
        const button = $('download-csv');
        $('download-error').textContent = '';
        button.disabled = true;
        try {
            const response = await fetch('/api/checkins.csv', {
                headers: {Authorization: `Bearer ${getToken()}`}, cache: 'no-store',
            });
            if (response.status === 401) {
                onUnauthorized();
                return;
            }
            if (!response.ok) {
                let answer = null;
                try {
                    answer = await response.json();
                } catch {
                    answer = null;
                }
                $('download-error').textContent = messageOf({body: answer}, `The download failed (HTTP ${response.status}).`);
                return;
            }
            const url = URL.createObjectURL(await response.blob());
            const a = document.createElement('a');
            a.href = url;
            a.download = 'checkins.csv';
            document.body.append(a);
            a.click();
            a.remove();
            setTimeout(() => URL.revokeObjectURL(url), 10000);
        } catch {
            $('download-error').textContent = 'No connection to the server.';
        } finally {
            button.disabled = false;
        }
    }

    return {
        show() {
            devices.forEach((d) => d.refresh());
            clearInterval(refreshTimer);
            refreshTimer = setInterval(() => devices.forEach((d) => d.refresh()), DEVICE_REFRESH_MS);
        },
        /** Signed out: stop, and take every token-bearing QR code and personal data off the screen. */
        hide() {
            clearInterval(refreshTimer);
            refreshTimer = null;
            for (const d of devices) {
                d.hidePairing();
                d.list.replaceChildren();
                d.error.textContent = '';
            }
            lookupAsked++;
            $('lookup').value = '';
            $('lookup-note').textContent = '';
            $('lookup-results').replaceChildren();
            $('import-report').hidden = true;
            $('import-problems').replaceChildren();
            $('import-error').textContent = '';
            $('import-progress-text').textContent = '';
            $('import-form').dataset.state = 'idle';
        },
    };
}

function hostOf(link) {
    try {
        return new URL(link).hostname;
    } catch {
        return '';
    }
}

function kilobytes(bytes) {
    return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} kB`;
}
