package dev.usher;

import dev.usher.auth.MeController;
import dev.usher.kiosk.KioskServiceWorker;
import dev.usher.node.CrossNodeAccess;
import dev.usher.store.StoreUnavailableException;
import dev.usher.trust.TrustController;
import dev.usher.web.ApiDocs;
import dev.usher.web.ClientAddress;
import dev.usher.web.ApiError;
import dev.usher.web.JsonErrorPages;
import dev.usher.web.RequestChecks;
import dev.usher.web.SecurityHeaders;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.JavalinStaticResourceHandler;
import io.javalin.http.util.AsyncExecutor;
import io.javalin.http.staticfiles.Location;
import io.javalin.http.staticfiles.StaticFileConfig;
import io.javalin.json.JavalinJackson;
import io.javalin.security.RouteRole;
import kotlin.LazyKt;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static dev.usher.auth.Limit.OFFLINE_SYNCS;
import static dev.usher.auth.Limit.REGISTRATIONS;
import static dev.usher.auth.Limit.SCANS;
import static dev.usher.auth.Limit.SEARCHES;
import static dev.usher.auth.Limit.STREAMS;
import static dev.usher.auth.Limit.TICKET_PAGES;
import static dev.usher.auth.Role.ADMIN;
import static dev.usher.auth.Role.ANYONE;
import static dev.usher.auth.Role.KIOSK;
import static dev.usher.auth.Role.VIEWER;
import static dev.usher.web.RoutePolicy.CAMERA_SCANNER;
import static dev.usher.web.RoutePolicy.CROSS_NODE;
import static dev.usher.web.RoutePolicy.EVENT_STREAM;
import static dev.usher.web.RoutePolicy.MAIL_PREVIEW;
import static dev.usher.web.RoutePolicy.SAME_ORIGIN;
import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.patch;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;
import static io.javalin.apibuilder.ApiBuilder.put;
import static io.javalin.apibuilder.ApiBuilder.sse;

/**
 * The whole route table, error mapping and static files: used by {@code Main} and by the tests.
 * Each route declares who may call it (a {@code Role}), its rate limit (a {@code Limit}) and any
 * page policy (a {@code RoutePolicy}); nothing else in Usher decides by looking at a path.
 */
public final class App {
    private static final Logger log = LoggerFactory.getLogger(App.class);
    /** JSON bodies are small; this stops a multi-megabyte body before it is read. */
    static final long MAX_JSON_BODY = 64 * 1024;
    private static final int JETTY_MAX_THREADS = 250;
    private static final int JETTY_MIN_THREADS = 8;
    private static final int IDLE_THREAD_MS = 10_000;

    private App() {
    }

