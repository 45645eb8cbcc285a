package dev.usher.checkin;

import dev.usher.auth.Principal;
import dev.usher.hook.HookEvent;
import dev.usher.hook.HookType;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** What webhooks hear of the door: thin payloads, ids and names, no email (opted-in endpoints get it added). */
final class CheckInHooks {
    private CheckInHooks() {
    }

    /**
     * An entry or exit recorded: {@code checkin.created} (an offline entry of a revoked or cancelled
     * ticket too, with its {@code conflict}); anything else: {@code checkin.refused}, where an offline
     * conflict says {@code conflict} as well.
     */
    static HookEvent scanned(Verdict v, Principal device, Instant scannedAt, Instant now, boolean offline) {
        Map<String, Object> data = new LinkedHashMap<>();
        boolean recorded = typeOf(v) == HookType.CHECKIN_CREATED;
        if (recorded) {
            data.put("checkinId", v.recorded().id());
        }
        data.put("ticketId", v.ticket() == null ? null : v.ticket().id());
        data.put("name", v.ticket() == null ? null : v.ticket().name());
        data.put("list", v.list());
        data.put("type", v.direction().wire());
        if (!recorded) {
            data.put("reason", v.reason() == null ? null : v.reason().wire());
        }
        data.put("kiosk", device.name());
        data.put("kioskId", device.deviceId());
        data.put("scannedAt", (scannedAt == null ? now : scannedAt).toString());
        data.put("offline", offline);
        if (v.conflict()) {
            data.put("conflict", v.reason().wire());
        }
        return new HookEvent(recorded ? HookType.CHECKIN_CREATED : HookType.CHECKIN_REFUSED, now, data,
                v.ticket() == null ? null : v.ticket().id());
    }

    static HookType typeOf(Verdict v) {
        boolean recorded = v instanceof Verdict.Admitted || v instanceof Verdict.Exited
                || v instanceof Verdict.Conflict conflict && conflict.entered();
        return recorded ? HookType.CHECKIN_CREATED : HookType.CHECKIN_REFUSED;
    }

    static HookEvent annulled(long checkinId, String ticketId, String name, String list, String by, String reason, Instant now) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("checkinId", checkinId);
        data.put("ticketId", ticketId);
        data.put("name", name);
        data.put("list", list);
        data.put("annulledBy", by);
        data.put("reason", reason);
        return new HookEvent(HookType.CHECKIN_ANNULLED, now, data, ticketId);
    }
}
