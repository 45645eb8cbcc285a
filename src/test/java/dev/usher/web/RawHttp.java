package dev.usher.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.usher.TestServer.ADMIN_TOKEN;

/**
 * A bare HTTP/1.1 client: exact bytes out, any source address. A body can hold any bytes and a path
 * any percent-escape, which {@link java.net.http.HttpClient} would refuse or repair; a request can
 * come from any loopback address, so routes limited per address can be reached many times.
 */
final class RawHttp {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RawHttp() {
    }

    /** One request: where it comes from, what it carries. */
    record Req(String method, String target, byte[] body, String token, String contentType, String source) {
        static Req post(String target, byte[] body) {
            return new Req("POST", target, body, null, "application/json", "127.0.0.1");
        }

        static Req get(String target) {
            return new Req("GET", target, null, null, null, "127.0.0.1");
        }

        Req admin() {
            return token(ADMIN_TOKEN);
        }

        Req token(String t) {
            return new Req(method, target, body, t, contentType, source);
        }

        Req from(String address) {
            return new Req(method, target, body, token, contentType, address);
        }

        Req contentType(String type) {
            return new Req(method, target, body, token, type, source);
        }

        /** The path as the router takes it: no query, no ;-parameters, single slashes, no trailing one. */
        String routedPath() {
            String path = target.split("\\?", 2)[0].replaceAll("/+", "/").replaceAll(";[^/]*", "");
            return path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        }

        /** The HTML ticket page, in any spelling the router takes for it. */
        boolean isTicketPage() {
            String path = target.split("\\?", 2)[0].replaceAll("/+", "/").replaceAll(";[^/]*", "");
            return method.equals("GET") && path.matches("/t/[^/]*/?");
        }

        @Override
        public String toString() {
            String who = token == null ? "anonymous" : token.equals(ADMIN_TOKEN) ? "admin" : "kiosk";
            String shown = body == null ? "" : " body(" + body.length + " bytes, " + contentType + ")=" + show(body, 400);
            return method + " " + abbreviate(target, 300) + " [" + who + " from " + source + "]" + shown;
        }
    }

    record Answer(int status, Map<String, String> headers, byte[] body) {
        String contentType() {
            return headers.getOrDefault("content-type", "");
        }

        String header(String name) {
            return headers.get(name);
        }

        boolean isJettyErrorPage() {
            return contentType().startsWith("text/html") && new String(body, StandardCharsets.ISO_8859_1).contains("<h2>HTTP ERROR ");
        }

        String jettyReason() {
            Matcher m = Pattern.compile("<title>Error \\d+ ([^<]*)</title>").matcher(new String(body, StandardCharsets.ISO_8859_1));
            return m.find() ? m.group(1) : "?";
        }

        /** The body as JSON, or null when it is not JSON (or empty). */
        JsonNode json() {
            try {
                JsonNode node = JSON.readTree(body);
                return node == null || node.isMissingNode() ? null : node;
            } catch (IOException e) {
                return null;
            }
        }

        @Override
        public String toString() {
            return status + " " + contentType() + " " + show(body, 400);
        }
    }

    static Answer send(int port, Req req) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(req.source(), 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(head(port, req).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            // The server may answer (413) and close before it read the whole body: keep reading meanwhile.
            IOException[] writeFailure = new IOException[1];
            Thread writer = new Thread(() -> {
                try {
                    if (req.body() != null) {
                        out.write(req.body());
                        out.flush();
                    }
                } catch (IOException e) {
                    writeFailure[0] = e;
                }
            }, "fuzz-body-writer");
            writer.start();
            try {
                return parse(s.getInputStream());
            } catch (IOException e) {
                if (writeFailure[0] != null) {
                    e.addSuppressed(writeFailure[0]);
                }
                throw e;
            } finally {
                s.close();
                joinQuietly(writer);
            }
        }
    }

    private static String head(int port, Req req) {
        StringBuilder head = new StringBuilder()
                .append(req.method()).append(' ').append(req.target()).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n")
                .append("Connection: close\r\n");
        if (req.token() != null) {
            head.append("Authorization: Bearer ").append(req.token()).append("\r\n");
        }
        if (req.body() != null) {
            if (req.contentType() != null) {
                head.append("Content-Type: ").append(req.contentType()).append("\r\n");
            }
            head.append("Content-Length: ").append(req.body().length).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Answer parse(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
        if (end < 0) {
            throw new IOException("no complete answer: " + show(all, 200));
        }
        String[] lines = new String(all, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.putIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
        byte[] body = Arrays.copyOfRange(all, end + 4, all.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Answer(status, headers, body);
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = indexOf(chunked, new byte[] {'\r', '\n'}, at);
            String size = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].strip();
            int n = Integer.parseInt(size, 16);
            if (n == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, n);
            at = lineEnd + 2 + n + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Bytes as a Java string literal would show them, cut to {@code max} characters. */
    static String show(byte[] bytes, int max) {
        StringBuilder sb = new StringBuilder("\"");
        String text = new String(bytes, 0, Math.min(bytes.length, max * 4), StandardCharsets.UTF_8);
        for (int i = 0; i < text.length() && sb.length() < max; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) || (c >= 0x80 && c < 0xa0) || c == '\ufffd'
                    || Character.getType(c) == Character.FORMAT) {
                sb.append(String.format("\\u%04x", (int) c));
            } else if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else {
                sb.append(c);
            }
        }
        return sb.append(sb.length() >= max ? "\"..." : "\"").toString();
    }

    /** Percent-escapes everything but unreserved characters; keeps the request line valid HTTP. */
    static String escape(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format("%02X", c));
            }
        }
        return sb.toString();
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...(" + s.length() + " chars)";
    }
}
