// The facts the server owns, as GET /api/event publishes them under "vocabulary": each refusal
// reason's wording, tone and advice, the main list's id, role and direction names, the search
// limits (and the shape of a ticket code, which the kiosk's handheld scanner reads as it is), and
// how a ticket mail's states are said, the attendee list's filters and orders, and the greeting of
// an admitted scan per direction.
// Pages look them up here and keep no copies of their own.

/** The look-ups for one event's vocabulary (the "vocabulary" object of GET /api/event). */
export function vocabularyOf(vocabulary) {
    return {
        mainList: vocabulary.mainList,
        /** {admin: 'admin', ...}: a page compares with role.admin, never with a name of its own. */
        role: namesOf(vocabulary.roles),
        /** {entry: 'entry', exit: 'exit'}. */
        direction: namesOf(vocabulary.directions),
        /** {minChars, maxResults} of GET /api/tickets?q=. */
        search: vocabulary.search,
        /** The headline of an offline scan the online rules would have refused ("Offline conflict"). */
        conflict: vocabulary.conflict || 'Offline conflict',
        /** The attendee list's filters by presence, in order: [{name, wording}] (GET /api/tickets?status=). */
        attendeeStatuses: entriesOf(vocabulary.attendeeStatuses),
        /** The attendee list's orders, in order: [{name, wording}] (GET /api/tickets?sort=); the first is the default. */
        attendeeSorts: entriesOf(vocabulary.attendeeSorts),
        /** How staff pages say a ticket mail's state ("not sent yet", "queued", ...). */
        /**
         * The door's headline for a scan let through in `direction` ("Welcome, Ada Lovelace"), as the
         * server says it online. An event kept from a server without greetings says the name alone.
         */
        greeting(direction, name) {
            const greeting = vocabulary.greetings && vocabulary.greetings[direction];
            return greeting ? greeting.replace('{name}', name) : name;
        },
        mailState(name) {
            return (vocabulary.mailStates && vocabulary.mailStates[name]) || name;
        },
        /**
         * {wording, tone ('warning' | 'refused'), advice (null for reasons only a door sees)}. A
         * reason this page was not told about (a newer server) reads as a refusal under its own name.
         */
        reason(name) {
            return vocabulary.reasons[name] || {wording: name || 'Refused', tone: 'refused', advice: null};
        },
    };
}

function entriesOf(wordings) {
    return Object.entries(wordings || {}).map(([name, wording]) => ({name, wording}));
}

function namesOf(names) {
    return Object.freeze(Object.fromEntries(names.map((name) => [name, name])));
}
