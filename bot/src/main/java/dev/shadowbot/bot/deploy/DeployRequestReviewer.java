package dev.shadowbot.bot.deploy;

import dev.shadowbot.bot.deploy.PlanningService.DatabasePlan;
import dev.shadowbot.bot.deploy.PrReview.DbResult;
import dev.shadowbot.engine.config.ConfigProblem;
import dev.shadowbot.bot.github.RepoApi;
import dev.shadowbot.bot.github.RepoApi.PullRequestInfo;
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
import dev.shadowbot.engine.lint.LintSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reviews a pull request at its head commit: reads {@code .github/shadowbot.yml} and the schema files
 * through the API (no clone), decides which databases are affected, and plans each of them.
 * A database is affected when the PR changes a file in its schema folder or the config, or when it
 * already has an open deploy request (so a push that removes the diff is noticed).
 */
public final class DeployRequestReviewer {
    static final String CONFIG = ShadowbotConfig.DEFAULT_PATH;

    private final Map<String, DatabaseUrl> databases;
    private final PlanningService planning;

    public DeployRequestReviewer(Map<String, DatabaseUrl> databases, PlanningService planning) {
        this.databases = Map.copyOf(databases);
        this.planning = planning;
    }

    /**
     * @throws IOException GitHub failed (retried by the inbox)
     * @throws ShadowbotException DATABASE when a target database is unreachable (retried by the inbox)
     */
    public PrReview review(RepoApi repo, PullRequestInfo pr, List<DeployRequestRow> existing) throws IOException {
        String head = pr.headSha();
        List<String> changed = repo.changedFiles(pr.number());
        boolean configChanged = changed.contains(CONFIG);
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
        Optional<String> configText = repo.file(CONFIG, head);
        if (configText.isEmpty()) {
            List<DbResult> gone = open.stream().map(name -> new DbResult(name, "", DeployRequestState.NO_CHANGES,
                    null, CONFIG + " was removed", planned.contains(name))).toList();
            return new PrReview(repo.fullName(), pr, List.of(), gone, configChanged, "this repository has no " + CONFIG);
        }
        ShadowbotConfig config;
        try {
            config = ConfigLoader.parse(CONFIG, configText.get());
        } catch (ConfigException e) {
            boolean touches = configChanged || changed.stream().anyMatch(p -> p.endsWith(".sql"));
            return new PrReview(repo.fullName(), pr, e.problems(), List.of(), touches, "");
        }
        boolean touches = configChanged || changed.stream().anyMatch(p -> config.databaseForFile(p).isPresent());
        List<ConfigProblem> errors = new ArrayList<>();
        List<DbResult> results = new ArrayList<>();
        for (DatabaseConfig db : config.databases().values()) {
            String dir = db.schemaDir().replaceAll("/+$", "");
            boolean affected = configChanged || open.contains(db.name())
                    || changed.stream().anyMatch(p -> p.startsWith(dir + "/"));
            if (!affected) {
                continue;
            }
            int line = lineOf(configText.get(), db.name());
            DatabaseUrl url = databases.get(db.name());
            if (url == null) {
                errors.add(new ConfigProblem(CONFIG, line, 1, "database '" + db.name()
                        + "' is not configured on the bot; ask its operator to add it to SHADOWBOT_DATABASES"));
                continue;
            }
            Map<String, String> files = repo.files(dir, ".sql", head);
            if (files.isEmpty()) {
                // Planning an empty folder would propose dropping every table: refuse instead.
                errors.add(new ConfigProblem(CONFIG, line, 1, "schema_dir '" + dir + "' of database '" + db.name()
                        + "' has no .sql files at " + shortSha(head)));
                continue;
            }
            results.add(plan(db.name(), dir, url, files, config.lint(), planned.contains(db.name())));
        }
        for (String name : open) {
            if (!config.databases().containsKey(name)) {
                results.add(new DbResult(name, "", DeployRequestState.NO_CHANGES, null, "no longer in " + CONFIG,
                        planned.contains(name)));
            }
        }
        String reason = results.isEmpty() && errors.isEmpty() ? "this pull request changes no schema file" : "";
        return new PrReview(repo.fullName(), pr, errors, results, touches, reason);
    }

    private DbResult plan(String name, String dir, DatabaseUrl url, Map<String, String> files, LintSettings lint,
                          boolean wasPlanned) {
        DatabasePlan plan;
        try {
            plan = planning.plan(name, url, files, lint);
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
