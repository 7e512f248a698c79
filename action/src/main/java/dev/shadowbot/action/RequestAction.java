package dev.shadowbot.action;

import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.migration.DeployState;
import dev.shadowbot.engine.migration.MigrationOptions;
import dev.shadowbot.engine.migration.MigrationService;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The shape shared by the commands that act on one existing deploy request (cutover, revert,
 * skip-revert, cancel): require the database, connect, resolve {@code --id} (default: the newest
 * unfinished request), act, print the resulting state in the chosen format.
 */
final class RequestAction {
    private RequestAction() {
    }

    /** What a command does to the request; it may add fields to the printed output. */
    interface Action {
        DeployState apply(MigrationService service, long id, Map<String, Object> extraOutput);
    }

    static int run(CommonOptions common, CommandSpec spec, Long id, MigrationOptions options, String command,
                   Action action) {
        return run(common, spec, id, options, command, false, action);
    }

    /** Same; with {@code comment} the outcome (or the refusal) also goes into the pull request's sticky comment. */
    static int run(CommonOptions common, CommandSpec spec, Long id, MigrationOptions options, String command,
                   boolean comment, Action action) {
        if (common.database() == null) {
            throw ShadowbotException.badInput(command + " needs the target database",
                    "pass --database or set SHADOWBOT_DATABASE_URL");
        }
        DatabaseUrl url = DatabaseUrl.parse(common.database());
        try (MigrationService service = MigrationService.connect(url, options)) {
            Map<String, Object> extra = new LinkedHashMap<>();
            long request = DeployRequestIds.resolve(id, service, url, command);
            DeployState state;
            try {
                state = action.apply(service, request, extra);
            } catch (ShadowbotException refused) {
                if (comment) {
                    StateComment.publish(command, service.status(request), refused, spec.commandLine().getErr());
                }
                throw refused;
            }
            CleanupHandoff.handOff(service, url, state, options, common.debug, extra);
            CleanupHandoff.print(spec.commandLine().getOut(), state, common, extra);
            if (comment) {
                StateComment.publish(command, state, null, spec.commandLine().getErr());
            }
            return 0;
        }
    }
}
