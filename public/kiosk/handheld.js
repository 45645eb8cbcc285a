// The handheld scanner (keyboard wedge) on the kiosk page: every key goes to wedge.js, whatever
// has focus; a scan is handed on and taken back out of the text field it was typed into.
import {createWedge} from '/kiosk/wedge.js';

/**
 * @param code the ticket code's shape from /api/event (`vocabulary.ticketCode`)
 * @param onCode called with each scanned code
 */
export function listenForScanner({code, onCode}) {
    const wedge = createWedge({code});
    document.addEventListener('keydown', (event) => {
        if (event.ctrlKey || event.metaKey || event.altKey) {
            return;
        }
        // A held key repeats; a scanner never does, so repeats are a person.
        const scan = event.repeat ? null : wedge.key(event.key, event.timeStamp);
        if (scan) {
            takeOut(event.target, scan.typed);
            event.preventDefault();
            onCode(scan.text);
        } else if (event.key === 'Enter') {
            // Enter never submits anything by accident.
            event.preventDefault();
        }
    }, true);
    const warning = document.getElementById('focus-warning');
    window.addEventListener('blur', () => { warning.hidden = false; });
    window.addEventListener('focus', () => { warning.hidden = true; });
    warning.addEventListener('click', () => { warning.hidden = true; window.focus(); });
}

/**
 * The scanner typed into the focused field as well: remove what it typed, wherever the caret was,
 * and leave the rest and the caret as they were before the scan.
 */
function takeOut(field, typed) {
    if (!(field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement)) {
        return;
    }
    const at = field.value.lastIndexOf(typed);
    if (at < 0) {
        return;
    }
    field.value = field.value.slice(0, at) + field.value.slice(at + typed.length);
    if (field.selectionStart !== null) {
        field.setSelectionRange(at, at);
    }
    // The field's own listeners (the search) see the text as it is again.
    field.dispatchEvent(new Event('input', {bubbles: true}));
}
