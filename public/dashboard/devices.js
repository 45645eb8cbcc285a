// A device section of the staff actions (door kiosks, dashboard viewers; the role is the
// section's data-device-role): create one and get its pairing card, see the list with when each
// was last seen, revoke one with two clicks.
import {messageOf} from '/js/api.js';
import {element} from '/js/dom.js';
import {mountPairingCard} from '/dashboard/pairing-card.js';

const REFRESH_MS = 30000;
const CONFIRM_MS = 4000;

/**
 * @param section  the section element
 * @param api      the staff requests (staff.js)
 * @param clock    () => the event clock, for times of day
 */
export function mountDevices(section, {api, clock}) {
    const path = `/api/${section.dataset.deviceRole}s`;
    const form = section.querySelector('.device-form');
    const list = section.querySelector('.device-list');
    const error = section.querySelector('.device-error');
    const pairing = mountPairingCard(section.querySelector('.pairing'));
    let refreshTimer = null;

    async function refresh() {
        try {
            const r = await api.get(path);
            if (r && r.ok) {
                render(r.body[section.dataset.deviceRole + 's']);
            }
        } catch {
            // The live stream shows the connection state; the list catches up next time.
        }
    }

    function render(devices) {
        const sorted = [...devices].sort((a, b) => Number(a.revoked) - Number(b.revoked) || a.name.localeCompare(b.name));
        list.replaceChildren(...sorted.map((device) => {
            const seen = device.revoked ? 'revoked' : device.lastSeen ? `seen ${clock()?.time(device.lastSeen) ?? ''}` : 'not used yet';
            const li = element('li', {data: {deviceId: device.id, revoked: String(device.revoked)}},
                element('span', {class: 'device-who'}, element('b', {}, device.name), element('small', {}, seen)));
            if (!device.revoked) {
                li.append(element('button', {
                    type: 'button', class: 'button button-small button-quiet-danger', data: {deviceId: device.id, testid: 'revoke'},
                }, 'Revoke'));
            }
            return li;
        }));
    }

    async function create() {
        const input = form.querySelector('input[name="name"]');
        const button = form.querySelector('button[type="submit"]');
        error.textContent = '';
        button.disabled = true;
        try {
            const r = await api.post(path, {name: input.value.trim()});
            if (r && !r.ok) {
                error.textContent = messageOf(r);
            } else if (r) {
                input.value = '';
                pairing.show(r.body);
                refresh();
            }
        } catch {
            error.textContent = 'No connection to the server. Nothing was created.';
        } finally {
            button.disabled = false;
        }
    }

    async function revoke(button) {
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
        error.textContent = '';
        try {
            const r = await api.post(`${path}/${encodeURIComponent(button.dataset.deviceId)}/revoke`, {});
            if (r && !r.ok) {
                error.textContent = messageOf(r);
            }
        } catch {
            error.textContent = 'No connection to the server. The device was not revoked.';
        }
        refresh();
    }

    form.addEventListener('submit', (e) => {
        e.preventDefault();
        create();
    });
    list.addEventListener('click', (e) => {
        const button = e.target.closest('button[data-device-id]');
        if (button) {
            revoke(button);
        }
    });
    return {
        show() {
            refresh();
            clearInterval(refreshTimer);
            refreshTimer = setInterval(refresh, REFRESH_MS);
        },
        hide() {
            clearInterval(refreshTimer);
            refreshTimer = null;
            pairing.hide();
            list.replaceChildren();
            error.textContent = '';
        },
    };
}
