package dev.shadowbot.action;

import dev.shadowbot.engine.migration.MigrationOptions;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The options the commands acting on one existing deploy request share, as picocli mixins ({@code @Mixin}):
 * {@link Id} (cutover, revert, skip-revert, cancel), {@link Lease} (the commands that may start a driver:
 * cutover, revert, skip-revert) and {@link WindowWait} (revert, skip-revert; cutover and cancel say what they
 * wait for in their own {@code --wait}).
 */
final class RequestOptions {
    private RequestOptions() {
    }

    /** {@code --id}: the request, default the newest unfinished one of the URL's database. */
    static final class Id {
        @Option(names = "--id", description = "Deploy request id (default: the newest unfinished one of the URL's database)")
        Long id;
    }

    /**
     * {@code --lease-seconds} (hidden, for tests): the lease of a driver the command starts; {@code --retired-drop}:
     * how that driver drops the tables it retires.
     */
    static final class Lease {
        @Option(names = "--lease-seconds", hidden = true, defaultValue = "30", description = "Lease of a driver this command starts")
        int leaseSeconds;

        @Option(names = "--retired-drop", paramLabel = "drop|stepwise", description = RETIRED_DROP)
        String retiredDrop;

        MigrationOptions options() {
            return MigrationOptions.defaults().withLeaseSeconds(leaseSeconds).withRetiredDrop(retiredDrop(retiredDrop));
        }
    }

    static final String RETIRED_DROP = "How retired tables (old table at window end, new table after a revert) are dropped:"
            + " drop = one DROP TABLE, no rows in the binlog; stepwise = DELETE 1000 rows at a time, then DROP (every row"
            + " goes to the binlog). Default: drop";

    /** Parses {@code --retired-drop} (null: the default). */
    static dev.shadowbot.engine.migration.RetiredDrop retiredDrop(String value) {
        if (value == null) {
            return MigrationOptions.DEFAULT_RETIRED_DROP;
        }
        return dev.shadowbot.engine.migration.RetiredDrop.parse(value).orElseThrow(() ->
                dev.shadowbot.engine.ShadowbotException.badInput("--retired-drop " + value + " is not a way of dropping",
                        "pass --retired-drop drop or --retired-drop stepwise"));
    }

    /** {@code --comment}: in a workflow about a pull request, put the new state into its sticky comment. */
    static final class Comment {
        @Option(names = "--comment", description = "In GitHub Actions: write the deploy request's new state into the pull"
                + " request's sticky comment (best effort: a failure is a warning)")
        boolean comment;
    }

    /** {@code --wait} of the revert window's commands. */
    static final class WindowWait {
        @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "5m",
                description = "How long to wait (a dead driver's lease must expire first), default ${DEFAULT-VALUE}")
        Duration wait;
    }
}
