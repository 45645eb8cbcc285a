// The kiosk as an installable app: registers the service worker (/kiosk/sw.js, one per server
// build), notes which build runs the page (<body data-build>), offers "New version — reload" when
// a new build has taken over and the door is idle, and asks the browser to keep the offline data.
import {byId} from '/js/dom.js';

const IDLE_CHECK_MS = 1000;

/**
 * @param isIdle () => boolean: nobody is being checked in right now
 * @returns {checkForUpdate()}: asks the server for a newer service worker (after a reconnect)
 */
export function startServiceWorker({isIdle}) {
    if (!('serviceWorker' in navigator)) {
        document.body.dataset.serviceWorker = 'unavailable';
        return {checkForUpdate() {}};
    }
    const workers = navigator.serviceWorker;
    let hadController = Boolean(workers.controller);
    workers.addEventListener('controllerchange', () => {
        showBuild();
        if (hadController) {
            offerReload(isIdle);
        }
        hadController = true;
    });
    const registration = workers.register('/kiosk/sw.js', {scope: '/kiosk/'}).then((r) => {
        document.body.dataset.serviceWorker = 'registered';
        return r;
    }, (e) => {
        document.body.dataset.serviceWorker = 'failed';
        console.warn('kiosk: no service worker, the page needs the network to load', e);
        return null;
    });
    showBuild();
    byId('update-reload').addEventListener('click', () => location.reload());
    return {
        checkForUpdate() {
            registration.then((r) => r && r.update()).catch(() => {});
        },
    };
}

function showBuild() {
    const worker = navigator.serviceWorker.controller;
    if (!worker) {
        return;
    }
    const channel = new MessageChannel();
    channel.port1.onmessage = ({data}) => {
        document.body.dataset.build = data.build;
    };
    worker.postMessage({type: 'build'}, [channel.port2]);
}

function offerReload(isIdle) {
    if (!isIdle()) {
        setTimeout(() => offerReload(isIdle), IDLE_CHECK_MS);
        return;
    }
    byId('update-prompt').hidden = false;
    document.body.dataset.update = 'ready';
}

/** Asks the browser to keep the offline data; returns the wording for the status line. */
export async function askPersistentStorage() {
    if (!navigator.storage || !navigator.storage.persist) {
        document.body.dataset.storage = 'unsupported';
        return 'this browser may clear offline data';
    }
    let kept = false;
    try {
        kept = (await navigator.storage.persisted()) || (await navigator.storage.persist());
    } catch {
        kept = false;
    }
    document.body.dataset.storage = kept ? 'persistent' : 'refused';
    return kept ? 'storage kept (persistent)' : 'persistent storage refused: the browser may clear offline data when space runs low';
}
