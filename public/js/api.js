// The one way pages talk to the server. Every HTTP answer resolves to {status, ok, body}, errors
// included, so a page reads the server's {"error", "message"} instead of guessing. Only a request
// that never got an answer (offline, server down, DNS) rejects, with a NetworkError.

export class NetworkError extends Error {
    constructor(cause) {
        super('No connection to the server.', {cause});
        this.name = 'NetworkError';
    }
}

export function getJson(path, token) {
    return request('GET', path, undefined, token);
}

export function postJson(path, body, token) {
    return request('POST', path, body, token);
}

export function patchJson(path, body, token) {
    return request('PATCH', path, body, token);
}

/**
 * Any method, with more request headers (If-Match, If-None-Match): the answer also carries the
 * response's headers, for its ETag.
 */
export function requestJson(method, path, {body, token, headers = {}} = {}) {
    return request(method, path, body, token, headers);
}

/**
 * Like getJson/postJson, but a request with no answer within `ms` counts as no connection (a
 * NetworkError): the kiosk then decides by itself instead of keeping a guest waiting.
 */
export function getJsonWithin(path, token, ms) {
    return request('GET', path, undefined, token, {}, ms);
}

export function postJsonWithin(path, body, token, ms) {
    return request('POST', path, body, token, {}, ms);
}

/** The sentence to show a person for a failed answer: the server's own when it sent one. */
export function messageOf(result, fallback = 'Something went wrong. Please try again.') {
    const message = result && result.body && result.body.message;
    return typeof message === 'string' && message.trim() !== '' ? message : fallback;
}

async function request(method, path, body, token, extraHeaders = {}, ms = 0) {
    const headers = {Accept: 'application/json', ...extraHeaders};
    if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
    }
    if (token) {
        headers.Authorization = `Bearer ${token}`;
    }
    let response;
    let text;
    const timeout = ms ? new AbortController() : null;
    const timer = timeout ? setTimeout(() => timeout.abort(), ms) : null;
    try {
        response = await fetch(path, {
            method,
            headers,
            body: body === undefined ? undefined : JSON.stringify(body),
            cache: 'no-store',
            signal: timeout ? timeout.signal : undefined,
        });
        text = await response.text();
    } catch (e) {
        throw new NetworkError(e);
    } finally {
        clearTimeout(timer);
    }
    return {status: response.status, ok: response.ok, body: parse(text), headers: response.headers};
}

// A proxy's HTML error page is not JSON: the page then falls back to its own wording.
function parse(text) {
    if (!text) {
        return null;
    }
    try {
        return JSON.parse(text);
    } catch {
        return null;
    }
}

export function deleteJson(path, token) {
    return request('DELETE', path, undefined, token);
}