    public static Javalin create(Usher u) {
        KioskServiceWorker kioskWorker = new KioskServiceWorker(KioskServiceWorker.currentBuild());
        // The trust page names the ports Jetty actually bound (0 in the configuration picks a free one).
        AtomicReference<Javalin> self = new AtomicReference<>();
        ApiDocs apiDocs = new ApiDocs();
        Javalin app = Javalin.create(config -> {
            config.jsonMapper(new JavalinJackson(u.json(), false));
            ClientAddress client = new ClientAddress(u.config().trustedProxies());
            config.contextResolver.ip = client::of;
            config.http.maxRequestSize = MAX_JSON_BODY;
            config.startup.showJavalinBanner = false;
            // Javalin's own handler reads files through the class loader; Jetty's default handler
            // mounts the jar as a zip file system (an index node for each of its 17,000 entries,
            // several mounts, ~40 MB of heap held for the server's lifetime).
            config.resourceHandler(new JavalinStaticResourceHandler());
            // The kiosk's files first: Javalin serves a file from the first mount that has it.
            config.staticFiles.add(files -> publicFiles(files, "/kiosk", ANYONE, CAMERA_SCANNER));
            config.staticFiles.add(files -> publicFiles(files, "/", ANYONE));

            if (u.tls() != null) {
                // Jetty gets no default connector once one is added, so plain HTTP is added here too.
                config.jetty.addConnector((server, http) -> httpConnector(server, http, u));
                config.jetty.addConnector((server, http) -> httpsConnector(server, http, u));
            }

            // Streams end while Jetty can still finish their responses; after it stops they cannot.
            config.events.serverStopping(u.live()::close);

            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorPages(u.json())));
            // Jetty's and Javalin's async pools as Javalin makes them, but idle threads end after 10 s
            // instead of 60 s (Jetty also one at a time): the hundreds started for a burst (each
            // with its stack and malloc arena) are gone soon after it, not minutes later.
            config.jetty.threadPool = jettyThreads();
            config.concurrency.executor = LazyKt.lazyOf(new AsyncExecutor(asyncThreads()));
            // Every open live stream keeps its response buffer (direct memory): Jetty's default
            // 32 kB each ran out of direct memory at ~5,000 dashboards; a snapshot is ~5 kB.
            config.jetty.modifyHttpConfiguration(http -> http.setOutputBufferSize(8 * 1024));
            SecurityHeaders headers = new SecurityHeaders(u.config().tls() != null && !u.config().tls().selfSigned(), u.nodes()::origins);
            CrossNodeAccess otherNodes = new CrossNodeAccess(u.nodes(), u.config().publicUrl());
            config.routes.before(headers::apply);
            config.routes.before(otherNodes::preflight);
            config.routes.beforeMatched(headers::applyRoutePolicy);
            config.routes.before(RequestChecks::refuseMalformedEscapes);
            config.routes.before(RequestChecks::refuseMethodOverride);
            config.routes.beforeMatched(RequestChecks::sameOrigin);
            // Before the guard: a kiosk that moved to this node must be able to read its 401 too.
            config.routes.beforeMatched(otherNodes::check);
            config.routes.beforeMatched(u.guard()::check);
            // After the guard: who may not read the stream learns nothing about how to ask for it.
            config.routes.beforeMatched(RequestChecks::eventStreamOnly);
            config.routes.apiBuilder(() -> {
                path("api", () -> {
                    get("event", u.events()::get, ANYONE, CROSS_NODE);
                    put("event", u.events()::replace, ADMIN);
                    get("event/file", u.events()::file, ADMIN);
                    get("registration", u.tickets()::availability, ANYONE, TICKET_PAGES);
                    get("health", u.health()::get, ANYONE);
                    get("openapi.json", apiDocs::document, ANYONE);
                    get("docs", apiDocs::page, ANYONE);
                    get("tls", ctx -> u.trust().info(ctx, new TrustController.Ports(httpPort(self.get()), httpsPort(self.get()))), ANYONE);
                    post("registrations", u.tickets()::register, ANYONE, REGISTRATIONS, SAME_ORIGIN);
                    post("registrations/resend", u.tickets()::resend, ANYONE, REGISTRATIONS, SAME_ORIGIN);
                    path("tickets", () -> {
                        get(u.tickets()::search, ADMIN, KIOSK, SEARCHES, CROSS_NODE);
                        post(u.tickets()::create, ADMIN);
                        post("import", u.tickets()::importGuestList, ADMIN);
                        post("import/preview", u.tickets()::previewGuestList, ADMIN);
                        post("send", u.mail().controller()::send, ADMIN);
                        get("{id}", u.tickets()::get, ADMIN);
                        patch("{id}", u.tickets()::edit, ADMIN);
                        get("{id}/edits", u.tickets()::edits, ADMIN);
                        post("{id}/revoke", u.tickets()::revoke, ADMIN);
                    });
                    post("checkins", u.checkIns()::checkIn, ADMIN, KIOSK, SCANS, CROSS_NODE);
                    post("walkins", u.checkIns()::walkIn, ADMIN, KIOSK, SCANS, CROSS_NODE);
                    get("offline", u.offline()::get, ADMIN, KIOSK, OFFLINE_SYNCS, CROSS_NODE);
                    get("checkins.csv", u.checkIns()::exportCsv, ADMIN);
                    get("attendees.csv", u.checkIns()::exportAttendees, ADMIN);
                    post("checkins/{id}/annul", u.checkIns()::annul, ADMIN);
                    get("stats", u.stats()::get, ADMIN, KIOSK, VIEWER, CROSS_NODE);
                    sse("stats/stream", u.live()::connect, ADMIN, KIOSK, VIEWER, STREAMS, EVENT_STREAM, CROSS_NODE);
                    get("dashboard", u.stats()::snapshot, ADMIN, VIEWER);
                    get("me", MeController::get, ADMIN, KIOSK, VIEWER, CROSS_NODE);
                    post("backups", u.backups()::create, ADMIN);
                    path("mail", () -> {
                        get(u.mail().controller()::overview, ADMIN);
                        post("retry-failed", u.mail().controller()::retryFailed, ADMIN);
                        post("{id}/retry", u.mail().controller()::retry, ADMIN);
                        post("{id}/preview", u.mail().controller()::createPreview, ADMIN);
                    });
                    path("webhooks", () -> {
                        get(u.hooks().controller()::list, ADMIN);
                        post(u.hooks().controller()::create, ADMIN);
                        delete("{id}", u.hooks().controller()::delete, ADMIN);
                        post("{id}/disable", u.hooks().controller()::disable, ADMIN);
                        post("{id}/enable", u.hooks().controller()::enable, ADMIN);
                        post("{id}/rotate", u.hooks().controller()::rotate, ADMIN);
                        post("{id}/test", u.hooks().controller()::test, ADMIN);
                        get("{id}/deliveries", u.hooks().controller()::deliveries, ADMIN);
                    });
                    path("kiosks", () -> {
                        get(u.kiosks()::list, ADMIN);
                        post(u.kiosks()::create, ADMIN);
                        post("{id}/revoke", u.kiosks()::revoke, ADMIN);
                    });
                    path("viewers", () -> {
                        get(u.viewers()::list, ADMIN);
                        post(u.viewers()::create, ADMIN);
                        post("{id}/revoke", u.viewers()::revoke, ADMIN);
                    });
                });
                // Plain HTTP too: a device fetches the CA before it can trust HTTPS.
                get("ca.pem", u.trust()::caPem, ANYONE);
                get("ca.crt", u.trust()::caCrt, ANYONE);
                get("kiosk/sw.js", kioskWorker::get, ANYONE);
                get("mail-preview/{token}", u.mail().controller()::preview, ANYONE, TICKET_PAGES, MAIL_PREVIEW);
                path("t/{code}", () -> {
                    get(u.ticketPages()::page, ANYONE, TICKET_PAGES);
                    get("ticket.json", u.ticketPages()::info, ANYONE, TICKET_PAGES);
                    get("qr.png", u.ticketPages()::png, ANYONE, TICKET_PAGES);
                    get("qr.svg", u.ticketPages()::svg, ANYONE, TICKET_PAGES);
                });
            });

            config.routes.exception(ApiError.class, (e, ctx) -> {
                if (e.retryAfterSeconds() > 0) {
                    ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
                }
                ctx.status(e.status()).json(e.body());
            });
            config.routes.exception(StoreUnavailableException.class, (e, ctx) -> {
                log.error("store unavailable on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
                error(ctx, 503, "store_unavailable", "The database is not available right now; try again shortly.");
            });
            config.routes.exception(HttpResponseException.class, (e, ctx) ->
                    error(ctx, e.getStatus(), ApiError.codeFor(e.getStatus()), e.getMessage()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
                error(ctx, 500, "internal", "Something went wrong on the server.");
            });
            config.routes.error(404, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty()) {
                    error(ctx, 404, "not_found", "Nothing here.");
                }
            });
        });
        self.set(app);
        return app;
    }

    private static void publicFiles(StaticFileConfig files, String hostedPath, RouteRole... policies) {
        files.hostedPath = hostedPath;
        files.directory = hostedPath.equals("/") ? "/public" : "/public" + hostedPath;
        files.location = Location.CLASSPATH;
        // Static files pass through the same access check as routes, with these as their roles.
        files.roles = Set.of(policies);
        // Browsers compile WebAssembly while it streams only when it is served as application/wasm.
        files.mimeTypes.add("application/wasm", "wasm");
    }

    private static QueuedThreadPool jettyThreads() {
        QueuedThreadPool threads = new QueuedThreadPool(JETTY_MAX_THREADS, JETTY_MIN_THREADS, IDLE_THREAD_MS);
        threads.setName("JettyServerThreadPool"); // Javalin's own name, which the benchmark's CPU split reads
        threads.setMaxEvictCount(JETTY_MAX_THREADS);
        return threads;
    }

    private static ExecutorService asyncThreads() {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_THREAD_MS, TimeUnit.MILLISECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "JavalinDefaultAsyncThreadPool-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    private static ServerConnector httpConnector(Server server, HttpConfiguration http, Usher u) {
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(u.config().host());
        connector.setPort(u.config().port());
        return connector;
    }

    private static ServerConnector httpsConnector(Server server, HttpConfiguration http, Usher u) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(u.tls().keyStore());
        ssl.setKeyStorePassword(u.tls().password());
        HttpConfiguration https = new HttpConfiguration(http);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // Kiosks reach the laptop by its LAN address, which SNI does not carry.
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
        connector.setHost(u.config().host());
        connector.setPort(u.config().tls().port());
        return connector;
    }

    /** The port plain HTTP listens on (useful when it was configured as 0). */
    public static int httpPort(Javalin app) {
        return localPort(app, false);
    }

    /** The port HTTPS listens on, or -1 without TLS. ({@code app.port()} may name either.) */
    public static int httpsPort(Javalin app) {
        return localPort(app, true);
    }

    private static int localPort(Javalin app, boolean secure) {
        for (var c : app.jettyServer().server().getConnectors()) {
            if (c instanceof ServerConnector sc && (sc.getDefaultConnectionFactory() instanceof SslConnectionFactory) == secure) {
                return sc.getLocalPort();
            }
        }
        return -1;
    }

    private static void error(Context ctx, int status, String code, String message) {
        ctx.status(status).json(new ApiError.Body(code, message));
    }

}
