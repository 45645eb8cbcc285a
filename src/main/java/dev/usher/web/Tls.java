package dev.usher.web;

import dev.usher.store.Sha256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The HTTPS certificate: browsers give the camera only to secure pages, so a tablet reaching the
 * organizer's laptop over venue Wi-Fi needs TLS. Either the organizer's PEM files, or a server
 * certificate from Usher's local CA in the data folder ({@link LocalCa}), which each device
 * installs once from the "Trust this server" page.
 */
public final class Tls {
    static final String ALIAS = "usher";
    private static final Logger log = LoggerFactory.getLogger(Tls.class);

    private final KeyStore keyStore;
    private final char[] password;
    private final X509Certificate certificate;
    private final X509Certificate localCa;

    private Tls(KeyStore keyStore, char[] password, X509Certificate certificate, X509Certificate localCa) {
        this.keyStore = keyStore;
        this.password = password;
        this.certificate = certificate;
        this.localCa = localCa;
    }

    public KeyStore keyStore() {
        return keyStore;
    }

    public String password() {
        return new String(password);
    }

    /** SHA-256 of the server certificate, colon-separated. */
    public String fingerprint() {
        return fingerprintOf(certificate);
    }

    /** Usher's own CA, when it issued the server certificate; empty with the organizer's certificate. */
    public Optional<X509Certificate> localCa() {
        return Optional.ofNullable(localCa);
    }

    /** The local CA's certificate as PEM, what a device installs to trust this server. */
    public Optional<String> localCaPem() {
        return localCa().map(ca -> {
            try {
                return new String(LocalCa.pem("CERTIFICATE", ca.getEncoded()), StandardCharsets.US_ASCII);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** SHA-256 of the certificate, colon-separated: what a person compares with the one their device shows. */
    public static String fingerprintOf(X509Certificate cert) {
        try {
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(Sha256.of(cert.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** From the organizer's certificate chain and private key (PKCS#8 PEM, RSA or EC). */
    public static Tls fromPem(Path certFile, Path keyFile) {
        try {
            List<Certificate> chain = new ArrayList<>();
            try (InputStream in = Files.newInputStream(certFile)) {
                chain.addAll(CertificateFactory.getInstance("X.509").generateCertificates(in));
            }
            if (chain.isEmpty()) {
                throw new IllegalArgumentException(certFile + " holds no certificate");
            }
            String keyPem = Files.readString(keyFile, StandardCharsets.US_ASCII);
            if (keyPem.contains("BEGIN RSA PRIVATE KEY") || keyPem.contains("BEGIN EC PRIVATE KEY")) {
                throw new IllegalArgumentException(keyFile + " is in the old PKCS#1/SEC1 form; convert it with "
                        + "'openssl pkcs8 -topk8 -nocrypt -in " + keyFile.getFileName() + " -out key.pem'");
            }
            byte[] der = Base64.getMimeDecoder().decode(keyPem.replaceAll("-----[A-Z ]+-----", ""));
            PrivateKey key = privateKey(der, chain.get(0).getPublicKey().getAlgorithm());
            return of(key, chain.toArray(new Certificate[0]), null);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the TLS certificate " + certFile + " / key " + keyFile + ": " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(byte[] der, String algorithm) throws GeneralSecurityException {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    /**
     * A server certificate from the local CA in the data folder, for this machine's names and
     * addresses as they are now (see {@link LocalCa#open}).
     */
    public static Tls localCa(Path dataDir) {
        return localCa(dataDir, LocalCa.Names.ofThisMachine(), Clock.systemUTC());
    }

    static Tls localCa(Path dataDir, LocalCa.Names names, Clock clock) {
        try {
            LocalCa.Issued issued = LocalCa.open(dataDir, names, clock);
            return of(issued.serverKey(), new Certificate[]{issued.server(), issued.ca()}, issued.ca());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up the local CA in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private static Tls of(PrivateKey key, Certificate[] chain, X509Certificate localCa) throws IOException, GeneralSecurityException {
        char[] password = "usher".toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(ALIAS, key, password, chain);
        return new Tls(store, password, (X509Certificate) chain[0], localCa);
    }

    /**
     * localhost, the loopback address and this machine's IPv4 addresses on its networks: where
     * other devices reach it (pairing links, ticket mails). The certificate names more ({@link LocalCa.Names}).
     */
    public static Set<String> localNames() {
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1"));
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLinkLocalAddress()) {
                        names.add(a.getHostAddress());
                    }
                }
            }
        } catch (IOException e) {
            log.warn("cannot list network addresses: {}", e.getMessage());
        }
        return names;
    }
}
