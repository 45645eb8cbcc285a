// What the dashboard says about a mail or a ticket's mail: pure, no DOM. The states are the
// server's (never, queued, sent, failed: docs/mail-api.md); `time` puts an instant on the event's clock.

/** The instant to show beside a mail of GET /api/mail: when it went, or else when it was queued. */
export function mailTime(mail) {
    return mail.state === 'sent' && mail.sentAt ? mail.sentAt : mail.createdAt;
}

/** A queued mail that a relay already turned down for now: "attempt 2 failed; next try 18:10". */
export function retryNote(mail, time) {
    if (mail.state !== 'queued' || !(mail.attempts > 0)) {
        return '';
    }
    const next = mail.nextAttemptAt ? `; next try ${time(mail.nextAttemptAt)}` : '';
    return `attempt ${mail.attempts} failed${next}`;
}

/** One line for a ticket's {state, at, error}: "Ticket mail: sent 18:04". */
export function ticketMailLine(mail, time) {
    const state = mail && mail.state ? mail.state : 'never';
    const at = mail && mail.at ? ` ${time(mail.at)}` : '';
    switch (state) {
        case 'never':
            return 'Ticket mail: not sent yet';
        case 'failed':
            return `Ticket mail: failed${at}${mail.error ? `: ${mail.error}` : ''}`;
        default:
            return `Ticket mail: ${state}${at}`;
    }
}
