package dev.usher.node;

import dev.usher.store.Database;
import dev.usher.store.Dialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The addresses this event's Usher nodes answer at: each node's {@code --public-url}, kept in the
 * database they share. Kiosks are given the list (in their pairing link and with every offline
 * sync) and move to the next address when theirs stops answering; a node lets the kiosk pages of
 * the others call its kiosk routes (CORS) and names them in the kiosk page's connect-src.
 *
 * <p>A node without {@code --public-url} does not know the address devices reach it at, so it is
 * on no list; with SQLite alone the list is this node, or empty.
 */
public final class Nodes implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Nodes.class);
    /** A node renews its row this often, and rereads the list (another node's start is announced at once). */
    static final Duration RENEW = Duration.ofHours(1);
    /** A node not heard of for this long is gone for good: kiosks stop trying it. */
    static final Duration FORGOTTEN = Duration.ofDays(1);

    private final Database db;
    private final NodeStore store;
    private final String own;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private volatile List<String> origins = List.of();

    private Nodes(Database db, NodeStore store, String own, Clock clock, ScheduledExecutorService timer) {
        this.db = db;
        this.store = store;
        this.own = own;
        this.clock = clock;
        this.timer = timer;
    }

    /**
     * Registers {@code ownUrl} (null: this node is on no list) and reads the list; on PostgreSQL,
     * or with an address to renew, a timer renews and rereads it every {@link #RENEW}.
     */
    public static Nodes start(Database db, NodeStore store, String ownUrl, Clock clock) {
        boolean changes = ownUrl != null || db.dialect() != Dialect.SQLITE;
        ScheduledExecutorService timer = changes ? Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "usher-nodes");
            t.setDaemon(true);
            return t;
        }) : null;
        Nodes nodes = new Nodes(db, store, ownUrl, clock, timer);
        nodes.renew();
        if (timer != null) {
            timer.scheduleWithFixedDelay(nodes::renewQuietly, RENEW.toMillis(), RENEW.toMillis(), TimeUnit.MILLISECONDS);
        }
        return nodes;
    }

    /** The nodes' origins ({@code scheme://host[:port]}, in address order), as a browser names them in {@code Origin}. */
    public List<String> origins() {
        return origins;
    }

    /** Whether {@code origin} (a request's {@code Origin} header) is one of the nodes' pages. */
    public boolean isNode(String origin) {
        String o = originOf(origin);
        return o != null && origins.contains(o);
    }

    /** Another node started or renewed its address (null: the listener reconnected): read the list again. */
    public void changedElsewhere() {
        if (timer != null) {
            timer.execute(this::reloadQuietly);
        }
    }

    private void renew() {
        if (own != null) {
            db.write(c -> {
                store.register(c, own, clock.millis());
                return null;
            });
        }
        reload();
    }

    private void reload() {
        List<String> seen = db.read(c -> store.seenSince(c, clock.millis() - FORGOTTEN.toMillis()));
        origins = seen.stream().map(Nodes::originOf).filter(Objects::nonNull).distinct().toList();
    }

    private void renewQuietly() {
        try {
            renew();
        } catch (RuntimeException e) {
            log.warn("nodes: could not renew this node's address ({}); kiosks keep the list they have", e.getMessage());
        }
    }

    private void reloadQuietly() {
        try {
            reload();
        } catch (RuntimeException e) {
            log.warn("nodes: could not read the nodes' addresses ({}); the last list stays", e.getMessage());
        }
    }

    /**
     * {@code scheme://host[:port]} of a URL or an {@code Origin} header, lower case and without a
     * default port; null when it is neither http nor https.
     */
    public static String originOf(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = URI.create(url.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                return null;
            }
            int port = uri.getPort();
            boolean defaultPort = port < 0 || (port == 80 && scheme.equals("http")) || (port == 443 && scheme.equals("https"));
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
