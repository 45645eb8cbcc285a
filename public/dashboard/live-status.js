// The connection badge in the top bar: <body data-live> (off | connecting | live | reconnecting)
// colours it and, while reconnecting, shows the stale banner and greys the board.
import {setText} from '/js/dom.js';

export function showLive(state, wording) {
    document.body.dataset.live = state;
    setText('live-status', wording);
}
