package dev.usher.mail;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A front for the test JVM's real SMTP server (GreenMail): either it offers STARTTLS with its own
 * certificate and relays only after the upgrade (GreenMail has no STARTTLS), or it passes plain
 * SMTP through and, while {@link #refuse} is set, answers every recipient with a permanent 554.
 */
final class SmtpFront implements AutoCloseable {
    static final String REFUSAL = "554 5.7.1 Recipient address rejected by test policy";

    final AtomicBoolean refuse = new AtomicBoolean();
    final AtomicInteger upgraded = new AtomicInteger();
    private final ServerSocket listener;
    private final int backendPort;
    private final SSLContext tls;
    private final Thread acceptor;

    private SmtpFront(int backendPort, SSLContext tls) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.backendPort = backendPort;
        this.tls = tls;
        this.acceptor = new Thread(this::accept, "smtp-front");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    static SmtpFront plain(int backendPort) throws IOException {
        return new SmtpFront(backendPort, null);
    }

    static SmtpFront startTls(int backendPort, KeyStore keys, char[] password) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return new SmtpFront(backendPort, context);
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Thread t = new Thread(() -> serve(client), "smtp-front-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            Socket front = client;
            if (tls != null) {
                front = upgrade(client);
                if (front == null) {
                    return;
                }
            }
            try (Socket backend = new Socket(InetAddress.getLoopbackAddress(), backendPort)) {
                InputStream fromBackend = backend.getInputStream();
                if (tls != null) {
                    readLine(fromBackend); // GreenMail's greeting: the client was greeted before the upgrade
                }
                OutputStream toClient = front.getOutputStream();
                Socket clientSide = front;
                Thread down = new Thread(() -> copy(fromBackend, toClient), "smtp-front-down");
                down.setDaemon(true);
                down.start();
                up(clientSide.getInputStream(), backend.getOutputStream(), toClient);
                down.join(5_000);
            }
        } catch (Exception e) {
            // A test's connection ended; nothing to do.
        }
    }

    /** Greets, offers STARTTLS, and returns the TLS socket once the client took it (null if it did not). */
    private Socket upgrade(Socket client) throws IOException {
        InputStream in = client.getInputStream();
        OutputStream out = client.getOutputStream();
        write(out, "220 front.test ESMTP\r\n");
        while (true) {
            String line = readLine(in);
            if (line == null) {
                return null;
            }
            String command = line.toUpperCase();
            if (command.startsWith("EHLO")) {
                write(out, "250-front.test\r\n250 STARTTLS\r\n");
            } else if (command.startsWith("STARTTLS")) {
                write(out, "220 2.0.0 Ready to start TLS\r\n");
                SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(client, "127.0.0.1", client.getPort(), false);
                secure.setUseClientMode(false);
                secure.startHandshake();
                upgraded.incrementAndGet();
                return secure;
            } else if (command.startsWith("QUIT")) {
                write(out, "221 bye\r\n");
                return null;
            } else {
                write(out, "530 5.7.0 Must issue a STARTTLS command first\r\n");
            }
        }
    }

    /** Client to relay, line by line, so a recipient can be refused here; message content passes untouched. */
    private void up(InputStream in, OutputStream backend, OutputStream client) throws IOException {
        boolean inData = false;
        String line;
        while ((line = readLine(in)) != null) {
            if (!inData && refuse.get() && line.toUpperCase().startsWith("RCPT TO")) {
                synchronized (client) {
                    write(client, REFUSAL + "\r\n");
                }
                continue;
            }
            if (!inData && line.equalsIgnoreCase("DATA")) {
                inData = true;
            } else if (inData && line.equals(".")) {
                inData = false;
            }
            write(backend, line + "\r\n");
        }
        backend.close();
    }

    private static void copy(InputStream in, OutputStream out) {
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (out) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
        } catch (IOException ignored) {
            // one side closed
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String s = line.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
