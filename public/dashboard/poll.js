// Asking the server again and again while something is under way (mails leaving the outbox).

/**
 * Runs `step` now, then `everyMs` after each run has finished, for as long as it answers true. A
 * step that throws (no connection) is run again; stop() ends it, also between two runs.
 *
 * @returns stop()
 */
export function pollWhile(step, everyMs) {
    let timer = null;
    let stopped = false;

    async function run() {
        let again;
        try {
            again = await step();
        } catch {
            again = true;
        }
        if (again && !stopped) {
            timer = setTimeout(run, everyMs);
        }
    }

    run();
    return () => {
        stopped = true;
        clearTimeout(timer);
    };
}
