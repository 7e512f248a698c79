package dev.shadowbot.engine.migration.preflight;

import dev.shadowbot.engine.lint.JdbcLiveData;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A table with triggers is refused (as {@code plan}'s {@code triggers} finding does): triggers belong to
 * the table the swap retires, so after a cutover the live table would have none, writes in the revert
 * window would fire nothing, and the triggers would be dropped with the old table. Carrying them across
 * (without the copy and the stream firing them twice) is not supported; refusing is the honest answer.
 * Checked at deploy time too, since a trigger can be created after the plan.
 */
public final class TriggersCheck {
    private TriggersCheck() {
    }

    public static Optional<Refusal> check(Connection c, String schema, List<String> tables) throws SQLException {
        List<String> found = new ArrayList<>();
        for (String t : tables) {
            for (String trigger : JdbcLiveData.triggers(c, schema, t)) {
                found.add(t + "." + trigger);
            }
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Refusal("triggers", "trigger" + (found.size() == 1 ? " " : "s ") + String.join(", ", found)
                + " would stay on the retired table: after the cutover the live table would have none",
                "drop the triggers, deploy, and create them again on the new table (or change the table natively)"));
    }
}
