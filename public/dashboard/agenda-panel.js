// The agenda strip under the chart (what is on now, what comes next) and the countdown to the
// next item among the key numbers.
import {byId, element, setText} from '/js/dom.js';
import {agendaAt} from '/dashboard/agenda.js';
import {countdown} from '/dashboard/durations.js';

/** items: from clock.placeAgenda. */
export function showAgenda(items) {
    byId('agenda').replaceChildren(...items.map((item) =>
        element('li', {data: {minute: String(item.at)}}, element('b', {}, item.time), ' ', element('span', {}, item.title))));
}

export function renderCountdown(items, nowMinute) {
    const {next, current, when} = agendaAt(items, nowMinute);
    for (const li of byId('agenda').children) {
        li.dataset.when = when(Number(li.dataset.minute));
    }
    if (!next) {
        setText('next-heading', 'Agenda');
        setText('countdown', 'done');
        setText('next-item', current ? `last item was ${current.time} ${current.title}` : 'no agenda');
        return;
    }
    setText('next-heading', 'Next on the agenda');
    setText('countdown', countdown((next.at - nowMinute) * 60000));
    setText('next-item', `until ${next.time} ${next.title}`);
}
