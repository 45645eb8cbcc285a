package dev.usher.mail;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code --smtp}: {@code smtp://user:pass@host:587} (STARTTLS whenever the relay offers it, and
 * required before a password is sent to anything but this machine), {@code smtps://user:pass@host:465}
 * (TLS from the first byte), or {@code smtp://127.0.0.1:2525} (a local relay, no login).
 * Its {@code toString} never shows the password.
 */
public record SmtpUrl(boolean implicitTls, String host, int port, String user, String password) {

    public static SmtpUrl parse(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (Exception e) {
            throw new IllegalArgumentException("--smtp is not a URL (smtp://user:pass@host:587)");
        }
        String scheme = uri.getScheme();
        if (!"smtp".equals(scheme) && !"smtps".equals(scheme) || uri.getHost() == null) {
            throw new IllegalArgumentException("--smtp takes smtp://[user:pass@]host[:port] or smtps://[user:pass@]host[:port]");
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/") || uri.getRawQuery() != null) {
            throw new IllegalArgumentException("--smtp takes no path or query: smtp://[user:pass@]host[:port]");
        }
        boolean tls = "smtps".equals(scheme);
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 465 : 587;
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? "" : decode(info.substring(colon + 1));
        }
        return new SmtpUrl(tls, uri.getHost(), port, user, password);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    public boolean loopback() {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
    }

    /** With a password for a relay elsewhere, plain text is not an option. */
    public boolean requireStartTls() {
        return !implicitTls && user != null && !loopback();
    }

    @Override
    public String toString() {
        return (implicitTls ? "smtps://" : "smtp://") + (user == null ? "" : user + ":***@") + host + ":" + port;
    }
}
