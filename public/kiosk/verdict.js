// The verdict on the kiosk's screen: fills it, says it with an icon and words (never colour
// alone) and a sound, and clears by itself or when tapped. #verdict carries data-verdict (what it
// was) and data-tone (how it looks); <body> notes the last one for tests and benchmarks.
import {byId} from '/js/dom.js';
import {play} from '/kiosk/feedback.js';

export function createVerdictScreen() {
    const box = byId('verdict');
    let timer = null;

    function clear() {
        clearTimeout(timer);
        box.hidden = true;
    }

    box.addEventListener('click', clear);
    return {
        /** v: from verdictFor or troubleVerdict. */
        show(v) {
            clearTimeout(timer);
            box.dataset.verdict = v.kind;
            box.dataset.tone = v.tone;
            byId('verdict-icon').textContent = v.icon;
            byId('verdict-title').textContent = v.title;
            byId('verdict-detail').textContent = v.detail || '';
            box.hidden = false;
            document.body.dataset.lastVerdict = v.kind;
            document.body.dataset.lastVerdictAt = String(performance.now());
            play(v.tone);
            timer = setTimeout(clear, v.visibleMs);
        },
    };
}
