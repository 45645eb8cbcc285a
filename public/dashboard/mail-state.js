// What the dashboard says about a mail or a ticket's mail: pure, no DOM. The states are the
// server's (never, queued, sent, failed: docs/mail-api.md); `time` puts an instant on the event's clock.

/** The instant to show beside a mail of GET /api/mail: when it went or failed, or else when it was queued. */
export function mailTime(mail) {
    if (mail.state === 'sent' && mail.sentAt) {
        return mail.sentAt;
    }
    return mail.state === 'failed' && mail.failedAt ? mail.failedAt : mail.createdAt;
}

/** A queued mail that a relay already turned down for now: "attempt 2 failed; next try 18:10". */
export function retryNote(mail, time) {
    if (mail.state !== 'queued' || !(mail.attempts > 0)) {
        return '';
    }
    const next = mail.nextAttemptAt ? `; next try ${time(mail.nextAttemptAt)}` : '';
    return `attempt ${mail.attempts} failed${next}`;
}

/**
 * One line for a ticket's {state, at, error}: "Ticket mail: sent 18:04".
 * @param wording the vocabulary's mailState(name): the server's words for each state
 */
export function ticketMailLine(mail, time, wording) {
    const state = mail && mail.state ? mail.state : 'never';
    const at = mail && mail.at ? ` ${time(mail.at)}` : '';
    const error = state === 'failed' && mail.error ? `: ${mail.error}` : '';
    return `Ticket mail: ${wording(state)}${at}${error}`;
}
