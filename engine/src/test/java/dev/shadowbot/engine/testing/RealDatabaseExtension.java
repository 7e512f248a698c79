package dev.shadowbot.engine.testing;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Resolves {@link TestDb} and {@link TestServer} parameters; see {@link RealDatabase}. */
public final class RealDatabaseExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RealDatabaseExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        Class<?> type = p.getParameter().getType();
        return type == TestDb.class || type == TestServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) throws ParameterResolutionException {
        TestServer server = serverOrSkip();
        if (p.getParameter().getType() == TestServer.class) {
            return server;
        }
        TestDb db = new TestDb(server);
        // Closed (schema dropped) when the test's context closes.
        e.getStore(NS).put("db-" + p.getIndex() + "-" + db.schema(), (ExtensionContext.Store.CloseableResource) db::close);
        return db;
    }

    static TestServer serverOrSkip() {
        try {
            return TestServers.server();
        } catch (RuntimeException ex) {
            if (TestServers.inCi()) {
                throw ex;
            }
            Assumptions.abort("skipped: " + ex.getMessage() + " (set CI=true to make this a failure)");
            throw ex;
        }
    }
}
