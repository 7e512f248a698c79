package dev.shadowbot.engine.migration;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.schema.ChangeKind;
import dev.shadowbot.engine.schema.Plan;
import dev.shadowbot.engine.schema.TableChange;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the planner's {@link Plan} into a {@link DeploySpec}: ALTERs go through shadows by their
 * {@code alterClauses}, CREATEs run directly, DROPs become quarantined drops (renamed away in the
 * cutover's RENAME, restorable by a revert through the window, dropped when it closes). A DROP is a
 * data-loss lint error ({@code drop-table}), so callers convert only a plan the linter passed (with
 * {@code --allow-data-loss} or an approval).
 */
public final class DeployPlans {
    private DeployPlans() {
    }

    public static DeploySpec toSpec(Plan plan) {
        List<TableSpec> alters = new ArrayList<>();
        List<String> creates = new ArrayList<>();
        List<String> drops = new ArrayList<>();
        for (TableChange c : plan.changes()) {
            if (c.kind() == ChangeKind.ALTER) {
                alters.add(new TableSpec(c.table(), c.alterClauses()));
            } else if (c.kind() == ChangeKind.CREATE) {
                creates.addAll(c.ddl());
            } else if (c.kind() == ChangeKind.DROP) {
                drops.add(c.table());
            } else {
                throw new ShadowbotException(ErrorCode.BLOCKED, "the plan changes table " + c.table() + " in a way"
                        + " deploy does not know (" + c.kind() + ")", "report this as a bug");
            }
        }
        return new DeploySpec(plan.database(), alters, creates, drops);
    }
}
