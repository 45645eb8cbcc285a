// How both public pages word the event's date, place and times. The event's clock times are
// local to the venue, so they are shown as written, never converted to the reader's zone.

/** "2019-02-21" -> "Thursday, 21 February 2019". */
export function formatDate(isoDate) {
    const [year, month, day] = String(isoDate).split('-').map(Number);
    if (!year || !month || !day) {
        return String(isoDate);
    }
    const parts = {};
    const format = new Intl.DateTimeFormat('en-GB', {
        weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC',
    });
    for (const part of format.formatToParts(new Date(Date.UTC(year, month - 1, day)))) {
        parts[part.type] = part.value;
    }
    return `${parts.weekday}, ${parts.day} ${parts.month} ${parts.year}`;
}

/** "Downtown Oakland, Oakland": the venue's non-empty lines, each once. */
export function formatVenue(venue) {
    if (!venue) {
        return '';
    }
    const lines = [venue.name, venue.address, venue.city]
        .map(line => (line || '').trim())
        .filter(line => line !== '');
    return [...new Set(lines)].join(', ');
}

/** "Doors open 18:00 PST": the zone's short name tells a reader abroad whose clock this is. */
export function formatDoors(event) {
    const zone = zoneName(event.doorsOpenAt, event.timezone);
    return `Doors open ${event.doorsOpen}${zone ? ` ${zone}` : ''}`;
}

/** "18:30–19:00", or just the start when a talk has no end. */
export function formatTimeRange(start, end) {
    return end ? `${start}\u2013${end}` : start;
}

function zoneName(instant, timeZone) {
    try {
        const parts = new Intl.DateTimeFormat('en-US', {timeZone, timeZoneName: 'short'})
            .formatToParts(new Date(instant));
        const zone = parts.find(part => part.type === 'timeZoneName');
        return zone ? zone.value : '';
    } catch {
        return '';
    }
}
