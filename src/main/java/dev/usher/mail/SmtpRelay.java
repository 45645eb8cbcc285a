package dev.usher.mail;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Properties;

/**
 * Mails handed to an SMTP relay over one connection that is kept open between mails and opened
 * again when the relay drops it. The relay's answer decides: 2xx accepted, 4xx and no connection
 * try later, 5xx refused for good.
 */
final class SmtpRelay implements MailTransport {
    private static final Logger log = LoggerFactory.getLogger(SmtpRelay.class);
    private static final int TIMEOUT_MS = 30_000;

    private final SmtpUrl url;
    private final Session session;
    private Transport connection;

    SmtpRelay(SmtpUrl url, Path trust) {
        this.url = url;
        String protocol = url.implicitTls() ? "smtps" : "smtp";
        Properties p = new Properties();
        String prefix = "mail." + protocol + ".";
        p.setProperty("mail.transport.protocol", protocol);
        p.setProperty(prefix + "host", url.host());
        p.setProperty(prefix + "port", Integer.toString(url.port()));
        p.setProperty(prefix + "connectiontimeout", Integer.toString(TIMEOUT_MS));
        p.setProperty(prefix + "timeout", Integer.toString(TIMEOUT_MS));
        p.setProperty(prefix + "writetimeout", Integer.toString(TIMEOUT_MS));
        p.setProperty(prefix + "auth", Boolean.toString(url.user() != null));
        // STARTTLS whenever the relay offers it; a password never crosses the network in plain text.
        p.setProperty(prefix + "starttls.enable", "true");
        p.setProperty(prefix + "starttls.required", Boolean.toString(url.requireStartTls()));
        p.setProperty(prefix + "ssl.checkserveridentity", "true");
        // The relay's answer to each recipient is what the outbox records, not a summary.
        p.setProperty(prefix + "reportsuccess", "false");
        p.put(prefix + "socketFactory", new NoDelaySockets(SocketFactory.getDefault()));
        SSLSocketFactory tls = trust != null ? trusting(trust).getSocketFactory() : (SSLSocketFactory) SSLSocketFactory.getDefault();
        // For smtps:// the TLS factory makes the connection itself; for STARTTLS it wraps the plain one.
        p.put(prefix + "ssl.socketFactory", tls);
        if (url.implicitTls()) {
            p.put(prefix + "socketFactory", new NoDelaySockets(tls));
        }
        this.session = Session.getInstance(p);
    }

    /** The JVM's trusted authorities and the organizer's own relay certificate. */
    private static SSLContext trusting(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            defaults.init((KeyStore) null);
            int n = 0;
            for (var tm : defaults.getTrustManagers()) {
                if (tm instanceof javax.net.ssl.X509TrustManager x) {
                    for (X509Certificate ca : x.getAcceptedIssuers()) {
                        store.setCertificateEntry("jvm-" + n++, ca);
                    }
                }
            }
            for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("relay-" + n++, cert);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("--smtp-ca: cannot read a PEM certificate from " + pem + ": " + e.getMessage());
        }
    }

    @Override
    public String name() {
        return "smtp";
    }

    @Override
    public Delivery send(MimeMessage message, String mailId) {
        try {
            if (connection == null || !connection.isConnected()) {
                connection = session.getTransport();
                connection.connect(url.host(), url.port(), url.user(), url.password());
            }
            connection.sendMessage(message, message.getAllRecipients());
            return new Delivery.Accepted();
        } catch (MessagingException e) {
            closeConnection();
            return classify(e);
        }
    }

    static Delivery classify(MessagingException e) {
        int code = replyCode(e);
        String answer = answer(e);
        if (e instanceof AuthenticationFailedException) {
            // The organizer fixes the login and restarts; the mail waits for that.
            return new Delivery.TryLater("the relay refused the login (check the user and password in --smtp): " + answer);
        }
        if (code >= 500 && code < 600) {
            return new Delivery.Refused(answer);
        }
        return new Delivery.TryLater(answer);
    }

    /** The SMTP reply code somewhere in the exception chain, or -1. */
    private static int replyCode(Exception e) {
        for (Exception x = e; x != null; x = x instanceof MessagingException m ? m.getNextException() : null) {
            if (x instanceof SMTPAddressFailedException a) {
                return a.getReturnCode();
            }
            if (x instanceof SMTPSendFailedException s) {
                return s.getReturnCode();
            }
        }
        if (e instanceof MessagingException && e.getCause() == null && e.getMessage() != null && e.getMessage().matches("^[45]\\d\\d .*")) {
            return Integer.parseInt(e.getMessage().substring(0, 3));
        }
        return -1;
    }

    /** The relay's own words where it gave any, else what went wrong on the way. Never holds credentials. */
    private static String answer(MessagingException e) {
        for (Exception x = e; x != null; x = x instanceof MessagingException m ? m.getNextException() : null) {
            if (x instanceof SMTPAddressFailedException || x instanceof SMTPSendFailedException) {
                return x.getMessage().strip();
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")";
        return text.strip();
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (MessagingException ignored) {
                // The connection is broken already; a new one is opened for the next mail.
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        closeConnection();
        log.debug("SMTP relay {} closed", url);
    }
}
