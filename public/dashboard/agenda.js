// Where the evening is in its agenda, from the items placed on the event's clock
// (clock.placeAgenda) and the minute it is now on that clock.

/**
 * @returns {next, current, when}: the next item and the one under way (or null), and
 *          when(minute): 'next' | 'now' | 'past' | 'later' for an item at that minute
 */
export function agendaAt(items, nowMinute) {
    const next = items.find((item) => item.at > nowMinute) || null;
    const current = [...items].reverse().find((item) => item.at <= nowMinute) || null;
    const when = (minute) => {
        if (next && minute === next.at) {
            return 'next';
        }
        if (current && minute === current.at) {
            return 'now';
        }
        return minute < nowMinute ? 'past' : 'later';
    };
    return {next, current, when};
}
