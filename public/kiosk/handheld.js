// The handheld scanner (a keyboard wedge): listens to the whole page's keyboard, hands each
// scanned code on, and warns when the page has lost the keyboard focus a scanner types into.
import {byId} from '/js/dom.js';
import {createWedge} from '/kiosk/wedge.js';

/**
 * @param code    the vocabulary's ticketCode {length, alphabet, prefix}: the shape of what a scan
 *                types (this version tells a burst from typing by its speed alone)
 * @param onCode  text => ..., for each scanned code
 */
export function listenForScanner({code, onCode}) {
    const wedge = createWedge();
    document.addEventListener('keydown', (event) => {
        if (event.ctrlKey || event.metaKey || event.altKey) {
            return;
        }
        const scan = wedge.key(event.key, event.timeStamp);
        if (event.key === 'Enter' || event.key === 'Tab') {
            const target = event.target;
            if (scan) {
                // The burst may have been typed into the search field: take it back out.
                if (target instanceof HTMLInputElement && target.value.endsWith(scan.text)) {
                    target.value = target.value.slice(0, -scan.text.length);
                }
                event.preventDefault();
                onCode(scan.text);
            } else if (event.key === 'Enter') {
                // Enter never submits anything by accident.
                event.preventDefault();
            }
        }
    }, true);
    const warning = byId('focus-warning');
    window.addEventListener('blur', () => { warning.hidden = false; });
    window.addEventListener('focus', () => { warning.hidden = true; });
    warning.addEventListener('click', () => { warning.hidden = true; window.focus(); });
}
