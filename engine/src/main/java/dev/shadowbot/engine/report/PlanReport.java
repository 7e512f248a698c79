package dev.shadowbot.engine.report;

import dev.shadowbot.engine.lint.LintReport;
import dev.shadowbot.engine.schema.Plan;

/**
 * A plan and what lint says about it: what the CLI prints, the action summarises and the bot
 * comments.
 *
 * @param plan     the per-table changes
 * @param lint     findings, deployability and predicted revertability
 * @param embedded whether the plan ran against a throw-away embedded server (every table a CREATE)
 */
public record PlanReport(Plan plan, LintReport lint, boolean embedded) {
    public boolean deployable() {
        return lint.deployable();
    }
}
