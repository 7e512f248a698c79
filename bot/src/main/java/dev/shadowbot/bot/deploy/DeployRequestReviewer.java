package dev.shadowbot.bot.deploy;

import dev.shadowbot.bot.deploy.PlanningService.DatabasePlan;
import dev.shadowbot.bot.deploy.PrReview.DbResult;
import dev.shadowbot.bot.gate.BasePolicy;
import dev.shadowbot.bot.gate.DatabaseAccess;
import dev.shadowbot.bot.github.RepoApi;
import dev.shadowbot.bot.github.RepoApi.PullRequestInfo;
import dev.shadowbot.bot.github.UnreadableSchemaFile;
import dev.shadowbot.bot.store.DeployRequestState;
import dev.shadowbot.bot.store.PullRequests.DeployRequestRow;
import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.config.ConfigException;
import dev.shadowbot.engine.config.ConfigLoader;
import dev.shadowbot.engine.config.ConfigProblem;
import dev.shadowbot.engine.config.DatabaseConfig;
import dev.shadowbot.engine.config.ShadowbotConfig;
import dev.shadowbot.engine.db.DatabaseUrl;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reviews a pull request: the policy and the folder → database map come from the base branch
 * ({@link BasePolicy}, read now), the desired schema files from the head commit, both through the API
 * (no clone). A database is affected when the PR changes a file in its schema folder or when it
 * already has an open deploy request (so a push that removes the diff is noticed). A database the
 * bot does not bind to the PR's base repository and branch is refused without reading anything from
 * it; a PR from a fork is not planned against any database unless someone with write access asked.
 */
public final class DeployRequestReviewer {
    static final String CONFIG = ShadowbotConfig.DEFAULT_PATH;

    private final DatabaseAccess access;
    private final PlanningService planning;

    public DeployRequestReviewer(DatabaseAccess access, PlanningService planning) {
        this.access = access;
        this.planning = planning;
    }

    /**
     * @param forkPlanBy who asked to plan a fork's pull request ({@code /plan} by a writer); null when
     *                   nobody did, so a fork's databases are only listed as held
     * @throws IOException GitHub failed (retried by the inbox)
     * @throws ShadowbotException DATABASE when a target database is unreachable (retried by the inbox)
     */
    public PrReview review(RepoApi repo, PullRequestInfo pr, List<DeployRequestRow> existing, String forkPlanBy)
            throws IOException {
        String head = pr.headSha();
        List<String> changed = repo.changedFiles(pr.number());
        boolean configChanged = changed.contains(CONFIG);
        BasePolicy policy = BasePolicy.load(repo, pr);
        List<ConfigProblem> proposed = configChanged ? proposedProblems(repo, pr) : List.of();
        String plannedBy = pr.fromFork() && forkPlanBy != null ? forkPlanBy : "";
        Set<String> open = new LinkedHashSet<>();
        Set<String> planned = new LinkedHashSet<>();
        for (DeployRequestRow r : existing) {
            if (r.state() != DeployRequestState.CLOSED) {
                open.add(r.database());
            }
            if (r.state() == DeployRequestState.PLANNED || r.state() == DeployRequestState.BLOCKED) {
                planned.add(r.database());
            }
        }
        if (policy.config().isEmpty()) {
            List<DbResult> gone = open.stream().map(name -> new DbResult(name, "", DeployRequestState.NO_CHANGES,
                    null, CONFIG + (policy.present() ? " is not valid on " : " is not on ") + pr.baseRef(),
                    planned.contains(name))).toList();
            // A broken base policy blocks, unless this pull request is the fix (its own file is checked instead).
            List<ConfigProblem> baseErrors = configChanged ? List.of() : policy.problems();
            String reason = policy.present() ? "" : "the base branch `" + pr.baseRef() + "` has no " + CONFIG;
            return new PrReview(repo.fullName(), pr, proposed, gone, configChanged,
                    reason, baseErrors, List.of(), configChanged, plannedBy, Optional.empty());
        }
        ShadowbotConfig config = policy.config().get();
        boolean touches = configChanged || changed.stream().anyMatch(p -> config.databaseForFile(p).isPresent());
        List<ConfigProblem> errors = new ArrayList<>();
        List<DbResult> results = new ArrayList<>();
        List<String> held = new ArrayList<>();
        for (DatabaseConfig db : config.databases().values()) {
            String dir = db.schemaDir().replaceAll("/+$", "");
            boolean affected = open.contains(db.name()) || changed.stream().anyMatch(p -> p.startsWith(dir + "/"));
            if (!affected) {
                continue;
            }
            int line = lineOf(policy.text(), db.name());
            Optional<DatabaseUrl> url = access.forPullRequest(db.name(), pr);
            if (url.isEmpty()) {
                errors.add(new ConfigProblem(CONFIG, line, 1, DatabaseAccess.refusal(db.name(), pr)));
                continue;
            }
            if (pr.fromFork() && forkPlanBy == null) {
                held.add(db.name());
                continue;
            }
            Map<String, String> files;
            try {
                files = repo.files(dir, ".sql", head);
            } catch (UnreadableSchemaFile e) {
                // Fail closed: a file the bot cannot see would be planned as a table to drop.
                errors.add(new ConfigProblem(e.path(), 1, 1, "cannot read this file at " + shortSha(head)
                        + ": " + e.reason() + ". Nothing was planned for database '" + db.name()
                        + "' (no changes, no drops). Next: make the file readable, then push or comment /plan."));
                continue;
            }
            if (files.isEmpty()) {
                // Planning an empty folder would propose dropping every table: refuse instead.
                errors.add(new ConfigProblem(CONFIG, line, 1, "schema_dir '" + dir + "' of database '" + db.name()
                        + "' has no .sql files at " + shortSha(head)));
                continue;
            }
            results.add(plan(db.name(), dir, url.get(), files, config, planned.contains(db.name())));
        }
        for (String name : open) {
            if (!config.databases().containsKey(name)) {
                results.add(new DbResult(name, "", DeployRequestState.NO_CHANGES, null, "no longer in " + CONFIG
                        + " on " + pr.baseRef(), planned.contains(name)));
            }
        }
        String reason = results.isEmpty() && errors.isEmpty() && held.isEmpty()
                ? "this pull request changes no schema file" : "";
        return new PrReview(repo.fullName(), pr, proposed, results, touches, reason, errors, held, configChanged,
                plannedBy, policy.config());
    }

