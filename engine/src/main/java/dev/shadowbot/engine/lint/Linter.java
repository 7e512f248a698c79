package dev.shadowbot.engine.lint;

import dev.shadowbot.engine.lint.rules.DataDependentRule;
import dev.shadowbot.engine.lint.rules.DataLossRule;
import dev.shadowbot.engine.lint.rules.DeployabilityRule;
import dev.shadowbot.engine.lint.rules.HygieneRule;
import dev.shadowbot.engine.lint.rules.RevertabilityRule;
import dev.shadowbot.engine.schema.IgnoredStatements;
import dev.shadowbot.engine.schema.Plan;
import dev.shadowbot.engine.schema.SchemaSource;
import dev.shadowbot.engine.schema.SourceProblem;
import dev.shadowbot.engine.schema.TableChange;
import dev.shadowbot.engine.schema.TableSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs every rule over a plan and applies policy: severity overrides from config, inline
 * suppressions, and {@code --allow-data-loss}. The result says whether the plan is deployable and
 * how revertible each change is.
 */
public final class Linter {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Linter.class);
    private static final List<LintRule> RULES = List.of(new DeployabilityRule(), new DataLossRule(),
            new DataDependentRule(), new HygieneRule(), new RevertabilityRule());

    private final LintSettings settings;

    public Linter(LintSettings settings) {
        this.settings = settings;
    }

    /**
     * Lints a plan.
     *
     * @param plan          the plan (its changes carry old and new table models)
     * @param source        the loaded schema folder (for line numbers and load problems)
     * @param fileTexts     each schema file's full text by relative path (for suppression comments)
     * @param live          the live data, when a database was given
     * @param allowDataLoss lift data-loss errors for this deploy request
     */
    public LintReport lint(Plan plan, SchemaSource source, Map<String, String> fileTexts, Optional<LiveData> live,
                           boolean allowDataLoss) {
        long t0 = System.nanoTime();
        LintReport report = run(plan, source, fileTexts, live, allowDataLoss);
        LOG.info("event=lint database={} tables={} findings={} deployable={} lint_ms={}", plan.database(),
                plan.changes().size(), report.findings().size(), report.deployable(), (System.nanoTime() - t0) / 1_000_000);
        return report;
    }

    private LintReport run(Plan plan, SchemaSource source, Map<String, String> fileTexts, Optional<LiveData> live,
                           boolean allowDataLoss) {
        LintContext ctx = new LintContext(plan, source, settings, live);
        List<Finding> raw = new ArrayList<>();
        for (SourceProblem p : source.problems()) {
            LintCode code = LintCode.byId(p.code()).orElse(LintCode.PARSE_ERROR);
            raw.add(Finding.of(code, "", p.file(), p.line(), p.message(), "See docs/lint.md#" + code.id() + "."));
        }
        for (IgnoredStatements i : source.ignored()) {
            raw.add(Finding.of(LintCode.IGNORED_STATEMENT, "", i.file(), i.line(), i.message(),
                    "Dump statements that change no table are skipped; see docs/lint.md#ignored-statement."));
        }
        List<Suppressions.Suppression> suppressions = new ArrayList<>();
        for (Map.Entry<String, String> f : fileTexts.entrySet()) {
            Suppressions.Parsed parsed = Suppressions.scan(f.getKey(), f.getValue());
            suppressions.addAll(parsed.suppressions());
            raw.addAll(parsed.problems());
        }
        for (LintRule rule : RULES) {
            raw.addAll(rule.check(ctx));
        }
        Suppressions suppress = Suppressions.of(suppressions, source.tables().stream()
                .map(t -> new Suppressions.TableLocation(t.name(), t.file(), t.line())).toList());
        List<Finding> findings = new ArrayList<>();
        for (Finding f : raw) {
            Finding applied = settings.apply(f);
            if (applied == null) {
                continue;
            }
            if (allowDataLoss && applied.code().category() == LintCategory.DATA_LOSS && applied.severity() == Severity.error) {
                applied = applied.withSeverity(Severity.warning);
            }
            findings.add(suppress.apply(applied));
        }
        findings.sort(Comparator.comparing(Finding::severity).thenComparing(Finding::file)
                .thenComparingInt(Finding::line).thenComparing(f -> f.code().id()));
        boolean deployable = findings.stream().noneMatch(Finding::blocks);
        return new LintReport(findings, deployable, allowDataLoss, revertability(plan, findings));
    }

    private static List<Revertability> revertability(Plan plan, List<Finding> findings) {
        Map<String, List<String>> reasons = new LinkedHashMap<>();
        for (TableChange c : plan.changes()) {
            List<String> r = new ArrayList<>();
            switch (c.kind()) {
                case CREATE -> r.add("revert drops the new table `" + c.table() + "` and the rows written to it");
                case DROP -> { /* quarantined at cutover, restored by revert */ }
                default -> { }
            }
            reasons.put(c.table(), r);
        }
        for (Finding f : findings) {
            if (f.code().category() == LintCategory.REVERTABILITY && reasons.containsKey(f.table())) {
                reasons.get(f.table()).add(f.message());
            }
        }
        List<Revertability> out = new ArrayList<>();
        reasons.forEach((table, r) -> out.add(new Revertability(table,
                r.isEmpty() ? Revertability.Verdict.yes : Revertability.Verdict.conditional, r)));
        return out;
    }

    /** Reads every file of a loaded folder's tables, for suppression scanning. */
    public static Map<String, String> fileTexts(java.nio.file.Path dir, SchemaSource source) {
        Map<String, String> out = new LinkedHashMap<>();
        for (TableSource t : source.tables()) {
            out.computeIfAbsent(t.file(), f -> {
                try {
                    return java.nio.file.Files.readString(dir.resolve(f));
                } catch (java.io.IOException e) {
                    return "";
                }
            });
        }
        return out;
    }
}
