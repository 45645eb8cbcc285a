package dev.usher.ticket;

import dev.usher.web.ApiError;
import dev.usher.web.Text;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** A person to issue a ticket to, cleaned and checked: what registration, the API and CSV import share. */
public record Attendee(String name, String email, Map<String, String> fields) {
    static final int MAX_NAME = 200;
    static final int MAX_EMAIL = 254;
    static final int MAX_FIELDS = 50;
    static final int MAX_FIELD_LENGTH = 1000;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");

    public Attendee {
        fields = Map.copyOf(fields);
    }

    /** An address as tickets store it (trimmed, lower case, NFC); a 400 when it is not one. */
    public static String email(String rawEmail) {
        String email = Text.normalizeEmail(Text.visible("invalid_email", "email", rawEmail));
        if (email.length() > MAX_EMAIL || !EMAIL.matcher(email).matches()) {
            throw ApiError.badRequest("invalid_email", "Please give a valid email address.");
        }
        return email;
    }

    /** Checks raw input; throws a 400 {@link ApiError} naming the first problem. */
    public static Attendee of(String rawName, String rawEmail, Map<String, String> rawFields) {
        String name = Text.visible("invalid_name", "name", rawName);
        if (name.isEmpty()) {
            throw ApiError.badRequest("invalid_name", "Please give a name.");
        }
        if (name.length() > MAX_NAME) {
            throw ApiError.badRequest("invalid_name", "The name is longer than " + MAX_NAME + " characters.");
        }
        String email = email(rawEmail);
        Map<String, String> fields = new LinkedHashMap<>();
        if (rawFields != null) {
            if (rawFields.size() > MAX_FIELDS) {
                throw ApiError.badRequest("invalid_fields", "At most " + MAX_FIELDS + " extra fields per attendee.");
            }
            rawFields.forEach((k, v) -> {
                if (k == null || k.isBlank() || k.length() > 100 || v != null && v.length() > MAX_FIELD_LENGTH) {
                    throw ApiError.badRequest("invalid_fields", "Field names need 1-100 characters and values at most " + MAX_FIELD_LENGTH + ".");
                }
                fields.put(Text.visible("invalid_fields", "a field name", k),
                        Text.visible("invalid_fields", "field '" + k.strip() + "'", v));
            });
        }
        return new Attendee(name, email, fields);
    }
}
