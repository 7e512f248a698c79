package dev.shadowbot.engine.migration.preflight;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A table whose old copy {@code <table>_shadowbot_<id>_old} exists is in the revert window of deploy
 * request {@code id} (or that window was never closed): a new deploy would change the table the reverse
 * sync reads and make the revert meaningless, so it waits until the window is closed.
 */
public final class RevertWindowCheck implements PreflightCheck {
    @Override
    public String name() {
        return "revert_window";
    }

    @Override
    public Optional<Refusal> check(PreflightInput in) {
        for (String table : in.tables()) {
            Pattern old = Pattern.compile(Pattern.quote(table) + "_shadowbot_(\\d+)_old");
            for (String existing : in.existingTables()) {
                Matcher m = old.matcher(existing);
                if (m.matches()) {
                    String id = m.group(1);
                    return Optional.of(new Refusal(name(), "table " + table + " is in the revert window of deploy request "
                            + id + " (its old table " + existing + " exists)",
                            "run 'shadowbot revert --id " + id + "' or 'shadowbot skip-revert --id " + id
                                    + "' first, or drop " + existing + " if that deploy request is finished"));
                }
            }
        }
        return Optional.empty();
    }
}
