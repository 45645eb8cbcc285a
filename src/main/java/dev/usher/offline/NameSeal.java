package dev.usher.offline;

import dev.usher.store.Sha256;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * How an offline entry hides its ticket (docs/offline-api.md): the entry id is a hash of the
 * code's serial, and the name is sealed with a key derived from the serial. Only someone holding
 * the code (the person at the door) can find its entry and read its name.
 */
public final class NameSeal {
    private static final byte[] ID_PREFIX = "usher-offline-id:".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SALT = "usher-offline-v1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] INFO = "name".getBytes(StandardCharsets.UTF_8);
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random;

    public NameSeal(SecureRandom random) {
        this.random = random;
    }

    /** The first 32 hex characters of SHA-256("usher-offline-id:" || serial). */
    static String entryId(byte[] serial) {
        byte[] input = new byte[ID_PREFIX.length + serial.length];
        System.arraycopy(ID_PREFIX, 0, input, 0, ID_PREFIX.length);
        System.arraycopy(serial, 0, input, ID_PREFIX.length, serial.length);
        return HexFormat.of().formatHex(Sha256.of(input), 0, 16);
    }

    /** base64url (no padding) of iv || AES-256-GCM(name) with the entry id as additional data. */
    String seal(byte[] serial, String entryId, String name) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(nameKey(serial), "AES"), new GCMParameterSpec(TAG_BITS, iv));
            aes.updateAAD(entryId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = aes.doFinal(name.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[IV_BYTES + sealed.length];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    private static byte[] nameKey(byte[] serial) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(serial, SALT, INFO));
        byte[] key = new byte[32];
        hkdf.generateBytes(key, 0, key.length);
        return key;
    }
}
