package dev.shadowbot.engine.lint;

import java.util.List;

/** A family of checks. Rules return findings at their codes' default severities; the Linter applies policy. */
public interface LintRule {
    List<Finding> check(LintContext context);
}
