// Times of day on the event's own clock (its timezone), as the agenda writes them: the kiosk's
// and the dashboard's times of day all come from here.
//
// The dashboard places arrivals and "now" by their time of day in the event's timezone, not by
// date: the seed event is in 2019, and a rehearsal on any other day should still line up with the
// agenda (doors 18:00, talks 18:30 ...). Times of day are counted in minutes within a 24-hour
// window centred on the doors, so for doors at 18:00 a scan at 00:40 counts as 24:40 (after
// midnight of the same evening), not as 17 hours before the doors.

const DAY = 24 * 60;

export function createEventClock(timezone, doorsOpen) {
    let zone = timezone;
    try {
        new Intl.DateTimeFormat('en-GB', {timeZone: zone});
    } catch {
        zone = undefined; // an unknown zone: the browser's own is better than nothing
    }
    const short = new Intl.DateTimeFormat('en-GB', {timeZone: zone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit'});
    const long = new Intl.DateTimeFormat('en-GB', {
        timeZone: zone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    const doors = parseClock(doorsOpen) ?? 18 * 60;
    const windowStart = doors - DAY / 2;

    /** Puts a time of day (minutes, maybe fractional) into the window around the doors. */
    function inWindow(minutes) {
        return windowStart + ((((minutes - windowStart) % DAY) + DAY) % DAY);
    }

    /** "18:30" -> minutes, placed around the doors; null for anything else. */
    function agendaMinute(text) {
        const m = parseClock(text);
        return m === null ? null : inWindow(m);
    }

    return {
        zone,
        doors,
        /** Minutes since midnight in the event's zone (fractional), placed around the doors. */
        minuteOf(instant) {
            const p = {};
            for (const part of long.formatToParts(new Date(instant))) {
                p[part.type] = part.value;
            }
            return inWindow(Number(p.hour) * 60 + Number(p.minute) + Number(p.second) / 60);
        },
        /** Agenda items ({time: "18:30", title}) with their minute `at` on this clock, in order; untimed ones left out. */
        placeAgenda(agenda) {
            return (agenda || [])
                .map((item) => ({...item, at: agendaMinute(item.time)}))
                .filter((item) => item.at !== null)
                .sort((a, b) => a.at - b.at);
        },
        /** "18:04" on the event's clock. */
        time(instant) {
            return short.format(new Date(instant));
        },
        /** "18:04:09" on the event's clock. */
        timeWithSeconds(instant) {
            return long.format(new Date(instant));
        },
    };
}

/** "18:30" -> 1110; null when it is not a time. */
function parseClock(text) {
    const match = /^(\d{1,2}):(\d{2})$/.exec(String(text || '').trim());
    if (!match) {
        return null;
    }
    const h = Number(match[1]);
    const m = Number(match[2]);
    return h < 24 && m < 60 ? h * 60 + m : null;
}

/** 1110 -> "18:30" (wraps past midnight). */
export function formatMinute(minutes) {
    const m = ((Math.round(minutes) % DAY) + DAY) % DAY;
    return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}
