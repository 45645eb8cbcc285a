package dev.usher.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A connection that keeps its prepared statements: sqlite-jdbc compiles the SQL again on every
 * {@code prepareStatement}, which was a good part of the writer's time per check-in (four or five
 * statements each). Stores keep writing {@code try (PreparedStatement ps = c.prepareStatement(sql))};
 * closing one here only clears its parameters, and the next {@code prepareStatement} of the same
 * text gets it back. A statement still open when its text is asked for again (a query run inside
 * the loop over its own results) is not shared: that caller gets a fresh one.
 *
 * <p>One connection is used by one thread at a time (the writer thread, or a reader taken from the
 * pool), so the cache needs no locking.
 */
final class CachedStatements implements InvocationHandler {
    private static final int CAPACITY = 128;
    private static final Method PREPARE;
    private static final Method CLOSE;

    static {
        try {
            PREPARE = Connection.class.getMethod("prepareStatement", String.class);
            CLOSE = Connection.class.getMethod("close");
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Connection raw;
    private final Map<String, Kept> kept = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
            if (size() <= CAPACITY) {
                return false;
            }
            eldest.getValue().discard();
            return true;
        }
    };

    private CachedStatements(Connection raw) {
        this.raw = raw;
    }

    static Connection wrap(Connection raw) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                new CachedStatements(raw));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.equals(PREPARE)) {
            return prepare((String) args[0]);
        }
        if (method.equals(CLOSE)) {
            kept.values().forEach(Kept::discard);
            kept.clear();
        }
        return forward(raw, method, args);
    }

    private PreparedStatement prepare(String sql) throws SQLException {
        Kept k = kept.get(sql);
        if (k == null) {
            k = new Kept(raw.prepareStatement(sql));
            kept.put(sql, k);
        } else if (k.inUse) {
            return raw.prepareStatement(sql);
        }
        k.inUse = true;
        return k.view;
    }

    private static Object forward(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** One cached statement and the view handed out, whose close() gives it back. */
    private static final class Kept implements InvocationHandler {
        private final PreparedStatement statement;
        private final PreparedStatement view;
        private boolean inUse;
        private boolean discarded;

        Kept(PreparedStatement statement) {
            this.statement = statement;
            this.view = (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, this);
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("close") && method.getParameterCount() == 0) {
                if (inUse) {
                    inUse = false;
                    if (discarded) {
                        statement.close();
                    } else {
                        statement.clearParameters();
                    }
                }
                return null;
            }
            if (method.getName().equals("isClosed") && method.getParameterCount() == 0) {
                return !inUse || statement.isClosed();
            }
            return forward(statement, method, args);
        }

        /** Let go of by the cache: closed now, or when its holder is done with it. */
        void discard() {
            discarded = true;
            if (inUse) {
                return;
            }
            try {
                statement.close();
            } catch (SQLException ignored) {
                // Closing a statement the cache let go of: nothing depends on it.
            }
        }
    }
}
