package dev.shadowbot.bot.deploy;

import dev.shadowbot.bot.deploy.PlanningService.DatabasePlan;
import dev.shadowbot.bot.deploy.PrReview.DbResult;
import dev.shadowbot.bot.deploy.RepoConfig.ConfigError;
import dev.shadowbot.bot.github.RepoApi;
import dev.shadowbot.bot.github.RepoApi.PullRequestInfo;
import dev.shadowbot.bot.store.DeployRequestState;
import dev.shadowbot.bot.store.PullRequests.DeployRequestRow;
import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.db.DatabaseUrl;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reviews a pull request at its head commit: reads {@code .github/shadowbot.yml} and the schema files
 * through the API (no clone), decides which databases are affected, and plans each of them.
 * A database is affected when the PR changes a file in its schema folder or the config, or when it
 * already has an open deploy request (so a push that removes the diff is noticed).
 */
public final class DeployRequestReviewer {
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
        boolean configChanged = changed.contains(RepoConfig.PATH);
        Set<String> open = new LinkedHashSet<>();
        Set<String> planned = new LinkedHashSet<>();
        for (DeployRequestRow r : existing) {
            if (r.state() != DeployRequestState.CLOSED) {
                open.add(r.database());
            }
            if (r.state() == DeployRequestState.PLANNED) {
                planned.add(r.database());
            }
        }
        Optional<String> configText = repo.file(RepoConfig.PATH, head);
        if (configText.isEmpty()) {
            List<DbResult> gone = open.stream().map(name -> new DbResult(name, "", DeployRequestState.NO_CHANGES,
                    null, RepoConfig.PATH + " was removed", planned.contains(name))).toList();
            return new PrReview(repo.fullName(), pr, List.of(), gone, configChanged,
                    "this repository has no " + RepoConfig.PATH);
        }
        RepoConfig config = RepoConfigParser.parse(configText.get());
        boolean schemaChanged = changed.stream().anyMatch(p -> config.databases().values().stream()
                .anyMatch(d -> d.contains(p)));
        boolean touches = configChanged || schemaChanged;
        if (!config.errors().isEmpty()) {
            return new PrReview(repo.fullName(), pr, config.errors(), List.of(), touches, "");
        }
        List<ConfigError> errors = new ArrayList<>();
        List<DbResult> results = new ArrayList<>();
        for (RepoConfig.Database db : config.databases().values()) {
            boolean affected = configChanged || open.contains(db.name())
                    || changed.stream().anyMatch(db::contains);
            if (!affected) {
                continue;
            }
            DatabaseUrl url = databases.get(db.name());
            if (url == null) {
                errors.add(new ConfigError(RepoConfig.PATH, db.line(), "database '" + db.name()
                        + "' is not configured on the bot; ask its operator to add it to SHADOWBOT_DATABASES"));
                continue;
            }
            Map<String, String> files = repo.files(db.schemaDir(), ".sql", head);
            if (files.isEmpty()) {
                // Planning an empty folder would propose dropping every table: refuse instead.
                errors.add(new ConfigError(RepoConfig.PATH, db.line(), "schema_dir '" + db.schemaDir()
                        + "' of database '" + db.name() + "' has no .sql files at " + shortSha(head)));
                continue;
            }
            results.add(plan(db, url, files, planned.contains(db.name())));
        }
        for (String name : open) {
            if (!config.databases().containsKey(name)) {
                results.add(new DbResult(name, "", DeployRequestState.NO_CHANGES, null,
                        "no longer in " + RepoConfig.PATH, planned.contains(name)));
            }
        }
        String reason = results.isEmpty() && errors.isEmpty() ? "this pull request changes no schema file" : "";
        return new PrReview(repo.fullName(), pr, errors, results, touches, reason);
    }

    private DbResult plan(RepoConfig.Database db, DatabaseUrl url, Map<String, String> files, boolean wasPlanned) {
        DatabasePlan plan;
        try {
            plan = planning.plan(db.name(), url, files);
        } catch (ShadowbotException e) {
            if (e.code() != ErrorCode.BAD_INPUT && e.code() != ErrorCode.BLOCKED) {
                throw e;
            }
            return new DbResult(db.name(), db.schemaDir(), DeployRequestState.PLAN_FAILED, null, e.userMessage(),
                    wasPlanned);
        }
        DeployRequestState state = !plan.problems().isEmpty() ? DeployRequestState.PLAN_FAILED
                : plan.hasChanges() ? DeployRequestState.PLANNED : DeployRequestState.NO_CHANGES;
        return new DbResult(db.name(), db.schemaDir(), state, plan, "", wasPlanned);
    }

    static String shortSha(String sha) {
        return sha == null ? "" : sha.substring(0, Math.min(7, sha.length()));
    }
}
