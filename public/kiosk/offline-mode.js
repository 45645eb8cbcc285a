// Whether the kiosk is offline: on when a request fails, takes longer than ANSWER_WITHIN_MS or
// gets a server error; off when the server answers again. One state for the door, the sync and
// the banner.

/** A guest at the door waits no longer than this for the server before the kiosk decides itself. */
export const ANSWER_WITHIN_MS = 2000;

/** @param onChange offline => ..., called when the state flips */
export function createConnection(onChange, offline = false) {
    return {
        get offline() {
            return offline;
        },
        failed() {
            if (!offline) {
                offline = true;
                onChange(true);
            }
        },
        answered() {
            if (offline) {
                offline = false;
                onChange(false);
            }
        },
    };
}
