package dev.shadowbot.bot.comment;

import dev.shadowbot.bot.deploy.PrReview;
import dev.shadowbot.bot.deploy.PrReview.DbResult;
import dev.shadowbot.bot.github.RepoApi.Annotation;
import dev.shadowbot.bot.github.RepoApi.CheckAction;
import dev.shadowbot.bot.github.RepoApi.CheckRunSpec;
import dev.shadowbot.engine.config.ConfigProblem;
import dev.shadowbot.engine.lint.Finding;
import dev.shadowbot.engine.lint.Severity;
import dev.shadowbot.engine.schema.TableChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The {@code shadowbot} check run for a review: conclusion, summary, and annotations at file:line. */
public final class CheckRunReport {
    public static final String NAME = "shadowbot";
    /** GitHub's limit on a check run's output text. */
    static final int MAX_TEXT = 65_535;

    private CheckRunReport() {
    }

    /** The in-progress check shown while the bot reads and plans. */
    public static CheckRunSpec inProgress(String headSha) {
        return new CheckRunSpec(NAME, headSha, null, "Planning schema changes",
                "shadowbot is reading the schema files at `" + StickyComment.shortSha(headSha) + "` and planning.",
                "", "", List.of());
    }

    /** The quick success for a pull request that touches no schema. */
    public static CheckRunSpec noSchemaChanges(String headSha, String reason) {
        return new CheckRunSpec(NAME, headSha, "success", "No schema changes",
                "Nothing to deploy: " + reason + ".", "", "", List.of());
    }

    /**
     * A failed check when the bot itself could not finish (the event was parked). The error stays in the
     * operator's log: it may name database servers, which a pull request's readers must not see.
     */
    public static CheckRunSpec botFailure(String headSha, String delivery) {
        return new CheckRunSpec(NAME, headSha, "failure", "shadowbot could not plan this pull request",
                "The bot gave up after retrying. Push again, or ask the bot's operator to look at the parked event"
                        + " (delivery `" + StickyComment.escape(delivery) + "` in the bot's log and status page).",
                "", "", List.of());
    }

    public static CheckRunSpec of(PrReview review, String detailsUrl, StickyComment comment) {
        String body = comment.renderFull(review);
        // The check run's text has its own limit (65,535): cut cleanly there too.
        String text = BlockCut.cut(body.substring(StickyComment.MARKER.length()).strip(), MAX_TEXT,
                "Run `shadowbot plan` (the CLI) against this head for the whole plan.");
        StringBuilder summary = new StringBuilder();
        summary.append(StickyComment.headline(review)).append("\n\n");
        for (DbResult db : review.databases()) {
            summary.append("- `").append(db.name()).append("`: ")
                    .append(db.plan() == null ? db.state().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                            : db.plan().changes().size() + " change(s), " + db.plan().findings().size() + " finding(s)"
                            + (db.plan().deployable() ? "" : ", blocked"))
                    .append('\n');
        }
        for (ConfigProblem e : review.policyErrors()) {
            summary.append("- `").append(e).append("` (base branch `")
                    .append(StickyComment.escape(review.pr().baseRef())).append("`)\n");
        }
        for (ConfigProblem e : review.configErrors()) {
            summary.append("- `").append(e).append("`\n");
        }
        for (String name : review.held()) {
            summary.append("- `").append(name).append("`: not planned (pull request from a fork)\n");
        }
        CheckRunSpec spec = new CheckRunSpec(NAME, review.pr().headSha(), review.verdict().conclusion(),
                StickyComment.title(review), summary.toString(), text, detailsUrl, annotations(review));
        return spec.withActions(deployButton(review));
    }

    /** The button's identifier; pressing it runs {@code /deploy} for its presser (see CommandEvent). */
    public static final String DEPLOY = "deploy";
    public static final String REVERT = "revert";
    public static final String SKIP_REVERT = "skip-revert";

    /**
     * A <b>Deploy</b> button when the plan could be deployed (changes, nothing blocked, not a fork). Who
     * pressed it, their permission, the approvals and data-loss rules are checked when it is pressed,
     * exactly as for {@code /deploy}; a refusal is answered in a comment.
     */
    static List<CheckAction> deployButton(PrReview review) {
        boolean deployable = review.verdict() == dev.shadowbot.bot.deploy.Verdict.ACTION_REQUIRED && review.anyChanges()
                && review.held().isEmpty() && !review.pr().fromFork()
                && review.databases().stream().noneMatch(DbResult::blocked);
        return deployable ? List.of(new CheckAction("Deploy", "Same checks as /deploy (approvals)", DEPLOY))
                : List.of();
    }

    static List<Annotation> annotations(PrReview review) {
        List<Annotation> out = new ArrayList<>();
        for (ConfigProblem e : review.configErrors()) {
            out.add(new Annotation(e.file(), e.line(), "failure", "shadowbot config error", e.message()));
        }
        for (DbResult db : review.databases()) {
            if (db.plan() == null) {
                continue;
            }
            for (Finding f : db.plan().findings()) {
                if (f.isSuppressed() || f.file().isEmpty() || f.severity() == Severity.off) {
                    continue;
                }
                String level = switch (f.severity()) {
                    case error -> "failure";
                    case warning -> "warning";
                    default -> "notice";
                };
                out.add(new Annotation(db.repoPath(f.file()), Math.max(1, f.line()), level, f.code().id(),
                        f.message() + (f.explanation() == null || f.explanation().isEmpty() ? "" : "\n" + f.explanation())));
            }
            for (TableChange c : db.plan().changes()) {
                if (c.file() == null) {
                    continue;
                }
                out.add(new Annotation(db.repoPath(c.file()), Math.max(1, c.line()), "notice",
                        c.kind() + " " + c.table(), String.join(";\n", c.ddl())));
            }
        }
        // Errors first: GitHub keeps only the first 50 annotations of a request.
        out.sort(java.util.Comparator.comparingInt(a -> switch (a.level()) {
            case "failure" -> 0;
            case "warning" -> 1;
            default -> 2;
        }));
        return out;
    }
}
