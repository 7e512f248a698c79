package dev.shadowbot.action;

import dev.shadowbot.engine.migration.MigrationOptions;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shadowbot skip-revert --id N}:  stop the reverse sync and drop the old table. a deploy request in its revert window through its driver; when
 * no driver is alive, this command resumes the request (reverse sync from its checkpoint) and does it.
 */
@Command(name = "skip-revert", description = "Close the revert window now", mixinStandardHelpOptions = true)
final class SkipRevertCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--id", description = "Deploy request id (default: the newest unfinished one of the URL's database)")
    Long id;

    @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "PT5M",
            description = "How long to wait (a dead driver's lease must expire first), default ${DEFAULT-VALUE}")
    Duration wait;

    @Option(names = "--lease-seconds", hidden = true, defaultValue = "30", description = "Lease of a driver this command starts")
    int leaseSeconds;

    @Override
    public Integer call() {
        return RequestAction.run(common, spec, id, MigrationOptions.defaults().withLeaseSeconds(leaseSeconds),
                "skip-revert", (service, request, extra) -> service.skipRevert(request, wait));
    }
}
