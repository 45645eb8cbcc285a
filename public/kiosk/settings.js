// The kiosk's own settings, kept on the device: the check-in list, entry or exit, the camera.
// Mounts the list and mode controls, and names the list and direction in the top bar.
import {byId, setText} from '/js/dom.js';

const SETTINGS_KEY = 'usher.kiosk.settings';

/**
 * @param lists  the event's check-in lists [{id, name}]
 * @param words  vocabularyOf(...): the main list and the direction names
 * @returns the settings ({list, mode, camera}, always current) with save(change) and
 *          showLists(lists) for the lists of an edited event
 */
export function mountSettings(lists, words) {
    const settings = {list: words.mainList, mode: words.direction.entry, camera: '', ...stored()};
    if (!lists.some((l) => l.id === settings.list)) {
        settings.list = words.mainList;
    }
    const modes = [...document.querySelectorAll('.mode-button')];

    function render() {
        const list = lists.find((l) => l.id === settings.list);
        setText('list-name', `${list ? list.name : ''} · ${settings.mode === words.direction.exit ? 'Exit' : 'Entry'}`);
        for (const button of modes) {
            button.setAttribute('aria-checked', String(button.dataset.mode === settings.mode));
        }
        document.body.dataset.mode = settings.mode;
    }

    settings.save = (change) => {
        Object.assign(settings, change);
        const {list, mode, camera} = settings;
        localStorage.setItem(SETTINGS_KEY, JSON.stringify({list, mode, camera}));
        render();
    };

    const select = byId('list');
    settings.showLists = (next) => {
        lists = next;
        select.replaceChildren(...lists.map((l) => new Option(l.name, l.id)));
        if (!lists.some((l) => l.id === settings.list)) {
            settings.list = words.mainList; // the kiosk's list was removed from the event
        }
        select.value = settings.list;
        render();
    };
    select.replaceChildren(...lists.map((l) => new Option(l.name, l.id)));
    select.value = settings.list;
    select.addEventListener('change', () => settings.save({list: select.value}));
    for (const button of modes) {
        button.addEventListener('click', () => settings.save({mode: button.dataset.mode}));
    }
    render();
    return settings;
}

function stored() {
    try {
        return JSON.parse(localStorage.getItem(SETTINGS_KEY) || '{}');
    } catch {
        return {};
    }
}
