package dev.usher.ticket;

import dev.usher.store.DataFiles;
import dev.usher.store.Database;
import dev.usher.store.SecretStore;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.SQLException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The event's Ed25519 key pair, made on first start and kept in the data folder (SQLite) or in the
 * database the nodes share (PostgreSQL).
 * Tickets are signed with it; kiosks get the public half to tell genuine codes from forged ones.
 */
public final class EventKey {
    static final String PRIVATE_FILE = "event-key.private.pem";
    static final String PUBLIC_FILE = "event-key.public.pem";
    /** The halves' names in the shared database (PKCS#8 and X.509 DER, as the PEM files hold them). */
    static final String SHARED_PRIVATE = "event-key.private";
    static final String SHARED_PUBLIC = "event-key.public";

    private final PublicKey publicKey;
    private final byte[] privateDer;
    private final byte[] seed;
    private final byte[] rawPublicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
    private final SecureRandom random;

    private EventKey(PrivateKey privateKey, PublicKey publicKey, SecureRandom random) {
        this.publicKey = publicKey;
        this.privateDer = privateKey.getEncoded();
        // The JDK keeps the keys (PKCS#8 / X.509 PEM files, the key published to kiosks); the
        // signing itself is BouncyCastle's RFC 8032 code, ten times faster, same signatures.
        this.seed = ((EdECPrivateKey) privateKey).getBytes()
                .orElseThrow(() -> new IllegalStateException("the event key has no exportable seed"));
        Ed25519.generatePublicKey(seed, 0, rawPublicKey, 0);
        this.random = random;
    }

    /** True when the data folder holds (any part of) an event key. */
    public static boolean existsIn(Path dataDir) {
        return Files.exists(dataDir.resolve(PRIVATE_FILE)) || Files.exists(dataDir.resolve(PUBLIC_FILE));
    }

