package dev.usher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny SMTP relay on 127.0.0.1 that turns every recipient down for good ({@code 554}) until it
 * is told to {@link #accept()}; from then on it takes mails and counts them. Enough of SMTP for
 * Usher's sender to get a permanent refusal, and then a delivery after a retry.
 */
public final class RefusingRelay implements AutoCloseable {
    public static final String REFUSAL = "554 5.7.1 Recipient address rejected: test relay refuses";

    private final ServerSocket socket;
    private final Thread acceptor;
    private final AtomicBoolean accepting = new AtomicBoolean();
    private final AtomicInteger delivered = new AtomicInteger();

    public RefusingRelay() {
        try {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = new Thread(this::serve, "refusing-relay");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** For {@code --smtp}. */
    public String url() {
        return "smtp://127.0.0.1:" + socket.getLocalPort();
    }

    /** From now on, recipients are accepted and mails delivered. */
    public void accept() {
        accepting.set(true);
    }

    /** Mails taken since {@link #accept()}. */
    public int delivered() {
        return delivered.get();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Thread session = new Thread(() -> talk(client), "refusing-relay-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void talk(Socket client) {
        try (client;
             BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
             OutputStream out = client.getOutputStream()) {
            say(out, "220 127.0.0.1 test relay");
            String line;
            while ((line = in.readLine()) != null) {
                String verb = line.length() < 4 ? line.toUpperCase() : line.substring(0, 4).toUpperCase();
                switch (verb) {
                    case "EHLO", "HELO" -> say(out, "250 127.0.0.1");
                    case "RCPT" -> say(out, accepting.get() ? "250 2.1.5 OK" : REFUSAL);
                    case "DATA" -> {
                        say(out, "354 end with <CRLF>.<CRLF>");
                        while ((line = in.readLine()) != null && !line.equals(".")) {
                            // the mail itself is not kept
                        }
                        delivered.incrementAndGet();
                        say(out, "250 2.0.0 queued");
                    }
                    case "QUIT" -> {
                        say(out, "221 2.0.0 bye");
                        return;
                    }
                    default -> say(out, "250 OK");
                }
            }
        } catch (SocketException e) {
            // the sender hung up
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void say(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
