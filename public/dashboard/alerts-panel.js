// The warnings above the board (from alerts.js), rewritten only when they change so a screen
// reader announces each one once.
import {byId, element} from '/js/dom.js';

export function renderAlerts(alerts) {
    const list = byId('alerts');
    const key = JSON.stringify(alerts);
    if (list.dataset.key === key) {
        return;
    }
    list.dataset.key = key;
    list.replaceChildren(...alerts.map((a) => element('li', {class: 'alert', data: {kind: a.kind}}, a.text)));
}

export function clearAlerts() {
    renderAlerts([]);
}
