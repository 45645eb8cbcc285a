package dev.usher.offline;

import dev.usher.ticket.TicketCode;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The recipe of docs/offline-api.md written again from the doc alone (RFC 5869 HKDF with
 * {@link Mac}, AES-GCM with {@link Cipher}), so the tests check the server against the contract
 * and not against its own code.
 */
final class OfflineRecipe {
    private OfflineRecipe() {
    }

    static byte[] serialOf(String code) {
        return TicketCode.parse(code).orElseThrow().serial();
    }

    static String entryId(byte[] serial) throws GeneralSecurityException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update("usher-offline-id:".getBytes(StandardCharsets.UTF_8));
        sha.update(serial);
        return HexFormat.of().formatHex(sha.digest()).substring(0, 32);
    }

    static String entryIdOf(String code) throws GeneralSecurityException {
        return entryId(serialOf(code));
    }

    /** RFC 5869 extract-and-expand, 32 bytes (one block of SHA-256). */
    static byte[] hkdf(byte[] ikm, byte[] salt, byte[] info) throws GeneralSecurityException {
        Mac extract = Mac.getInstance("HmacSHA256");
        extract.init(new SecretKeySpec(salt, "HmacSHA256"));
        byte[] prk = extract.doFinal(ikm);
        Mac expand = Mac.getInstance("HmacSHA256");
        expand.init(new SecretKeySpec(prk, "HmacSHA256"));
        expand.update(info);
        expand.update((byte) 1);
        return expand.doFinal();
    }

    /** Opens a sealed name with a serial; throws (AEADBadTagException) when it is not that serial's. */
    static String open(String sealed, byte[] serial, String entryId) throws GeneralSecurityException {
        byte[] bytes = Base64.getUrlDecoder().decode(sealed);
        byte[] key = hkdf(serial, "usher-offline-v1".getBytes(StandardCharsets.UTF_8), "name".getBytes(StandardCharsets.UTF_8));
        Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
        aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, Arrays.copyOfRange(bytes, 0, 12)));
        aes.updateAAD(entryId.getBytes(StandardCharsets.UTF_8));
        return new String(aes.doFinal(bytes, 12, bytes.length - 12), StandardCharsets.UTF_8);
    }
}
