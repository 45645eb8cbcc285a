// A webhook receiver for Usher that lights a pin on a map of the venue for every arrival.
// Only the JDK: run it with `java docs/examples/WallMap.java PORT [SECRET] [USHER_URL]`, register
// http://THIS_HOST:PORT/hook as a webhook (the dashboard's Webhooks panel or POST /api/webhooks),
// and open http://THIS_HOST:PORT/ on the wall screen. With SECRET (whsec_...) it checks the v1
// signature; with USHER_URL it fetches the event's public key and checks the v1a signature too.
// A request that fails a check is answered 401 and lights nothing.

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class WallMap {
    private static final long TOLERANCE_SECONDS = 300;
    private static final Map<String, List<String>> arrivals = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String secret = args.length > 1 && !args[1].isBlank() ? args[1] : null;
        PublicKey eventKey = args.length > 2 ? fetchKey(args[2]) : null;
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 50);
        server.createContext("/hook", exchange -> receive(exchange, secret, eventKey));
        server.createContext("/", WallMap::map);
        server.start();
        System.out.println("wall map on http://localhost:" + port + "/ (webhook: /hook)");
    }

    // --- the 10 lines a receiver needs: Standard Webhooks v1 (HMAC) and Usher's v1a (Ed25519) ---
    static boolean verified(String id, String timestamp, String body, String header, String secret, PublicKey key) throws Exception {
        if (Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) > TOLERANCE_SECONDS) return false;
        byte[] signed = (id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8);
        boolean v1 = secret == null, v1a = key == null;
        Mac mac = Mac.getInstance("HmacSHA256");
        if (secret != null) mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        byte[] expected = secret == null ? null : mac.doFinal(signed);
        for (String part : header.split(" ")) {
            if (secret != null && part.startsWith("v1,")) v1 |= MessageDigest.isEqual(expected, Base64.getDecoder().decode(part.substring(3)));
            if (key != null && part.startsWith("v1a,")) { Signature s = Signature.getInstance("Ed25519"); s.initVerify(key); s.update(signed); v1a |= s.verify(Base64.getDecoder().decode(part.substring(4))); }
        }
        return v1 && v1a;
    }

    private static void receive(HttpExchange ex, String secret, PublicKey key) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        boolean ok;
        try {
            ok = verified(ex.getRequestHeaders().getFirst("webhook-id"), ex.getRequestHeaders().getFirst("webhook-timestamp"), body,
                    ex.getRequestHeaders().getFirst("webhook-signature"), secret, key);
        } catch (Exception e) {
            ok = false;
        }
        if (ok && field(body, "type").equals("checkin.created") && field(body, "type", 1).equals("entry")) {
            synchronized (arrivals) {
                arrivals.computeIfAbsent(field(body, "list"), k -> new ArrayList<>()).add(field(body, "name"));
            }
        }
        ex.sendResponseHeaders(ok ? 204 : 401, -1);
        ex.close();
    }

    /** The venue: a room per check-in list, a pin per arrival. Refreshes itself every 2 s. */
    private static void map(HttpExchange ex) throws IOException {
        StringBuilder svg = new StringBuilder("<!doctype html><meta http-equiv=refresh content=2><title>Arrivals</title>"
                + "<svg xmlns='http://www.w3.org/2000/svg' width='900' height='420' font-family='sans-serif'>");
        int room = 0;
        synchronized (arrivals) {
            for (Map.Entry<String, List<String>> e : arrivals.entrySet()) {
                int x = 20 + (room % 3) * 290, y = 20 + (room / 3) * 200;
                svg.append("<rect x='").append(x).append("' y='").append(y).append("' width='270' height='180' fill='#eef' stroke='#336'/>")
                        .append("<text x='").append(x + 10).append("' y='").append(y + 24).append("'>").append(escape(e.getKey()))
                        .append(" (").append(e.getValue().size()).append(")</text>");
                for (int i = 0; i < e.getValue().size(); i++) {
                    svg.append("<circle class='pin' cx='").append(x + 20 + (i % 12) * 20).append("' cy='").append(y + 50 + (i / 12) * 20)
                            .append("' r='7' fill='#e33'><title>").append(escape(e.getValue().get(i))).append("</title></circle>");
                }
                room++;
            }
        }
        byte[] page = svg.append("</svg>").toString().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
        ex.sendResponseHeaders(200, page.length);
        ex.getResponseBody().write(page);
        ex.close();
    }

    private static PublicKey fetchKey(String usher) throws Exception {
        String event = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(usher + "/api/event")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("\"spki\"\\s*:\\s*\"([^\"]+)\"").matcher(event);
        if (!m.find()) throw new IllegalStateException("no public key in " + usher + "/api/event");
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(m.group(1))));
    }

    /** The n-th string value of a field: enough JSON for a demo; use a JSON library in real code. */
    private static String field(String json, String name, int... nth) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        for (int i = 0; i <= (nth.length == 0 ? 0 : nth[0]); i++) {
            if (!m.find()) return "";
        }
        return m.group(1);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace("'", "&#39;");
    }
}