    /**
     * Errors in the pull request's own version of the config, so a policy change is checked before it
     * merges: the file's syntax and values, and databases it names that the bot would refuse to this
     * repository. Nothing is read from any database.
     */
    private List<ConfigProblem> proposedProblems(RepoApi repo, PullRequestInfo pr) throws IOException {
        Optional<String> text = repo.file(CONFIG, pr.headSha());
        if (text.isEmpty()) {
            return List.of();
        }
        ShadowbotConfig proposed;
        try {
            proposed = ConfigLoader.parse(CONFIG, text.get());
        } catch (ConfigException e) {
            return e.problems();
        }
        List<ConfigProblem> out = new ArrayList<>();
        for (DatabaseConfig db : proposed.databases().values()) {
            if (access.forPullRequest(db.name(), pr).isEmpty()) {
                out.add(new ConfigProblem(CONFIG, lineOf(text.get(), db.name()), 1, "after merge, "
                        + DatabaseAccess.refusal(db.name(), pr).replace(", so nothing was read from it", "")));
            }
        }
        return out;
    }

    private DbResult plan(String name, String dir, DatabaseUrl url, Map<String, String> files, ShadowbotConfig config,
                          boolean wasPlanned) {
        DatabasePlan plan;
        try {
            plan = planning.plan(name, url, files, config.lint(), config.instant()); // policy from the base branch
        } catch (ShadowbotException e) {
            if (e.code() != ErrorCode.BAD_INPUT && e.code() != ErrorCode.BLOCKED) {
                throw e;
            }
            return new DbResult(name, dir, DeployRequestState.PLAN_FAILED, null, e.userMessage(), wasPlanned);
        }
        DeployRequestState state = !plan.deployable()
                ? (plan.hasChanges() ? DeployRequestState.BLOCKED : DeployRequestState.PLAN_FAILED)
                : plan.hasChanges() ? DeployRequestState.PLANNED : DeployRequestState.NO_CHANGES;
        return new DbResult(name, dir, state, plan, "", wasPlanned);
    }

    /** Line of {@code name:} under {@code databases:} in the config text (1 if not found), for annotations. */
    static int lineOf(String text, String name) {
        List<String> lines = text.lines().toList();
        boolean inDatabases = false;
        Pattern key = Pattern.compile("^\\s+[\"']?" + Pattern.quote(name) + "[\"']?\\s*:");
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.startsWith("databases:")) {
                inDatabases = true;
            } else if (!l.isBlank() && !Character.isWhitespace(l.charAt(0)) && !l.startsWith("#")) {
                inDatabases = false;
            } else if (inDatabases && key.matcher(l).find()) {
                return i + 1;
            }
        }
        return 1;
    }

    static String shortSha(String sha) {
        return sha == null ? "" : sha.substring(0, Math.min(7, sha.length()));
    }
}
