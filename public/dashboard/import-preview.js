// The guest list's preview: once a file is picked, how the server would read it
// (POST /api/tickets/import/preview, nothing written): the encoding and delimiter, which columns
// became the name, the email and the fields, and the first rows as they would be imported.
import {messageOf} from '/js/api.js';
import {byId, element, setText} from '/js/dom.js';

/** How a delimiter reads in a sentence: a tab or a space is invisible between quotes. */
const DELIMITER_NAMES = {'\t': 'tabs', ' ': 'spaces'};

/**
 * Asks for the preview of one file: resolves to {ok: true, preview} or {ok: false, status, message}.
 * The file goes as it is (fetch sends a File without reading it into the page).
 */
export async function askPreview(file, token) {
    let response;
    let body = null;
    try {
        response = await fetch('/api/tickets/import/preview', {
            method: 'POST',
            headers: {Authorization: `Bearer ${token}`, 'Content-Type': 'text/csv', Accept: 'application/json'},
            body: file,
            cache: 'no-store',
        });
        body = await response.json().catch(() => null);
    } catch {
        return {ok: false, status: 0, message: 'No connection to the server: the file could not be read.'};
    }
    if (!response.ok || !body) {
        return {ok: false, status: response.status, message: messageOf({body}, `The file could not be read (HTTP ${response.status}).`)};
    }
    return {ok: true, preview: body};
}

/** Fills the preview part of the form with an answer of POST /api/tickets/import/preview. */
export function showPreview(preview) {
    const delimiter = DELIMITER_NAMES[preview.delimiter] || `“${preview.delimiter}”`;
    setText('import-preview-read', `Read as ${preview.encoding}, columns separated by ${delimiter}.`);
    const columns = preview.columns || {};
    const name = columns.name ? [columns.name] : [columns.firstName, columns.lastName].filter(Boolean);
    const mapping = [
        ['Name', name.join(' + ')],
        ['Email', columns.email || ''],
        ['Fields', (columns.fields || []).join(', ') || 'none'],
    ];
    byId('import-mapping').replaceChildren(...mapping.flatMap(([what, from]) => [
        element('dt', {}, what),
        element('dd', {class: 'user-text', data: {column: what.toLowerCase()}}, from),
    ]));
    const rows = preview.rows || [];
    byId('import-preview-rows').replaceChildren(...rows.map((row) => element('tr', {data: {line: String(row.line ?? '')}},
        element('td', {}, row.name),
        element('td', {}, row.email),
        element('td', {}, Object.entries(row.fields || {}).map(([k, v]) => `${k}: ${v}`).join(' · ')))));
    const rest = preview.total - rows.length;
    setText('import-preview-more', rest > 0 ? `… and ${rest} more ${rest === 1 ? 'row' : 'rows'}.` : '');
    byId('import-submit').textContent = preview.total === 1 ? 'Import 1 guest' : `Import ${preview.total} guests`;
    byId('import-preview').hidden = false;
}

export function hidePreview() {
    byId('import-preview').hidden = true;
    byId('import-mapping').replaceChildren();
    byId('import-preview-rows').replaceChildren();
    setText('import-preview-read', '');
    setText('import-preview-more', '');
}
