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

    @Option(names = "--id", description = "Deploy request id (default: list the recent requests of the URL's database,"
            + " or of the whole server when the URL names none)")
    Long id;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
            description = "How many requests the list shows (default ${DEFAULT-VALUE})")
    int limit;

    @Override
    public Integer call() {
        if (common.database() == null) {
            throw ShadowbotException.badInput("status needs the target database", "pass --database or set SHADOWBOT_DATABASE_URL");
        }
        DatabaseUrl url = DatabaseUrl.parse(common.database());
        try (MigrationService service = MigrationService.connect(url)) {
            // Revert windows that ended while nothing ran are closed now (old tables dropped in steps).
            service.finishExpiredWindows(java.time.Duration.ofMinutes(10));
            if (id == null) {
                // The recent requests of the URL's database (of the whole server when it names none).
                String database = url.databaseName().orElse(null);
                java.util.List<dev.shadowbot.engine.migration.DeployState> states = service.recent(database, limit)
                        .stream().map(service::status).toList();
                if (!states.isEmpty()) {
                    DeployStateOutput.publishToWorkflow(states.get(0)); // a workflow's outputs: the newest request
                }
                spec.commandLine().getOut().println(StatusListOutput.render(database, states, common.format()));
                return 0;
            }
            Long which = id;
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
