// The staff dashboard: signs in (the organizer token or a viewer's pairing link), then shows the
// board of live counts, arrivals, last scans and warnings, and to the organizer the staff actions.
// State is on <body>: data-auth, data-live, data-role.
import {createBoard} from '/dashboard/board.js';
import {createSession, ORGANIZER_TOKEN_GONE} from '/dashboard/session.js';
import {createStaff} from '/dashboard/staff.js';

let admin = false;
const session = createSession({
    onSignedIn: (signedIn) => {
        admin = signedIn.admin;
        board.show(signedIn);
        if (admin) {
            staff.show(signedIn);
        }
    },
    onSignedOut: () => {
        board.hide();
        staff.hide();
    },
});
const board = createBoard({
    onDenied: () => session.signOut(admin ? ORGANIZER_TOKEN_GONE : 'This dashboard link was revoked. Ask the organizer for a new one.'),
});
const staff = createStaff({onUnauthorized: () => session.signOut(ORGANIZER_TOKEN_GONE)});
session.start();
