package dev.shadowbot.action;

import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.migration.MigrationService;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shadowbot cancel}: the driver stops its stream and drops the shadows; with no live driver, this command does. */
@Command(name = "cancel", description = "Stop a deploy request and drop its shadow tables.", mixinStandardHelpOptions = true)
final class CancelCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--id", description = "Deploy request id (default: the newest unfinished one of the URL's database)")
    Long id;

    @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "PT2M",
            description = "How long to wait for the driver (or its lease to expire), default ${DEFAULT-VALUE}")
    Duration wait;

    @Override
    public Integer call() {
        if (common.database() == null) {
            throw ShadowbotException.badInput("cancel needs the target database", "pass --database or set SHADOWBOT_DATABASE_URL");
        }
        try (MigrationService service = MigrationService.connect(DatabaseUrl.parse(common.database()))) {
            spec.commandLine().getOut().println(DeployStateOutput.render(service.cancel(DeployRequestIds.resolve(id, service, DatabaseUrl.parse(common.database()), "cancel"), wait), common.format(), Map.of()));
            return 0;
        }
    }
}
