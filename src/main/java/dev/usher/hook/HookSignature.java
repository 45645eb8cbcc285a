package dev.usher.hook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Standard Webhooks signatures over {@code id.timestamp.body}: {@code v1,<HMAC-SHA256>} with each
 * live {@code whsec_} secret, and {@code v1a,<Ed25519>} by the event key, which a receiver checks
 * with the public key from {@code GET /api/event} and no shared secret at all.
 */
final class HookSignature {
    static final String SECRET_PREFIX = "whsec_";
    private final UnaryOperator<byte[]> eventKeySign;

    /** @param eventKeySign Ed25519 with the event key */
    HookSignature(UnaryOperator<byte[]> eventKeySign) {
        this.eventKeySign = eventKeySign;
    }

    /** The {@code webhook-signature} header: space-separated, one per secret, then the Ed25519 one. */
    String header(String messageId, long timestampSeconds, String body, List<String> secrets) {
        byte[] content = (messageId + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8);
        List<String> parts = new ArrayList<>();
        for (String secret : secrets) {
            parts.add("v1," + Base64.getEncoder().encodeToString(hmac(secret, content)));
        }
        parts.add("v1a," + Base64.getEncoder().encodeToString(eventKeySign.apply(content)));
        return String.join(" ", parts);
    }

    static byte[] hmac(String secret, byte[] content) {
        byte[] key = Base64.getDecoder().decode(secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
