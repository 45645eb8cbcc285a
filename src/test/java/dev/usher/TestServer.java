package dev.usher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;

/**
 * The real server, started on a free port with its own data folder, and a small HTTP client for it.
 * Tests talk to it only over HTTP.
 */
public final class TestServer implements AutoCloseable {
    public static final String ADMIN_TOKEN = "test-admin-token-0123456789";
    /** {@code postgresql} to run every server on PostgreSQL ({@link PgCluster}); SQLite otherwise. */
    public static final String DB_PROPERTY = "usher.test.db";

    private final Usher usher;
    private final Javalin app;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    private TestServer(Usher usher, Javalin app) {
        this.usher = usher;
        this.app = app;
    }

    public static TestServer start(Path dataDir) {
        return start(new Config("127.0.0.1", 0, dataDir, null, ADMIN_TOKEN));
    }

    /**
     * Starts on {@code config.port()}: 0 for a free one, or a fixed one to restart a server in place.
     * Under {@code -Dusher.test.db=postgresql} a config without a database gets its data folder's
     * PostgreSQL database, so a restart on the same folder finds the same data.
     */
    public static TestServer start(Config config) {
        return start(config, Clock.tickMillis(ZoneOffset.UTC));
    }

    /** {@link #start(Config)} with its own clock (a node whose clock runs ahead sees claims run out early). */
    public static TestServer start(Config config, Clock clock) {
        if (onPostgres() && config.database() == null) {
            config = config.withDatabase(PgCluster.shared().databaseFor(config.dataDir()));
        }
        Usher usher = Usher.open(config, clock);
        Javalin app = App.create(usher).start(config.host(), config.port());
        return new TestServer(usher, app);
    }

    /** True when this run keeps the servers' data in PostgreSQL: for tests that look into SQLite's file. */
    public static boolean onPostgres() {
        return "postgresql".equals(System.getProperty(DB_PROPERTY));
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + App.httpPort(app);
    }

    public int port() {
        return App.httpPort(app);
    }

    public Javalin app() {
        return app;
    }

    /** A response with its body parsed as JSON when it is JSON. */
    public record Response(int status, String body, HttpResponse<byte[]> raw) {
        public JsonNode json() {
            try {
                return new ObjectMapper().readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    public Response get(String path, String token) {
        return send(request(path, token).GET().build());
    }

    public Response get(String path) {
        return get(path, null);
    }

    public Response post(String path, String body, String token) {
        return send(request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public Response post(String path, String body) {
        return post(path, body, null);
    }

    public Response postBytes(String path, byte[] body, String contentType, String token) {
        return send(request(path, token).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    public Response admin(String method, String path, String body) {
        HttpRequest.Builder b = request(path, ADMIN_TOKEN);
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        return send(b.header("Content-Type", "application/json").method(method, publisher).build());
    }

    /**
     * Issues a ticket for test set-up through the staff API (the public form is limited per address,
     * and every test client is 127.0.0.1); returns the ticket JSON.
     */
    public JsonNode register(String name, String email) {
        Response r = post("/api/tickets", json.createObjectNode().put("name", name).put("email", email).toString(), ADMIN_TOKEN);
        if (r.status() != 201) {
            throw new AssertionError("ticket issue failed: " + r.status() + " " + r.body());
        }
        return r.json().get("ticket");
    }

    /** Creates a kiosk device; returns its JSON (id, name, token). */
    public JsonNode createKiosk(String name) {
        Response r = post("/api/kiosks", json.createObjectNode().put("name", name).toString(), ADMIN_TOKEN);
        if (r.status() != 201) {
            throw new AssertionError("kiosk creation failed: " + r.status() + " " + r.body());
        }
        return r.json();
    }

    public Response checkIn(String code, String token) {
        return post("/api/checkins", json.createObjectNode().put("code", code).toString(), token);
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    public Response send(HttpRequest request) {
        try {
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            Response response = new Response(r.statusCode(), new String(r.body(), java.nio.charset.StandardCharsets.UTF_8), r);
            // Every JSON answer of every HTTP test must be what /api/openapi.json says it is.
            ApiContract.SERVED.check(request.method(), request.uri().getRawPath(), response.status(),
                    response.header("Content-Type"), response.body());
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        app.stop();
        usher.close();
    }
}
