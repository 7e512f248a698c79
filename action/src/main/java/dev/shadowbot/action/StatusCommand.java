package dev.shadowbot.action;

import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.migration.MigrationService;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shadowbot status}. */
@Command(name = "status", description = "Show the state of deploy requests.", mixinStandardHelpOptions = true)
final class StatusCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--id", description = "Deploy request id (default: the newest unfinished one of the URL's database,"
            + " else the newest)")
    Long id;

    @Override
    public Integer call() {
        if (common.database() == null) {
            throw ShadowbotException.badInput("status needs the target database", "pass --database or set SHADOWBOT_DATABASE_URL");
        }
        DatabaseUrl url = DatabaseUrl.parse(common.database());
        try (MigrationService service = MigrationService.connect(url)) {
            // Revert windows that ended while nothing ran are closed now (old tables dropped in steps).
            service.finishExpiredWindows(java.time.Duration.ofMinutes(10));
            Long which = id;
            if (which == null) {
                which = url.databaseName().flatMap(service::latestActive).or(service::latest).orElse(null);
            }
            if (which == null) {
                spec.commandLine().getOut().println(common.format() == OutputFormat.json ? "{\"id\":null,\"state\":\"none\"}"
                        : "shadowbot: no deploy requests on this server");
                return 0;
            }
            // A finished request whose retired tables are still being dropped says so (cleanup_pending).
            Map<String, Object> extra = new java.util.LinkedHashMap<>();
            java.util.List<String> pending = service.pendingCleanup(which);
            if (!pending.isEmpty()) {
                extra.put("cleanup_pending", pending);
            }
            CleanupHandoff.print(spec.commandLine().getOut(), service.status(which), common, extra);
            return 0;
        }
    }
}
