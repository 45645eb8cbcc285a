package dev.usher.web;

import dev.usher.store.DataFiles;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A small certificate authority kept in the data folder (what {@code --tls-self-signed} makes): a
 * long-lived CA that a tablet or phone installs once, and the server certificate it issues for
 * this machine's names and addresses. The server certificate is issued again whenever those
 * change (a new venue network, a new DHCP lease); the CA stays, so devices keep trusting Usher.
 */
final class LocalCa {
    static final String CA_CERT = "tls-ca.pem";
    static final String CA_KEY = "tls-ca-key.pem";
    static final String SERVER_CERT = "tls-server.pem";
    static final String SERVER_KEY = "tls-server-key.pem";
    /** What Usher before the local CA kept: a keytool-made PKCS#12 and its password. */
    static final String OLD_SELF_SIGNED = "tls-self-signed.p12";
    static final Duration CA_VALIDITY = Duration.ofDays(3652);
    /** Browsers refuse server certificates valid for more than 398 days (Apple even for local CAs). */
    static final Duration SERVER_VALIDITY = Duration.ofDays(397);
    static final Duration RENEW_BEFORE = Duration.ofDays(30);
    /** Tablets with a clock a little behind still accept a certificate made just now. */
    private static final Duration BACKDATE = Duration.ofHours(1);
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final Pattern DNS_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Logger log = LoggerFactory.getLogger(LocalCa.class);

    private LocalCa() {
    }

    /** The CA, the server certificate it issued and that certificate's key. */
    record Issued(X509Certificate ca, X509Certificate server, PrivateKey serverKey) {
    }

    /**
     * A certificate's subjectAltNames: DNS names in lower case, IP addresses in Java's canonical
     * text form (so {@code ::1} and {@code 0:0:0:0:0:0:0:1} are the same address).
     */
    record Names(SortedSet<String> dns, SortedSet<String> ips) {
        Names {
            dns = Collections.unmodifiableSortedSet(new TreeSet<>(dns));
            ips = Collections.unmodifiableSortedSet(new TreeSet<>(ips.stream().map(LocalCa::canonicalIp).toList()));
        }

