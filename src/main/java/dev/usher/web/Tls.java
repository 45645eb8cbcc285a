package dev.usher.web;

import dev.usher.store.DataFiles;
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
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The HTTPS certificate: browsers give the camera only to secure pages, so a tablet reaching the
 * organizer's laptop over venue Wi-Fi needs TLS. Either the organizer's PEM files, or a
 * self-signed certificate made once with the JDK's keytool and kept in the data folder.
 */
public final class Tls {
    public static final String SELF_SIGNED_FILE = "tls-self-signed.p12";
    static final String ALIAS = "usher";
    private static final Logger log = LoggerFactory.getLogger(Tls.class);

    private final KeyStore keyStore;
    private final char[] password;
    private final X509Certificate certificate;

    private Tls(KeyStore keyStore, char[] password, X509Certificate certificate) {
        this.keyStore = keyStore;
        this.password = password;
        this.certificate = certificate;
    }

    public KeyStore keyStore() {
        return keyStore;
    }

    public String password() {
        return new String(password);
    }

    /** SHA-256 of the certificate, colon-separated: what a person compares on the tablet's warning page. */
    public String fingerprint() {
        try {
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(Sha256.of(certificate.getEncoded()));
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
            char[] password = "usher".toCharArray();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, key, password, chain.toArray(new Certificate[0]));
            return new Tls(store, password, (X509Certificate) chain.get(0));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the TLS certificate " + certFile + " / key " + keyFile + ": " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(byte[] der, String algorithm) throws GeneralSecurityException {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    /**
     * The self-signed certificate in the data folder, made on first use for localhost and this
     * machine's addresses; made anew when the machine has an address the certificate lacks
     * (a new venue network), since browsers check the address against the certificate.
     */
    public static Tls selfSigned(Path dataDir) {
        Path file = dataDir.resolve(SELF_SIGNED_FILE);
        Path passFile = dataDir.resolve(SELF_SIGNED_FILE + ".password");
        Set<String> names = localNames();
        try {
            if (Files.exists(file) && Files.exists(passFile)) {
                Tls existing = load(file, Files.readString(passFile).strip().toCharArray());
                if (covers(existing.certificate, names)) {
                    return existing;
                }
                log.warn("This machine has an address the TLS certificate lacks; making a new self-signed certificate.");
            }
            DataFiles.createPrivateFolder(dataDir);
            char[] password = randomPassword();
            Path made = dataDir.resolve(SELF_SIGNED_FILE + ".new");
            Files.deleteIfExists(made);
            generate(made, password, names);
            byte[] keyStore = Files.readAllBytes(made);
            Files.delete(made);
            DataFiles.writeDurably(passFile, (new String(password) + "\n").getBytes(StandardCharsets.UTF_8));
            DataFiles.writeDurably(file, keyStore);
            return load(file, password);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a self-signed certificate in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private static Tls load(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        return new Tls(store, password, (X509Certificate) store.getCertificate(ALIAS));
    }

    private static void generate(Path file, char[] password, Set<String> names) throws IOException {
        List<String> san = new ArrayList<>();
        for (String n : names) {
            san.add((n.matches("[0-9.]+") || n.contains(":") ? "ip:" : "dns:") + n);
        }
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        List<String> command = List.of(keytool, "-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                "-sigalg", "SHA256withECDSA", "-validity", "825", "-dname", "CN=Usher (self-signed)",
                "-ext", "SAN=" + String.join(",", san), "-ext", "EKU=serverAuth",
                "-keystore", file.toString(), "-storetype", "PKCS12",
                "-storepass", new String(password), "-keypass", new String(password));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making the certificate", e);
        }
    }

    private static boolean covers(X509Certificate cert, Set<String> names) throws GeneralSecurityException {
        Collection<List<?>> sans = cert.getSubjectAlternativeNames();
        Set<String> have = new LinkedHashSet<>();
        if (sans != null) {
            sans.forEach(entry -> have.add(String.valueOf(entry.get(1))));
        }
        return have.containsAll(names);
    }

    /** localhost, the loopback address and this machine's IPv4 addresses on its networks. */
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
            log.warn("cannot list network addresses for the certificate: {}", e.getMessage());
        }
        return names;
    }

    private static char[] randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).toCharArray();
    }
}
