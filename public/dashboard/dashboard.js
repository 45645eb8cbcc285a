// The staff dashboard: signs in (the organizer token or a viewer's pairing link), then shows the
// board of live counts, arrivals, last scans and warnings, and to the organizer the staff actions.
// State is on <body>: data-auth, data-live, data-role.
import {createAnnulDialog} from '/dashboard/annul-dialog.js';
import {createBoard} from '/dashboard/board.js';
import {createSession, ORGANIZER_TOKEN_GONE} from '/dashboard/session.js';
import {createStaff} from '/dashboard/staff.js';

let admin = false;
let token = null;
const session = createSession({
    onSignedIn: (signedIn) => {
        admin = signedIn.admin;
        token = signedIn.token;
        board.show(signedIn);
        if (admin) {
            staff.show(signedIn);
        }
    },
    onSignedOut: () => {
        token = null;
        board.hide();
        staff.hide();
    },
});
const denied = () => session.signOut(admin ? ORGANIZER_TOKEN_GONE : 'This dashboard link was revoked. Ask the organizer for a new one.');
// One annul dialog for the page: the board's last scans and the attendees list both open it.
const annulDialog = createAnnulDialog({token: () => token, onUnauthorized: denied});
const board = createBoard({onDenied: denied, annulDialog, onEventChanged: (signedIn) => admin && staff.eventChanged(signedIn)});
const staff = createStaff({onUnauthorized: () => session.signOut(ORGANIZER_TOKEN_GONE), annulDialog});
session.start();
