package dev.shadowbot.bot.deploy;

import dev.shadowbot.engine.db.DatabaseUrl;
import java.util.List;
import java.util.Map;

/**
 * Plans one database: the desired schema (the PR head's {@code .sql} files) against the live schema
 * at {@code target}. The production implementation is {@link EnginePlanningService} (the engine's
 * {@code Planner}); the interface keeps the bot's flow independent of the engine's types.
 */
public interface PlanningService {
    /**
     * @param database the database's name in {@code .github/shadowbot.yml}
     * @param target   the live database
     * @param files    path relative to the schema folder → file content
     * @return the plan; source problems are reported in it, not thrown
     * @throws dev.shadowbot.engine.ShadowbotException DATABASE when the target cannot be reached
     */
    DatabasePlan plan(String database, DatabaseUrl target, Map<String, String> files);

    /** What planning one database found. Problems block; changes need approval and deploy. */
    record DatabasePlan(String database, List<Change> changes, List<Problem> problems) {
        public DatabasePlan {
            changes = List.copyOf(changes);
            problems = List.copyOf(problems);
        }

        public boolean hasChanges() {
            return !changes.isEmpty();
        }
    }

    /**
     * One table's change. {@code kind} is CREATE, ALTER or DROP; {@code file}/{@code line} point into
     * the schema folder (file null for DROP).
     */
    record Change(String table, String kind, List<String> ddl, String diff, String file, int line) {
        public Change {
            ddl = List.copyOf(ddl);
        }
    }

    /** A problem in a schema file (relative to the schema folder), with a stable code. */
    record Problem(String file, int line, int column, String code, String message) {
    }
}
