package dev.usher.node;

import dev.usher.web.ApiError;
import dev.usher.web.RoutePolicy;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/**
 * CORS for the kiosk pages of the event's other nodes: a kiosk that moved from node A to node B
 * when A stopped answering still runs the page A served, so its calls to B are cross-origin.
 * Only the nodes' own origins are let in ({@link Nodes}), only on the routes the route table marks
 * {@link RoutePolicy#CROSS_NODE}, and never with cookies: the kiosk sends its bearer token.
 */
public final class CrossNodeAccess {
    static final String METHODS = "GET, POST";
    static final String HEADERS = "Authorization, Content-Type, Accept, Last-Event-ID";
    /** Chromium keeps a preflight's answer at most two hours; ten minutes keeps a node's removal prompt. */
    static final String PREFLIGHT_SECONDS = "600";

    private final Nodes nodes;
    private final String ownOrigin;

    /** @param ownUrl this node's {@code --public-url}, or null */
    public CrossNodeAccess(Nodes nodes, String ownUrl) {
        this.nodes = nodes;
        this.ownOrigin = Nodes.originOf(ownUrl);
    }

    /**
     * Before routing: a browser's preflight ({@code OPTIONS} with {@code Access-Control-Request-Method})
     * matches no route. A node's page gets the answer that lets its request through; any other
     * origin a 403, which the browser reports as a CORS failure.
     */
    public void preflight(Context ctx) {
        String origin = ctx.header("Origin");
        if (ctx.method() != HandlerType.OPTIONS || origin == null || ctx.header("Access-Control-Request-Method") == null) {
            return;
        }
        ctx.skipRemainingHandlers();
        if (!nodes.isNode(origin)) {
            throw ApiError.forbidden("cross_origin", "Only the pages of this event's Usher nodes may call it from another address.");
        }
        allowOrigin(ctx, origin);
        ctx.header("Access-Control-Allow-Methods", METHODS);
        ctx.header("Access-Control-Allow-Headers", HEADERS);
        ctx.header("Access-Control-Max-Age", PREFLIGHT_SECONDS);
        if ("true".equals(ctx.header("Access-Control-Request-Private-Network"))) {
            ctx.header("Access-Control-Allow-Private-Network", "true");
        }
        ctx.status(204);
    }

    /**
     * On a matched route: another node's page may read the answer of a {@code CROSS_NODE} route, and
     * is refused every other route (the preflight let its request through, this stops it here).
     */
    public void check(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null || !nodes.isNode(origin) || isThisNode(ctx, origin)) {
            return;
        }
        if (!ctx.routeRoles().contains(RoutePolicy.CROSS_NODE)) {
            throw ApiError.forbidden("cross_origin", "Another node's pages may call only the kiosk's routes here.");
        }
        allowOrigin(ctx, origin);
    }

    private boolean isThisNode(Context ctx, String origin) {
        String o = Nodes.originOf(origin);
        return o.equals(ownOrigin) || o.equals(Nodes.originOf(ctx.scheme() + "://" + ctx.host()));
    }

    private static void allowOrigin(Context ctx, String origin) {
        ctx.header("Access-Control-Allow-Origin", origin);
        ctx.header("Vary", "Origin");
    }
}
