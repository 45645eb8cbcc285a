package dev.usher.ticket;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The event's Ed25519 key pair, made on first start and kept in the data folder.
 * Tickets are signed with it; kiosks get the public half to tell genuine codes from forged ones.
 */
public final class EventKey {
    static final String PRIVATE_FILE = "event-key.private.pem";
    static final String PUBLIC_FILE = "event-key.public.pem";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final SecureRandom random;

    private EventKey(PrivateKey privateKey, PublicKey publicKey, SecureRandom random) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.random = random;
    }

    public static EventKey loadOrCreate(Path dataDir, SecureRandom random) {
        Path privatePath = dataDir.resolve(PRIVATE_FILE);
        Path publicPath = dataDir.resolve(PUBLIC_FILE);
        try {
            KeyFactory factory = KeyFactory.getInstance("Ed25519");
            if (Files.exists(privatePath) && Files.exists(publicPath)) {
                PrivateKey priv = factory.generatePrivate(new PKCS8EncodedKeySpec(readPem(privatePath)));
                PublicKey pub = factory.generatePublic(new X509EncodedKeySpec(readPem(publicPath)));
                return new EventKey(priv, pub, random);
            }
            Files.createDirectories(dataDir);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(255, random);
            KeyPair pair = generator.generateKeyPair();
            writePem(privatePath, "PRIVATE KEY", pair.getPrivate().getEncoded(), true);
            writePem(publicPath, "PUBLIC KEY", pair.getPublic().getEncoded(), false);
            return new EventKey(pair.getPrivate(), pair.getPublic(), random);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load or create the event key in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** Issues a code for a fresh random serial. */
    public TicketCode issue() {
        byte[] serial = new byte[TicketCode.SERIAL_BYTES];
        random.nextBytes(serial);
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(privateKey);
            signer.update(TicketCode.payload(serial));
            return new TicketCode(serial, signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** Whether the code was signed by this event's key: what an offline kiosk checks. */
    public boolean verifies(TicketCode code) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey);
            verifier.update(TicketCode.payload(code.serial()));
            return verifier.verify(code.signature());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The public key as X.509 SubjectPublicKeyInfo, base64: WebCrypto imports it as "spki". */
    public String publicKeySpki() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    private static byte[] readPem(Path path) throws IOException {
        String text = Files.readString(path, StandardCharsets.US_ASCII)
                .replaceAll("-----[A-Z ]+-----", "")
                .replaceAll("\\s", "");
        return Base64.getDecoder().decode(text);
    }

    private static void writePem(Path path, String type, byte[] der, boolean secret) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        String pem = "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        Files.writeString(tmp, pem, StandardCharsets.US_ASCII);
        if (secret) {
            restrictToOwner(tmp);
        }
        Files.move(tmp, path, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    static void restrictToOwner(Path path) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): the folder's own permissions have to do.
        }
    }
}
