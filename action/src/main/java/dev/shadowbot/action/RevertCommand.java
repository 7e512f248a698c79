package dev.shadowbot.action;

import dev.shadowbot.engine.migration.MigrationOptions;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shadowbot revert --id N}: reverts a deploy request in its revert window through its driver; when
 * no driver is alive, this command resumes the request (reverse sync from its checkpoint) and does it.
 */
@Command(name = "revert", description = "Swap the old schema back during the revert window, keeping every row written since the cutover.", mixinStandardHelpOptions = true)
final class RevertCommand implements Callable<Integer> {
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
                "revert", (service, request, extra) -> {
                    long started = System.nanoTime();
                    var state = service.revert(request, wait);
                    // revert_ms: until the old schema is live with every row (catch-up and swap); the write
                    // stall is revert_lock_ms in the state. The retired new table is then dropped in steps
                    // before the command exits (cleanup_ms).
                    extra.put("revert_ms", java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                    long cleanup = System.nanoTime();
                    service.awaitDriverEnd(request, Duration.ofHours(1));
                    extra.put("cleanup_ms", java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cleanup));
                    return state;
                });
    }
}
