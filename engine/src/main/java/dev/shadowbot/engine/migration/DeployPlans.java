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
 * {@code alterClauses}, CREATEs run directly. DROPs are refused here: quarantined drops belong to
 * the cutover (the table must stay restorable through the revert window).
 */
public final class DeployPlans {
    private DeployPlans() {
    }

    public static DeploySpec toSpec(Plan plan) {
        List<TableSpec> alters = new ArrayList<>();
        List<String> creates = new ArrayList<>();
        for (TableChange c : plan.changes()) {
            if (c.kind() == ChangeKind.ALTER) {
                alters.add(new TableSpec(c.table(), c.alterClauses()));
            } else if (c.kind() == ChangeKind.CREATE) {
                creates.addAll(c.ddl());
            } else {
                throw new ShadowbotException(ErrorCode.BLOCKED, "the plan drops table " + c.table()
                        + ", which deploy does not do in this build",
                        "drop the table in a separate, manual step, or keep its CREATE TABLE in the schema files");
            }
        }
        return new DeploySpec(plan.database(), alters, creates);
    }
}
