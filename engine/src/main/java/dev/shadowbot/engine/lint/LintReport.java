package dev.shadowbot.engine.lint;

import java.util.List;

/**
 * Everything lint says about a plan.
 *
 * @param findings       after policy: severities from config, suppressions marked, data-loss
 *                       errors lifted to warnings when allowed; sorted by severity then location
 * @param deployable     true when no finding blocks (no unsuppressed error)
 * @param dataLossAllowed whether --allow-data-loss lifted the data-loss errors
 * @param revertability  one entry per changed table, in plan order
 */
public record LintReport(List<Finding> findings, boolean deployable, boolean dataLossAllowed,
                         List<Revertability> revertability) {
    public LintReport {
        findings = List.copyOf(findings);
        revertability = List.copyOf(revertability);
    }

    public long count(Severity s) {
        return findings.stream().filter(f -> f.severity() == s && !f.isSuppressed()).count();
    }

    /** True when any finding (suppressed or not) is a data-loss code: the plan destroys data. */
    public boolean losesData() {
        return findings.stream().anyMatch(f -> f.code().category() == LintCategory.DATA_LOSS);
    }
}
