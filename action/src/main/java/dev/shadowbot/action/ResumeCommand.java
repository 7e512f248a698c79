package dev.shadowbot.action;

import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.migration.MigrationOptions;
import dev.shadowbot.engine.migration.MigrationService;
import dev.shadowbot.engine.store.RequestNotes;
import dev.shadowbot.engine.store.SidecarStore;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shadowbot resume --id N}: drive an unfinished deploy request from its checkpoint (used by --detach). */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Continue an unfinished deploy request from its checkpoint, with the intent it was started with.")
final class ResumeCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--id", required = true, description = "Deploy request id")
    long id;

    @Option(names = "--exit-when-staged", description = "Return once staged")
    boolean exitWhenStaged;

    @Option(names = "--lease-seconds", hidden = true, defaultValue = "30",
            description = "How long this driver's lease lasts without renewal (a dead driver blocks others this long)")
    int leaseSeconds;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "24h",
            description = "Give up waiting for staged after this long (default ${DEFAULT-VALUE})")
    Duration timeout;

    @Override
    public Integer call() {
        if (common.database() == null) {
            throw ShadowbotException.badInput("resume needs the target database", "pass --database or set SHADOWBOT_DATABASE_URL");
        }
        DatabaseUrl url = DatabaseUrl.parse(common.database());
        MigrationOptions options = MigrationOptions.defaults().withLeaseSeconds(leaseSeconds);
        try (MigrationService service = MigrationService.connect(url, options)) {
            boolean cutoverAtOnce;
            try (SidecarStore store = SidecarStore.open(url)) {
                // The intent of the deploy that started it: an immediate cutover stays one after a crash.
                cutoverAtOnce = store.notes().origin(id).map(RequestNotes.Origin::cutsOverAtOnce).orElse(false);
            }
            if (cutoverAtOnce && !exitWhenStaged) {
                return MigrationRun.runAndCutOver(service, url, options, id, common, timeout, spec.commandLine().getOut(),
                        spec.commandLine().getErr());
            }
            return MigrationRun.run(service, id, common, exitWhenStaged, timeout, spec.commandLine().getOut(),
                    spec.commandLine().getErr());
        }
    }
}
