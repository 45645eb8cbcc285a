// The key numbers along the top: arrived of registered, inside now, arriving now.
import {byId, setText} from '/js/dom.js';
import {arrivalRate} from '/dashboard/arrival-rate.js';

/** stats: the snapshot's; mainList: the vocabulary's main list id (its exits are the ones counted). */
export function renderCounts(stats, mainList) {
    const main = stats.lists.find((l) => l.id === mainList) || {exits: 0};
    setText('count-arrived', String(stats.checkedIn));
    setText('count-registered', String(stats.registered));
    setText('share-arrived', `${stats.registered ? Math.round((100 * stats.checkedIn) / stats.registered) : 0}%`);
    const progress = byId('arrived-progress');
    progress.max = Math.max(1, stats.registered);
    progress.value = Math.min(stats.checkedIn, progress.max);
    setText('count-inside', String(stats.inside));
    setText('inside-note', main.exits ? `${main.exits} ${main.exits === 1 ? 'exit' : 'exits'} scanned` : 'nobody has left yet');
    document.title = `${stats.checkedIn}/${stats.registered} arrived · Usher dashboard`;
}

export function renderRate(arrivals, now) {
    const {count, minutes, rate} = arrivalRate(arrivals, now);
    setText('arrival-rate', rate);
    setText('rate-note', `${count} ${count === 1 ? 'arrival' : 'arrivals'} in the last ${minutes} minutes`);
}