    /**
     * The key in the data folder, or a new one when there is none and {@code mayCreate} (no ticket
     * was ever issued here). A key that is there but unreadable is never replaced: every ticket
     * issued carries its signature.
     */
    public static EventKey loadOrCreate(Path dataDir, SecureRandom random, boolean mayCreate) {
        Path privatePath = dataDir.resolve(PRIVATE_FILE);
        Path publicPath = dataDir.resolve(PUBLIC_FILE);
        if (existsIn(dataDir)) {
            try {
                KeyFactory factory = KeyFactory.getInstance("Ed25519");
                PrivateKey priv = factory.generatePrivate(new PKCS8EncodedKeySpec(readPem(privatePath)));
                PublicKey pub = factory.generatePublic(new X509EncodedKeySpec(readPem(publicPath)));
                return new EventKey(priv, pub, random);
            } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
                throw new IllegalStateException("the event key in " + dataDir.toAbsolutePath() + " cannot be read (" + e.getMessage()
                        + "). Every ticket issued is signed with it, so Usher will not make a new one: restore "
                        + PRIVATE_FILE + " and " + PUBLIC_FILE + " from your copy of the data folder.", e);
            }
        }
        if (!mayCreate) {
            throw new IllegalStateException("the database in " + dataDir.toAbsolutePath() + " holds tickets but the event key ("
                    + PRIVATE_FILE + ", " + PUBLIC_FILE + ") is missing: restore both files from your copy of the data folder."
                    + " A new key would turn every issued ticket into a forgery.");
        }
        try {
            KeyPair pair = generate(random);
            writePem(privatePath, "PRIVATE KEY", pair.getPrivate().getEncoded());
            writePem(publicPath, "PUBLIC KEY", pair.getPublic().getEncoded());
            return new EventKey(pair.getPrivate(), pair.getPublic(), random);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the event key in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The event key kept in the shared database (PostgreSQL, several nodes): every node signs and
     * verifies with the same key. Made by the first node when {@code mayCreate} (no ticket was ever
     * issued); a node that loses the race to make it uses the one the winner stored.
     */
    public static EventKey shared(Database db, SecretStore secrets, SecureRandom random, boolean mayCreate, long nowMillis) {
        List<byte[]> pair = db.read(c -> {
            Optional<byte[]> priv = secrets.find(c, SHARED_PRIVATE);
            Optional<byte[]> pub = secrets.find(c, SHARED_PUBLIC);
            return priv.isPresent() && pub.isPresent() ? List.of(priv.get(), pub.get()) : List.of();
        });
        if (pair.isEmpty()) {
            if (!mayCreate) {
                throw new IllegalStateException("the database holds tickets but no event key (secrets " + SHARED_PRIVATE + ", "
                        + SHARED_PUBLIC + "): restore the database from your backup. A new key would turn every issued ticket"
                        + " into a forgery.");
            }
            KeyPair fresh = generate(random);
            // One transaction for both halves: a node that loses the race keeps the winner's pair whole.
            pair = db.write(c -> List.of(secrets.keep(c, SHARED_PRIVATE, fresh.getPrivate().getEncoded(), nowMillis),
                    secrets.keep(c, SHARED_PUBLIC, fresh.getPublic().getEncoded(), nowMillis)));
        }
        try {
            KeyFactory factory = KeyFactory.getInstance("Ed25519");
            return new EventKey(factory.generatePrivate(new PKCS8EncodedKeySpec(pair.get(0))),
                    factory.generatePublic(new X509EncodedKeySpec(pair.get(1))), random);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the event key in the database cannot be read (" + e.getMessage()
                    + "). Every ticket issued is signed with it, so Usher will not make a new one.", e);
        }
    }

    private static KeyPair generate(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(255, random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make an event key: " + e.getMessage(), e);
        }
    }

    /**
     * The key already in the data folder or the shared database, or empty when that database
     * never had one: for {@code migrate}, which carries the key along with the tickets it signed.
     */
    public static Optional<EventKey> existing(Path dataDir, Database db, SecretStore secrets, SecureRandom random) {
        if (dataDir != null) {
            return existsIn(dataDir) ? Optional.of(loadOrCreate(dataDir, random, false)) : Optional.empty();
        }
        boolean stored = db.read(c -> secrets.find(c, SHARED_PRIVATE).isPresent());
        return stored ? Optional.of(shared(db, secrets, random, false, 0)) : Optional.empty();
    }

    /** Keeps this key in the shared database, in the transaction of {@code c}. */
    public void keepIn(Connection c, SecretStore secrets, long nowMillis) throws SQLException {
        secrets.keep(c, SHARED_PRIVATE, privateDer, nowMillis);
        secrets.keep(c, SHARED_PUBLIC, publicKey.getEncoded(), nowMillis);
    }

    /** Writes this key's two files into a data folder that has none. */
    public void writeTo(Path dataDir) throws IOException {
        if (existsIn(dataDir)) {
            throw new IOException(dataDir.toAbsolutePath() + " already has an event key");
        }
        writePem(dataDir.resolve(PRIVATE_FILE), "PRIVATE KEY", privateDer);
        writePem(dataDir.resolve(PUBLIC_FILE), "PUBLIC KEY", publicKey.getEncoded());
    }

    /** Issues a code for a fresh random serial. */
    public TicketCode issue() {
        byte[] serial = new byte[TicketCode.SERIAL_BYTES];
        random.nextBytes(serial);
        byte[] payload = TicketCode.payload(serial);
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(seed, 0, payload, 0, payload.length, signature, 0);
        return new TicketCode(serial, signature);
    }

    /** Ed25519 of {@code message} with the event key: webhooks are signed with it too ("v1a"). */
    public byte[] sign(byte[] message) {
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(seed, 0, message, 0, message.length, signature, 0);
        return signature;
    }

    /** Whether the code was signed by this event's key: what an offline kiosk checks. */
    public boolean verifies(TicketCode code) {
        byte[] payload = TicketCode.payload(code.serial());
        return Ed25519.verify(code.signature(), 0, rawPublicKey, 0, payload, 0, payload.length);
    }

    /** The public key as the JDK holds it, e.g. to check that a standard verifier accepts our codes. */
    public PublicKey publicKey() {
        return publicKey;
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

    private static void writePem(Path path, String type, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        String pem = "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
        DataFiles.writeDurably(path, pem.getBytes(StandardCharsets.US_ASCII));
    }
}
