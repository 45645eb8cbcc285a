// "Download checkins.csv": every entry and exit, annulled ones marked, fetched with the organizer
// token (a plain link could not send it) and handed to the browser as a file.
import {messageOf} from '/js/api.js';
import {byId, element, setText} from '/js/dom.js';

/** api: the staff requests (staff.js). */
export function mountCheckinsDownload({api}) {
    const button = byId('download-csv');

    async function download() {
        setText('download-error', '');
        button.disabled = true;
        try {
            const response = await fetch('/api/checkins.csv', {headers: {Authorization: `Bearer ${api.token()}`}, cache: 'no-store'});
            if (response.status === 401) {
                api.onUnauthorized();
            } else if (!response.ok) {
                const answer = await response.json().catch(() => null);
                setText('download-error', messageOf({body: answer}, `The download failed (HTTP ${response.status}).`));
            } else {
                save(URL.createObjectURL(await response.blob()));
            }
        } catch {
            setText('download-error', 'No connection to the server.');
        } finally {
            button.disabled = false;
        }
    }

    button.addEventListener('click', download);
    return {
        hide() {
            setText('download-error', '');
        },
    };
}

function save(url) {
    const a = element('a', {href: url, download: 'checkins.csv'});
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
}
