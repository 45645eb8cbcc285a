// Lengths of time as the dashboard words them.

/** "12 s", "3 min", "2 h 5 min". */
export function duration(ms) {
    const seconds = Math.max(0, Math.floor(ms / 1000));
    if (seconds < 60) {
        return `${seconds} s`;
    }
    const minutes = Math.floor(seconds / 60);
    if (minutes < 60) {
        return `${minutes} min`;
    }
    const hours = Math.floor(minutes / 60);
    return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}

/** "12 s ago", "3 min ago", "2 h 5 min ago". */
export function ago(ms) {
    return `${duration(Math.max(0, ms))} ago`;
}

/** "4:05" under an hour (it ticks visibly), else "2 h 5 min". */
export function countdown(ms) {
    const seconds = Math.max(0, Math.ceil(ms / 1000));
    if (seconds >= 3600) {
        return duration(ms);
    }
    return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
