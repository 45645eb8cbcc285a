// A ticket code checked with no server, as docs/offline-api.md lays it out: Base32 of
// version (1 byte) || serial (12) || Ed25519 signature (64) over the first 13 bytes. The entry id
// and the name key come from the serial, so only the code in front of the camera opens its entry.
// Pure logic on WebCrypto: no DOM, no storage.

const VERSION = 1;
const PAYLOAD = 13;
const BYTES = 77;
const utf8 = (text) => new TextEncoder().encode(text);

/**
 * The code's bytes and serial, or null for text that is not shaped like one of our codes.
 * @param shape the code's shape from /api/event (`vocabulary.ticketCode`: length, alphabet)
 */
export function readCode(text, shape) {
    const code = String(text || '').trim().toUpperCase();
    if (code.length !== shape.length) {
        return null;
    }
    const bytes = base32Decode(code, shape.alphabet.toUpperCase());
    if (!bytes || bytes.length < BYTES || bytes[0] !== VERSION) {
        return null;
    }
    const all = bytes.slice(0, BYTES);
    return {bytes: all, serial: all.slice(1, PAYLOAD)};
}

/** RFC 4648 Base32 without padding; null on a character outside the alphabet. */
export function base32Decode(text, alphabet) {
    const out = new Uint8Array(Math.floor((text.length * 5) / 8));
    let bits = 0;
    let value = 0;
    let at = 0;
    for (const c of text) {
        const digit = alphabet.indexOf(c);
        if (digit < 0) {
            return null;
        }
        value = ((value << 5) | digit) & 0xffff;
        bits += 5;
        if (bits >= 8) {
            bits -= 8;
            out[at++] = (value >> bits) & 0xff;
        }
    }
    return out;
}

/** The event's public key from /api/event's publicKey.spki (base64 of the SubjectPublicKeyInfo). */
export function importPublicKey(spki) {
    return crypto.subtle.importKey('spki', base64Decode(spki), {name: 'Ed25519'}, false, ['verify']);
}

/** Whether the event key signed this code. */
export function isGenuine(key, code) {
    return crypto.subtle.verify({name: 'Ed25519'}, key, code.bytes.slice(PAYLOAD, BYTES), code.bytes.slice(0, PAYLOAD));
}

/** The offline list's id for this serial: 32 hex characters of SHA-256("usher-offline-id:" || serial). */
export async function entryIdOf(serial) {
    const prefix = utf8('usher-offline-id:');
    const input = new Uint8Array(prefix.length + serial.length);
    input.set(prefix);
    input.set(serial, prefix.length);
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', input));
    return [...digest.slice(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The entry's sealed name opened with the key only its own code gives; null if it does not open. */
export async function openName(serial, entryId, sealed) {
    try {
        const box = base64Decode(sealed);
        const base = await crypto.subtle.importKey('raw', serial, 'HKDF', false, ['deriveKey']);
        const key = await crypto.subtle.deriveKey(
            {name: 'HKDF', hash: 'SHA-256', salt: utf8('usher-offline-v1'), info: utf8('name')},
            base, {name: 'AES-GCM', length: 256}, false, ['decrypt']);
        const plain = await crypto.subtle.decrypt(
            {name: 'AES-GCM', iv: box.slice(0, 12), additionalData: utf8(entryId), tagLength: 128}, key, box.slice(12));
        return new TextDecoder().decode(plain);
    } catch {
        return null;
    }
}

/** Base64 or base64url, padded or not. */
function base64Decode(text) {
    const standard = String(text).replace(/-/g, '+').replace(/_/g, '/');
    const padded = standard + '='.repeat((4 - (standard.length % 4)) % 4);
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}
