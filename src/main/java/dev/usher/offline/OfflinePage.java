package dev.usher.offline;

import java.util.List;

/**
 * One answer of {@code GET /api/offline}: the entries of the tickets that changed after the
 * cursor, the cursor to send next, and whether more changes are waiting.
 *
 * @param revision the event's revision: a kiosk holding another one fetches the event again
 * @param nodes    the origins of the event's Usher nodes (each one's --public-url): where the kiosk
 *                 goes on when the node it talks to stops answering; empty when none is known
 */
record OfflinePage(String revision, List<Entry> entries, String next, boolean more, List<String> nodes) {

    /**
     * One code. Only a valid entry carries the sealed {@code name} and the lists the ticket is
     * {@code inside}; the others are null and left out of the JSON.
     */
    record Entry(String id, EntryState state, String name, List<String> inside) {
    }
}