        /** This machine's host name, localhost, loopback and the addresses of its up network interfaces. */
        static Names ofThisMachine() {
            SortedSet<String> dns = new TreeSet<>(List.of("localhost"));
            String host = hostName();
            if (host != null) {
                dns.add(host);
                if (!host.contains(".")) {
                    // What Apple devices (and Windows, Linux with Avahi) find the machine by over mDNS.
                    dns.add(host + ".local");
                }
            }
            SortedSet<String> ips = new TreeSet<>(List.of("127.0.0.1", "::1"));
            try {
                for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    if (!nic.isUp() || nic.isLoopback()) {
                        continue;
                    }
                    for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                        // Link-local addresses change with every boot and need a zone (%eth0) no browser takes in a URL.
                        if (!a.isLinkLocalAddress() && !a.isLoopbackAddress()) {
                            ips.add(a.getHostAddress());
                        }
                    }
                }
            } catch (IOException e) {
                log.warn("cannot list network addresses for the certificate: {}", e.getMessage());
            }
            return new Names(dns, ips);
        }

        static Names of(X509Certificate cert) throws GeneralSecurityException {
            SortedSet<String> dns = new TreeSet<>();
            SortedSet<String> ips = new TreeSet<>();
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    int type = (Integer) san.get(0);
                    if (type == GeneralName.dNSName) {
                        dns.add(String.valueOf(san.get(1)).toLowerCase(Locale.ROOT));
                    } else if (type == GeneralName.iPAddress) {
                        ips.add(String.valueOf(san.get(1)));
                    }
                }
            }
            return new Names(dns, ips);
        }

        /** Only the DNS names the CA may issue for; IP addresses are not constrained. */
        Names within(SortedSet<String> permittedDns) {
            return new Names(new TreeSet<>(dns.stream().filter(n -> permits(permittedDns, n)).toList()), ips);
        }
    }

    /**
     * The CA in {@code dataDir}, made on first use; and a server certificate for {@code names},
     * issued anew when the stored one names other names or addresses, comes from another CA or
     * expires within {@link #RENEW_BEFORE}.
     */
    static Issued open(Path dataDir, Names names, Clock clock) throws IOException, GeneralSecurityException {
        DataFiles.createPrivateFolder(dataDir);
        Path caCert = dataDir.resolve(CA_CERT);
        Path caKey = dataDir.resolve(CA_KEY);
        Path old = dataDir.resolve(OLD_SELF_SIGNED);
        X509Certificate ca;
        PrivateKey caPrivate;
        if (Files.exists(caCert) && Files.exists(caKey)) {
            ca = readCertificates(caCert).get(0);
            caPrivate = readKey(caKey);
        } else {
            if (Files.exists(old)) {
                log.warn("Moving {} from the self-signed certificate ({}) to a local CA: devices that accepted the old "
                        + "certificate install the CA once instead (open /trust/ on each device).", dataDir, OLD_SELF_SIGNED);
            }
            KeyPair pair = newKeyPair();
            ca = makeCa(pair, names.dns(), clock.instant());
            caPrivate = pair.getPrivate();
            DataFiles.writeDurably(caKey, pem("PRIVATE KEY", caPrivate.getEncoded()));
            DataFiles.writeDurably(caCert, pem("CERTIFICATE", ca.getEncoded()));
            log.info("Made a local CA in {} ({}); devices trust Usher once they install it from /trust/.", caCert, ca.getSubjectX500Principal().getName());
        }

        SortedSet<String> permitted = permittedDns(ca);
        Names wanted = names.within(permitted);
        if (!wanted.dns().equals(names.dns())) {
            SortedSet<String> left = new TreeSet<>(names.dns());
            left.removeAll(wanted.dns());
            log.warn("The local CA may issue only for {}; the server certificate leaves out {}. To cover them, move {} and {} "
                    + "away and restart (every device then installs the new CA).", permitted, left, CA_CERT, CA_KEY);
        }

        Path serverCert = dataDir.resolve(SERVER_CERT);
        Path serverKey = dataDir.resolve(SERVER_KEY);
        if (Files.exists(serverCert) && Files.exists(serverKey)) {
            X509Certificate server = readCertificates(serverCert).get(0);
            String stale = staleness(server, ca, wanted, clock.instant());
            if (stale == null) {
                deleteOld(dataDir);
                return new Issued(ca, server, readKey(serverKey));
            }
            log.info("Issuing a new server certificate from the local CA: {}. The CA stays: devices that trust it need nothing.", stale);
        }
        KeyPair pair = newKeyPair();
        X509Certificate server = makeServer(pair.getPublic(), wanted, ca, caPrivate, clock.instant());
        DataFiles.writeDurably(serverKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        DataFiles.writeDurably(serverCert, concat(pem("CERTIFICATE", server.getEncoded()), pem("CERTIFICATE", ca.getEncoded())));
        deleteOld(dataDir);
        return new Issued(ca, server, pair.getPrivate());
    }

    /** Why the stored server certificate will not do, or null when it will. */
    private static String staleness(X509Certificate server, X509Certificate ca, Names wanted, Instant now) throws GeneralSecurityException {
        try {
            server.verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
            return "the stored one was not issued by this CA";
        }
        Names have = Names.of(server);
        if (!have.equals(wanted)) {
            return "this machine's names and addresses changed from " + have + " to " + wanted;
        }
        if (server.getNotAfter().toInstant().isBefore(now.plus(RENEW_BEFORE))) {
            return "the stored one expires on " + server.getNotAfter().toInstant();
        }
        return null;
    }

    private static X509Certificate makeCa(KeyPair pair, SortedSet<String> dns, Instant now) throws GeneralSecurityException, IOException {
        String host = dns.stream().filter(n -> !n.equals("localhost") && !n.endsWith(".local")).findFirst().orElse("localhost");
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "Usher").addRDN(BCStyle.CN, "Usher local CA (" + host + ")").build();
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(now.minus(BACKDATE)),
                Date.from(now.minus(BACKDATE).plus(CA_VALIDITY)), subject, pair.getPublic());
        // pathlen 0: it issues server certificates only, never another CA.
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
        // Whoever copies the data folder holds this key: it may sign only for this machine's own
        // DNS names, so a copy of it cannot impersonate other sites to the devices that trust it.
        GeneralSubtree[] permitted = dns.stream()
                .map(n -> new GeneralSubtree(new GeneralName(GeneralName.dNSName, n)))
                .toArray(GeneralSubtree[]::new);
        b.addExtension(Extension.nameConstraints, true, new NameConstraints(permitted, null));
        return sign(b, pair.getPrivate());
    }

    private static X509Certificate makeServer(PublicKey key, Names names, X509Certificate ca, PrivateKey caKey, Instant now)
            throws GeneralSecurityException, IOException {
        List<GeneralName> san = new ArrayList<>();
        names.dns().forEach(n -> san.add(new GeneralName(GeneralName.dNSName, n)));
        names.ips().forEach(n -> san.add(new GeneralName(GeneralName.iPAddress, n)));
        String host = names.dns().stream().filter(n -> !n.equals("localhost") && !n.endsWith(".local")).findFirst().orElse("localhost");
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Usher").addRDN(BCStyle.CN, "Usher (" + host + ")").build();
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca, serial(), Date.from(now.minus(BACKDATE)),
                Date.from(now.minus(BACKDATE).plus(SERVER_VALIDITY)), subject, key);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san.toArray(new GeneralName[0])));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key));
        b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
        return sign(b, caKey);
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(SIGNATURE).build(key)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign the certificate: " + e.getMessage(), e);
        }
    }

    /** The DNS names the CA's nameConstraints permit (each also covers its subdomains). */
    static SortedSet<String> permittedDns(X509Certificate ca) throws GeneralSecurityException {
        SortedSet<String> names = new TreeSet<>();
        NameConstraints nc;
        try {
            nc = NameConstraints.getInstance(new JcaX509CertificateHolder(ca).getExtensions().getExtensionParsedValue(Extension.nameConstraints));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("the CA's nameConstraints cannot be read: " + e.getMessage(), e);
        }
        if (nc == null || nc.getPermittedSubtrees() == null) {
            return null;
        }
        for (GeneralSubtree s : nc.getPermittedSubtrees()) {
            if (s.getBase().getTagNo() == GeneralName.dNSName) {
                ASN1Encodable name = s.getBase().getName();
                names.add(DERIA5String.getInstance(name).getString().toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    private static boolean permits(SortedSet<String> permitted, String name) {
        return permitted == null || permitted.stream().anyMatch(p -> name.equals(p) || name.endsWith("." + p));
    }

    private static String hostName() {
        // Windows and most shells name the machine in the environment, which needs no name lookup.
        Map<String, String> env = System.getenv();
        String name = env.getOrDefault("COMPUTERNAME", env.get("HOSTNAME"));
        if (name == null) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return null;
            }
        }
        name = name.strip().toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        // An address instead of a name (no name resolves), or a name no certificate can carry.
        return DNS_NAME.matcher(name).matches() && !name.matches("[0-9.]+") ? name : null;
    }

    private static String canonicalIp(String text) {
        String bare = text.contains("%") ? text.substring(0, text.indexOf('%')) : text;
        if (!bare.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("not an IP address: " + text);
        }
        try {
            // A literal address: parsed, never looked up.
            return InetAddress.getByName(bare).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + text, e);
        }
    }

    private static void deleteOld(Path dataDir) throws IOException {
        Path old = dataDir.resolve(OLD_SELF_SIGNED);
        if (Files.deleteIfExists(old)) {
            log.info("Deleted {}: the local CA replaces it.", old);
        }
        Files.deleteIfExists(dataDir.resolve(OLD_SELF_SIGNED + ".password"));
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(127, new SecureRandom()).setBit(126);
    }

    static List<X509Certificate> readCertificates(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
            if (certs.isEmpty()) {
                throw new GeneralSecurityException(file + " holds no certificate");
            }
            return certs;
        }
    }

    private static PrivateKey readKey(Path file) throws IOException, GeneralSecurityException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        byte[] der = Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", ""));
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    static byte[] pem(String type, byte[] der) {
        Base64.Encoder b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        return ("-----BEGIN " + type + "-----\n" + b64.encodeToString(der) + "\n-----END " + type + "-----\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
