package dev.usher.trust;

import dev.usher.ticket.QrImages;
import dev.usher.web.ApiError;
import dev.usher.web.PublicOrigin;
import dev.usher.web.Tls;
import io.javalin.http.Context;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * What a tablet or phone needs to trust this server's HTTPS: the local CA's certificate
 * ({@code GET /ca.pem}, {@code GET /ca.crt}) and the facts the "Trust this server" page shows
 * ({@code GET /api/tls}). Served over plain HTTP too: a device asks before it trusts anything.
 */
public final class TrustController {
    public static final String PAGE = "/trust/";
    private final Tls tls;
    private final QrImages qr;

    /** @param tls null when Usher serves plain HTTP only */
    public TrustController(Tls tls, QrImages qr) {
        this.tls = tls;
        this.qr = qr;
    }

    /** Where this Usher listens; a port is -1 when it does not. */
    public record Ports(int http, int https) {
    }

    /**
     * @param localCa     the CA is Usher's own and can be installed from {@code caPem}/{@code caCrt}
     * @param https       this page was opened over HTTPS
     * @param fingerprint SHA-256 of the CA certificate, to compare with what the device shows
     * @param pageUrl     this page at an address other devices reach (for the QR code)
     * @param kioskUrl    the kiosk over HTTPS at the host this page was opened at
     */
    record TlsInfo(boolean localCa, boolean https, Integer httpsPort, String fingerprint, String caPem, String caCrt,
                   String caName, String pageUrl, String pageQr, String kioskUrl) {
    }

    public void info(Context ctx, Ports ports) {
        X509Certificate ca = tls == null ? null : tls.localCa().orElse(null);
        boolean https = "https".equals(ctx.scheme());
        String host = PublicOrigin.reachableHost(ctx);
        // The QR code leads to the plain-HTTP page: a phone that does not trust the CA yet would
        // stop at a certificate warning on the HTTPS one.
        int pagePort = ports.http() > 0 ? ports.http() : ctx.port();
        String pageUrl = (ports.http() > 0 ? "http" : ctx.scheme()) + "://" + host + ":" + pagePort + PAGE;
        String pageQr = "data:image/svg+xml;base64," + Base64.getEncoder().encodeToString(qr.svg(pageUrl).getBytes(StandardCharsets.UTF_8));
        Integer httpsPort = ports.https() > 0 ? ports.https() : null;
        String kioskUrl = httpsPort == null ? null : "https://" + PublicOrigin.requestHost(ctx) + ":" + httpsPort + "/kiosk/";
        ctx.json(new TlsInfo(ca != null, https, httpsPort, ca == null ? null : Tls.fingerprintOf(ca),
                ca == null ? null : "/ca.pem", ca == null ? null : "/ca.crt",
                ca == null ? null : commonName(ca), pageUrl, pageQr, kioskUrl));
    }

    /** The CA certificate as PEM: for curl ({@code --cacert}), ChromeOS and Android. */
    public void caPem(Context ctx) {
        String pem = tls == null ? null : tls.localCaPem().orElse(null);
        if (pem == null) {
            throw noLocalCa();
        }
        ctx.header("Content-Disposition", "attachment; filename=\"usher-local-ca.pem\"");
        ctx.contentType("application/x-pem-file").result(pem);
    }

    /**
     * The same certificate in DER: the type iOS/iPadOS opens as a profile to install and
     * Windows and macOS open in their certificate dialogs by double-click.
     */
    public void caCrt(Context ctx) {
        X509Certificate ca = tls == null ? null : tls.localCa().orElse(null);
        if (ca == null) {
            throw noLocalCa();
        }
        try {
            ctx.header("Content-Disposition", "attachment; filename=\"usher-local-ca.crt\"");
            ctx.contentType("application/x-x509-ca-cert").result(ca.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "Usher local CA (laptop)": the name a device lists the CA under once installed. */
    private static String commonName(X509Certificate cert) {
        try {
            return new LdapName(cert.getSubjectX500Principal().getName()).getRdns().stream()
                    .filter(rdn -> rdn.getType().equalsIgnoreCase("CN")).map(rdn -> String.valueOf(rdn.getValue()))
                    .findFirst().orElse(cert.getSubjectX500Principal().getName());
        } catch (InvalidNameException e) {
            return cert.getSubjectX500Principal().getName();
        }
    }

    private static ApiError noLocalCa() {
        return ApiError.notFound("no_local_ca",
                "This Usher runs without its local CA (it makes one with --tls-self-signed): there is no certificate to install.");
    }
}
