package dev.shadowbot.action;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.migration.MigrationService;

/**
 * Which deploy request a command acts on: {@code --id} when given, else the newest unfinished one of
 * the URL's database, so a later workflow run (the merge, a {@code /revert} comment) finds the
 * request without having to carry its id along.
 */
final class DeployRequestIds {
    private DeployRequestIds() {
    }

    static long resolve(Long id, MigrationService service, DatabaseUrl url, String command) {
        if (id != null) {
            return id;
        }
        return url.databaseName().flatMap(service::latestActive).orElseThrow(() -> new ShadowbotException(
                ErrorCode.CONFLICT, "'" + command + "' found no unfinished deploy request on "
                        + url.databaseName().orElse("(no database in the URL)"),
                "pass --id N (see 'shadowbot status'), or check the database in the URL"));
    }
}
