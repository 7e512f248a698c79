package dev.shadowbot.engine.report;

import dev.shadowbot.engine.lint.Finding;
import dev.shadowbot.engine.lint.LintCategory;
import dev.shadowbot.engine.lint.Revertability;
import dev.shadowbot.engine.schema.ChangeKind;
import dev.shadowbot.engine.schema.Planner;
import dev.shadowbot.engine.schema.TableChange;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The plan as Markdown, the one layout shared by the bot's sticky comment, the action's job summary
 * and PR comment, and {@code shadowbot plan --format markdown}: summary, lint table, per-table
 * change table (data loss, predicted revert), and per table the diff and DDL, collapsed when long.
 * Text from files and the server is escaped so it can neither close our HTML nor forge a marker.
 */
public final class PlanMarkdown {
    /** Diffs longer than this many lines (diff + DDL) start collapsed. */
    public static final int OPEN_LINES = 25;

    private final UnaryOperator<String> repoPath;
    private final String docsUrl;

    /**
     * @param repoPath maps a schema-folder-relative file to the path shown (the bot prefixes the folder)
     * @param docsUrl  base URL of the docs folder for lint-code links; empty for plain code names
     */
    public PlanMarkdown(UnaryOperator<String> repoPath, String docsUrl) {
        this.repoPath = repoPath;
        this.docsUrl = docsUrl == null || docsUrl.isBlank() ? "" : docsUrl.endsWith("/") ? docsUrl : docsUrl + "/";
    }

    /** Plain paths, code names without links. */
    public static PlanMarkdown plain() {
        return new PlanMarkdown(UnaryOperator.identity(), "");
    }

    /** A complete document with its own heading (CLI, job summary). */
    public String document(PlanReport r) {
        StringBuilder md = new StringBuilder();
        md.append("### shadowbot plan for `").append(r.plan().database()).append("`\n\n");
        body(md, r);
        return md.toString();
    }

    /** The sections below a heading (the bot puts its own heading and deploy state around them). */
    public void body(StringBuilder md, PlanReport r) {
        if (!r.plan().hasChanges()) {
            md.append("No changes: the database already matches the schema folder.\n\n");
            findings(md, r.lint().findings());
            return;
        }
        md.append("**").append(Planner.summary(r.plan())).append("** · deployable online: ")
                .append(r.deployable() ? "**yes**" : "**no** — see the errors below").append("\n\n");
        if (r.lint().losesData()) {
            md.append("> ⚠️ **This plan destroys data** (").append(dataLossCodes(r.lint().findings())).append(").")
                    .append(r.lint().dataLossAllowed() ? " Allowed for this deploy request."
                            : " Deploy with `--allow-data-loss` (`/deploy --allow-data-loss`) if that is intended.")
                    .append("\n\n");
        }
        findings(md, r.lint().findings());
        md.append("| Table | Change | Data loss | Revert (predicted) |\n|---|---|---|---|\n");
        for (TableChange c : r.plan().changes()) {
            md.append("| `").append(cell(c.table())).append("` | ").append(c.kind()).append(" | ")
                    .append(dataLoss(r, c)).append(" | ").append(revert(r, c)).append(" |\n");
        }
        md.append('\n');
        for (TableChange c : r.plan().changes()) {
            String diff = c.diff() == null ? "" : c.diff();
            int lines = (int) diff.lines().count() + c.ddl().size() * 3;
            md.append("<details").append(lines <= OPEN_LINES ? " open" : "").append("><summary><code>")
                    .append(escape(c.table())).append("</code> — ").append(c.kind().name().toLowerCase(Locale.ROOT))
                    .append(c.file() == null ? "" : " (" + escape(repoPath.apply(c.file())) + ":" + c.line() + ")")
                    .append("</summary>\n\n");
            if (!diff.isBlank()) {
                md.append(fence("diff", diff));
            }
            md.append(fence("sql", String.join(";\n", c.ddl()) + ";"));
            md.append("</details>\n\n");
        }
        List<String> byTable = r.plan().changes().stream().flatMap(c -> c.ddl().stream()).toList();
        if (!byTable.equals(r.plan().allDdl())) {
            md.append("<details><summary>Run order (foreign keys tie these tables together)</summary>\n\n")
                    .append(fence("sql", String.join(";\n", r.plan().allDdl()) + ";")).append("</details>\n\n");
        }
    }

    private void findings(StringBuilder md, List<Finding> findings) {
        if (findings.isEmpty()) {
            return;
        }
        md.append("| Severity | Code | Where | Finding |\n|---|---|---|---|\n");
        for (Finding f : findings) {
            String where = f.file().isEmpty() ? f.table() : repoPath.apply(f.file()) + (f.line() > 0 ? ":" + f.line() : "");
            md.append("| ").append(f.isSuppressed() ? "suppressed" : f.severity().name()).append(" | ")
                    .append(codeLink(f)).append(" | `").append(cell(where)).append("` | ").append(cell(f.message()))
                    .append(f.isSuppressed() ? " (ignored: " + cell(f.suppressedBecause()) + ")" : "").append(" |\n");
        }
        md.append('\n');
    }

    private String codeLink(Finding f) {
        String id = f.code().id();
        return docsUrl.isEmpty() ? "`" + id + "`" : "[`" + id + "`](" + docsUrl + "lint.md#" + id + ")";
    }

    private static String dataLossCodes(List<Finding> findings) {
        return String.join(", ", findings.stream().filter(f -> f.code().category() == LintCategory.DATA_LOSS)
                .map(f -> f.code().id()).distinct().toList());
    }

    private static String dataLoss(PlanReport r, TableChange c) {
        List<String> codes = r.lint().findings().stream()
                .filter(f -> f.table().equals(c.table()) && f.code().category() == LintCategory.DATA_LOSS)
                .map(f -> "⚠️ " + f.code().id()).distinct().toList();
        if (!codes.isEmpty()) {
            return String.join(", ", codes);
        }
        return c.kind() == ChangeKind.DROP ? "⚠️ drops the table" : "none";
    }

    private static String revert(PlanReport r, TableChange c) {
        Optional<Revertability> rv = r.lint().revertability().stream().filter(x -> x.table().equals(c.table()))
                .findFirst();
        if (rv.isEmpty()) {
            return "—";
        }
        return rv.get().verdict() == Revertability.Verdict.yes ? "yes"
                : "conditional: " + cell(String.join("; ", rv.get().reasons()));
    }

    private static String fence(String lang, String body) {
        String fence = body.contains("```") ? "~~~~" : "```";
        return fence + lang + "\n" + body.stripTrailing() + "\n" + fence + "\n\n";
    }

    /** Escapes text for a table cell. */
    public static String cell(String s) {
        return escape(s == null ? "" : s).replace("|", "\\|").replace("\n", " ");
    }

    /** Keeps text from files or the server from closing our HTML or forging a hidden marker. */
    public static String escape(String s) {
        return s.replace("<", "&lt;").replace(">", "&gt;");
    }
}
