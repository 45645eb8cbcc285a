// "Guest list": a CSV file previewed once picked (how it is read, the first rows), then, after
// "Import N guests", uploaded with a progress bar, then the import's report: created, skipped, bad
// lines, the first problems by line, and the offer to mail the new tickets. The form's data-state
// (idle | previewing | preview | uploading | processing | done | failed) decides what shows.
import {messageOf} from '/js/api.js';
import {byId, element, setText} from '/js/dom.js';
import {createImportMail} from '/dashboard/import-mail.js';
import {askPreview, hidePreview, showPreview} from '/dashboard/import-preview.js';

const PROBLEMS_SHOWN = 10;

/**
 * @param api           the staff requests (staff.js); the upload itself goes through XMLHttpRequest
 * @param onMailChanged called when the report's tickets were queued for mailing, and when they left
 */
export function mountGuestImport({api, onMailChanged}) {
    const form = byId('import-form');
    const mail = createImportMail({api, onMailChanged});
    /** The file whose preview is shown: only that one is imported. */
    let previewed = null;

    async function preview() {
        const file = byId('import-file').files[0];
        previewed = null;
        hidePreview();
        setText('import-error', '');
        setText('import-progress-text', '');
        if (!file) {
            form.dataset.state = 'idle';
            return;
        }
        byId('import-report').hidden = true;
        mail.hide();
        form.dataset.state = 'previewing';
        setText('import-progress-text', `Reading ${file.name}…`);
        const answer = await askPreview(file, api.token());
        if (byId('import-file').files[0] !== file) {
            return; // another file was picked meanwhile
        }
        if (answer.status === 401) {
            form.dataset.state = 'idle';
            api.onUnauthorized();
        } else if (!answer.ok) {
            failed(answer.message);
        } else {
            previewed = file;
            form.dataset.state = 'preview';
            setText('import-progress-text', '');
            showPreview(answer.preview);
        }
    }

    function cancel() {
        previewed = null;
        byId('import-file').value = '';
        hidePreview();
        setText('import-error', '');
        form.dataset.state = 'idle';
        byId('import-file').focus();
    }

    function upload() {
        const file = byId('import-file').files[0];
        setText('import-error', '');
        if (!file || file !== previewed) {
            setText('import-error', 'Choose a CSV file first.');
            return;
        }
        // The preview stays behind the progress bar: if the upload fails, it is there to try again.
        form.dataset.state = 'uploading';
        byId('import-submit').disabled = true;
        setProgress(0, file.size);
        // XMLHttpRequest rather than fetch: it reports upload progress, which a large list needs.
        const xhr = new XMLHttpRequest();
        xhr.open('POST', '/api/tickets/import');
        xhr.setRequestHeader('Authorization', `Bearer ${api.token()}`);
        xhr.setRequestHeader('Content-Type', 'text/csv');
        xhr.setRequestHeader('Accept', 'application/json');
        xhr.upload.onprogress = (e) => setProgress(e.loaded, e.lengthComputable ? e.total : file.size);
        xhr.upload.onload = () => {
            form.dataset.state = 'processing';
            setText('import-progress-text', 'Uploaded; creating tickets…');
        };
        xhr.onload = () => finished(xhr, file);
        xhr.onerror = () => {
            failed('The upload was interrupted (no connection). Nothing may have been imported: '
                + 'importing the same file again skips the people already there.');
        };
        xhr.send(file);
    }

    function finished(xhr, file) {
        byId('import-submit').disabled = false;
        const answer = parsed(xhr.responseText);
        if (xhr.status === 401) {
            form.dataset.state = 'idle';
            api.onUnauthorized();
        } else if (xhr.status < 200 || xhr.status >= 300 || !answer) {
            failed(messageOf({body: answer}, `The import failed (HTTP ${xhr.status}).`));
        } else {
            form.dataset.state = 'done';
            hidePreview();
            setText('import-progress-text', `${file.name}: done`);
            showReport(answer);
            mail.offer(answer);
            byId('import-file').value = '';
            previewed = null;
        }
    }

    function failed(message) {
        form.dataset.state = 'failed';
        byId('import-submit').disabled = false;
        setText('import-progress-text', '');
        setText('import-error', message);
    }

    form.addEventListener('submit', (e) => {
        e.preventDefault();
        upload();
    });
    byId('import-file').addEventListener('change', preview);
    byId('import-cancel').addEventListener('click', cancel);
    return {
        hide() {
            mail.hide();
            previewed = null;
            byId('import-file').value = '';
            hidePreview();
            byId('import-report').hidden = true;
            byId('import-problems').replaceChildren();
            setText('import-error', '');
            setText('import-progress-text', '');
            form.dataset.state = 'idle';
        },
    };
}

function setProgress(loaded, total) {
    byId('import-progress').max = Math.max(1, total);
    byId('import-progress').value = Math.min(loaded, Math.max(1, total));
    const percent = total ? Math.round((100 * loaded) / total) : 0;
    setText('import-progress-text', `Uploading ${percent}% (${kilobytes(loaded)} of ${kilobytes(total)})`);
}

function showReport(report) {
    setText('import-created', String(report.created));
    setText('import-skipped', String(report.skippedCount));
    setText('import-bad', String(report.badCount));
    setText('import-encoding', report.encoding ? `Read as ${report.encoding}.` : '');
    const problems = [
        ...(report.bad || []).map((p) => ({...p, kind: 'bad'})),
        ...(report.skipped || []).map((p) => ({...p, kind: 'skipped'})),
    ].sort((a, b) => a.line - b.line);
    const shown = problems.slice(0, PROBLEMS_SHOWN).map((p) => element('li', {data: {kind: p.kind, line: String(p.line)}},
        element('b', {}, `Line ${p.line}${p.email ? ` (${p.email})` : ''}:`),
        ` ${p.kind === 'bad' ? 'not imported' : 'skipped'}: ${p.reason}`));
    const total = (report.badCount || 0) + (report.skippedCount || 0);
    if (total > shown.length) {
        shown.push(element('li', {class: 'hint'}, `… and ${total - shown.length} more.`));
    }
    byId('import-problems').replaceChildren(...shown);
    byId('import-report').hidden = false;
}

function parsed(text) {
    try {
        return JSON.parse(text);
    } catch {
        return null;
    }
}

function kilobytes(bytes) {
    return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} kB`;
}
