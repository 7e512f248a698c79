package dev.shadowbot.action;

import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.migration.MigrationOptions;
import dev.shadowbot.engine.migration.MigrationService;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shadowbot cutover --id N}: asks the request's driver to swap the shadow in; when no driver is
 * alive, this command resumes the request and does it.
 */
@Command(name = "cutover", description = "Swap a staged deploy request's shadow tables in atomically.", mixinStandardHelpOptions = true)
final class CutoverCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--id", description = "Deploy request id (default: the newest unfinished one of the URL's database)")
    Long id;

    @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "PT5M",
            description = "How long to wait for the swap (a dead driver's lease must expire first), default ${DEFAULT-VALUE}")
    Duration wait;

    @Option(names = "--lease-seconds", hidden = true, defaultValue = "30", description = "Lease of a driver this command starts")
    int leaseSeconds;

    @Override
    public Integer call() {
        if (common.database() == null) {
            throw ShadowbotException.badInput("cutover needs the target database", "pass --database or set SHADOWBOT_DATABASE_URL");
        }
        try (MigrationService service = MigrationService.connect(DatabaseUrl.parse(common.database()),
                MigrationOptions.defaults().withLeaseSeconds(leaseSeconds))) {
            var state = service.cutover(DeployRequestIds.resolve(id, service, DatabaseUrl.parse(common.database()), "cutover"), wait);
            spec.commandLine().getOut().println(DeployStateOutput.render(state, common.format(), Map.of()));
            return 0;
        }
    }
}
