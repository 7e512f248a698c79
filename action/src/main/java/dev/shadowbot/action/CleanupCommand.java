package dev.shadowbot.action;

import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.migration.MigrationOptions;
import dev.shadowbot.engine.migration.MigrationService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shadowbot cleanup --id N} (hidden; started in the background by {@link CleanupHandoff}): drops the
 * retired tables of a finished deploy request in small steps, holding its lease. Exit 0 when none is left.
 */
@Command(name = "cleanup", hidden = true, mixinStandardHelpOptions = true,
        description = "Drop the retired tables of a finished deploy request in small steps.")
final class CleanupCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--id", required = true, description = "Deploy request id")
    long id;

    @Option(names = "--lease-seconds", hidden = true, defaultValue = "30", description = "Lease of this process")
    int leaseSeconds;

    @Option(names = "--retired-drop", paramLabel = "drop|stepwise", description = RequestOptions.RETIRED_DROP)
    String retiredDrop;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT24H",
            description = "Give up after this long (default ${DEFAULT-VALUE}); what is left is dropped by the next start")
    Duration timeout;

    @Override
    public Integer call() {
        if (common.database() == null) {
            throw ShadowbotException.badInput("cleanup needs the target database", "pass --database or set SHADOWBOT_DATABASE_URL");
        }
        try (MigrationService service = MigrationService.connect(DatabaseUrl.parse(common.database()),
                MigrationOptions.defaults().withLeaseSeconds(leaseSeconds)
                        .withRetiredDrop(RequestOptions.retiredDrop(retiredDrop)))) {
            List<String> left = service.finishCleanup(id, timeout);
            spec.commandLine().getOut().println("shadowbot: deploy request " + id + (left.isEmpty()
                    ? ": retired tables dropped" : ": retired tables left for the next start: " + left));
            return left.isEmpty() ? 0 : 1;
        }
    }
}
