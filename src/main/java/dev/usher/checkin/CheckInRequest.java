package dev.usher.checkin;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One scan as a kiosk or staff sends it. Either {@code code} (scanned) or {@code ticketId} (manual
 * admit after a search) names the ticket. {@code at} is the device's clock, ISO-8601. With
 * {@code offline} true it is a scan a kiosk decided on its own and queued while the network was
 * gone: {@code at} (required then) is when the door let the person through.
 */
public record CheckInRequest(String code, String ticketId, String list, String type, String nonce,
                             @JsonProperty("at") String at, Boolean offline) {
}
