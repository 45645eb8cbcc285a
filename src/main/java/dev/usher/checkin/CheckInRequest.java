package dev.usher.checkin;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One scan as a kiosk or staff sends it. Either {@code code} (scanned) or {@code ticketId} (manual
 * admit after a search) names the ticket. {@code at} is the device's clock, ISO-8601.
 */
public record CheckInRequest(String code, String ticketId, String list, String type, String nonce,
                             @JsonProperty("at") String at) {
}
