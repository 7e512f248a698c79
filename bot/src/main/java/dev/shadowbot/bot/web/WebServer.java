package dev.shadowbot.bot.web;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP side: {@code POST /webhook} and {@code GET /healthz}. Handlers stay thin. */
public final class WebServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    private final Javalin app;

    private WebServer(Javalin app) {
        this.app = app;
    }

    /** Starts on {@code host:port} (port 0 = a free port) and returns once it accepts connections. */
    public static WebServer start(String host, int port, WebhookHandler webhook) {
        return start(host, port, webhook, routes -> { });
    }

    /** As above, plus {@code moreRoutes} (the operator endpoints, see {@link OpsRoutes}). */
    public static WebServer start(String host, int port, WebhookHandler webhook, Consumer<RoutesConfig> moreRoutes) {
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jetty.host = host;
            cfg.jetty.port = port;
            // The webhook handler reads the raw stream with its own 25 MB cap (Javalin's default is 1 MB).
            cfg.http.maxRequestSize = WebhookHandler.MAX_BODY_BYTES;
            cfg.routes.post("/webhook", webhook::handle);
            cfg.routes.get("/healthz", ctx -> ctx.contentType("text/plain").result("ok"));
            // The inbox could not store the event (state DB down): answer 503 so GitHub records a failed
            // delivery that can be redelivered, and say nothing about internals.
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("http=failed path={} error=\"{}\"", ctx.path(), e.getMessage());
                ctx.status(503).contentType("application/json").result("{\"error\":\"not stored, try again\"}");
            });
            moreRoutes.accept(cfg.routes);
        });
        app.start();
        return new WebServer(app);
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
