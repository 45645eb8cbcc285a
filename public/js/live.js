// Server-Sent Events read with fetch, so the request can carry `Authorization: Bearer …`
// (EventSource cannot send headers). Parses the SSE wire format itself, reconnects with backoff
// sending Last-Event-ID, and treats a stream that stays silent past the heartbeats as dead.
//
//   const stream = openLiveStream('/api/stats/stream', {     // or () => the URL, read at each connect
//       token,
//       onEvent: ({type, data, id}) => ...,        // every dispatched event ("message" if unnamed)
//       onStatus: (status, detail) => ...,         // 'connecting' | 'live' | 'reconnecting' | 'denied' | 'stopped'
//       onOpen: (response) => ...,                 // optional: each accepted connection (e.g. its Date header)
//       silenceLimitMs: 40000,                     // optional: no byte for this long = a dead connection
//   });
//   stream.stop();
//
// 'live' is reported when the first event of a connection arrives (not when the headers do: a
// proxy may answer and then say nothing). 'denied' (401/403: the token was revoked) stops for good.

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 5000;
/** The server sends a heartbeat comment every 15 s: two missed in a row mean the connection is gone. */
const SILENCE_LIMIT_MS = 40000;

export function openLiveStream(url, {
    token, onEvent, onStatus = () => {}, onOpen = () => {}, silenceLimitMs = SILENCE_LIMIT_MS,
}) {
    let stopped = false;
    let lastId = '';
    let delay = FIRST_DELAY_MS;
    let controller = null;
    let retryTimer = null;
    let silenceTimer = null;
    let current = null;

    const status = (s, detail) => {
        if (!stopped || s === 'stopped' || s === 'denied') {
            current = s;
            onStatus(s, detail);
        }
    };

    async function connect() {
        retryTimer = null;
        if (stopped) {
            return;
        }
        controller = new AbortController();
        const mine = controller;
        const headers = {Accept: 'text/event-stream'};
        if (token) {
            headers.Authorization = `Bearer ${token}`;
        }
        if (lastId) {
            headers['Last-Event-ID'] = lastId;
        }
        let reason;
        try {
            armSilenceTimer(mine);
            const response = await fetch(typeof url === 'function' ? url() : url, {headers, cache: 'no-store', signal: mine.signal});
            if (response.status === 401 || response.status === 403) {
                stopped = true;
                clearTimeout(silenceTimer);
                window.removeEventListener('online', retryNow);
                mine.abort();
                status('denied', {status: response.status});
                return;
            }
            const type = response.headers.get('Content-Type') || '';
            if (!response.ok || !response.body || !type.startsWith('text/event-stream')) {
                mine.abort();
                reason = `HTTP ${response.status}`;
            } else {
                try {
                    onOpen(response);
                } catch (e) {
                    console.error('live onOpen failed', e);
                }
                await read(response, mine);
                reason = 'the stream ended';
            }
        } catch (e) {
            reason = mine.signal.aborted && mine.signal.reason === 'silent'
                ? `nothing received for ${silenceLimitMs / 1000} s`
                : (e && e.message) || 'no connection';
        } finally {
            clearTimeout(silenceTimer);
            mine.abort('done');
        }
        if (stopped) {
            return;
        }
        status('reconnecting', {reason, retryInMs: delay});
        retryTimer = setTimeout(connect, delay);
        delay = Math.min(delay * 2, MAX_DELAY_MS);
    }

    function armSilenceTimer(mine) {
        clearTimeout(silenceTimer);
        silenceTimer = setTimeout(() => mine.abort('silent'), silenceLimitMs);
    }

    async function read(response, mine) {
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        const parser = createParser((event) => {
            lastId = event.id ?? lastId;
            if (mine !== controller || stopped) {
                return;
            }
            delay = FIRST_DELAY_MS;
            if (current !== 'live') {
                status('live');
            }
            try {
                onEvent(event);
            } catch (e) {
                // A page's bug must not look like a dead connection (and reconnect in a loop).
                console.error('live event handler failed', e);
            }
        }, (id) => {
            lastId = id;
        });
        for (;;) {
            const {value, done} = await reader.read();
            if (done) {
                return;
            }
            armSilenceTimer(mine);
            parser.push(value);
        }
    }

    // A laptop waking up or getting Wi-Fi back should not sit out the rest of a backoff.
    const retryNow = () => {
        if (retryTimer !== null && !stopped) {
            clearTimeout(retryTimer);
            delay = FIRST_DELAY_MS;
            connect();
        }
    };
    window.addEventListener('online', retryNow);

    status('connecting');
    connect();

    return {
        stop() {
            if (stopped) {
                return;
            }
            stopped = true;
            clearTimeout(retryTimer);
            clearTimeout(silenceTimer);
            window.removeEventListener('online', retryNow);
            controller?.abort('stopped');
            status('stopped');
        },
    };
}

/**
 * The SSE format (https://html.spec.whatwg.org/multipage/server-sent-events.html): lines end in
 * CRLF, LF or CR; "field: value" (one optional space after the colon); a line starting with ":" is
 * a comment (a heartbeat); a blank line dispatches the event gathered so far, if it has data.
 * `id` is remembered even for an event without data, as browsers do.
 */
function createParser(dispatch, onIdOnly = () => {}) {
    let buffer = '';
    let data = [];
    let type = '';
    let id;
    let pendingCr = false;

    function line(text) {
        if (text === '') {
            if (data.length > 0) {
                dispatch({type: type || 'message', data: data.join('\n'), id});
            } else if (id !== undefined) {
                onIdOnly(id);
            }
            data = [];
            type = '';
            return;
        }
        if (text.startsWith(':')) {
            return;
        }
        const colon = text.indexOf(':');
        const field = colon < 0 ? text : text.slice(0, colon);
        let value = colon < 0 ? '' : text.slice(colon + 1);
        if (value.startsWith(' ')) {
            value = value.slice(1);
        }
        if (field === 'data') {
            data.push(value);
        } else if (field === 'event') {
            type = value;
        } else if (field === 'id' && !value.includes('\0')) {
            id = value;
        }
    }

    return {
        push(chunk) {
            let text = chunk;
            // A CRLF split across two chunks: the CR already ended the line.
            if (pendingCr && text.startsWith('\n')) {
                text = text.slice(1);
            }
            pendingCr = false;
            buffer += text;
            let start = 0;
            for (let i = 0; i < buffer.length; i++) {
                const c = buffer[i];
                if (c === '\n' || c === '\r') {
                    line(buffer.slice(start, i));
                    if (c === '\r') {
                        if (i + 1 < buffer.length) {
                            if (buffer[i + 1] === '\n') {
                                i++;
                            }
                        } else {
                            pendingCr = true;
                        }
                    }
                    start = i + 1;
                }
            }
            buffer = buffer.slice(start);
        },
    };
}
