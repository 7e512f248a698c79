package dev.shadowbot.bot.deploy;

import dev.shadowbot.bot.deploy.PlanningService.DatabasePlan;
import dev.shadowbot.bot.github.RepoApi.PullRequestInfo;
import dev.shadowbot.bot.store.DeployRequestState;
import dev.shadowbot.engine.config.ConfigProblem;
import dev.shadowbot.engine.config.ShadowbotConfig;
import java.util.List;
import java.util.Optional;

/**
 * Everything the bot found for one pull request at one head commit: the input of the sticky comment
 * and the check run.
 *
 * @param repo             {@code owner/name}
 * @param pr               the pull request as it is now
 * @param configErrors     problems in the pull request's own (proposed) {@code .github/shadowbot.yml}, at
 *                         lines of the head's version (annotated there)
 * @param databases        every database the PR affects now or had a deploy request for
 * @param touchesSchema    the PR changes the config or a schema file
 * @param noSchemaReason   why there is nothing to plan, when {@code databases} is empty
 * @param policyErrors     problems with the base branch's policy (its file, a database it names that the
 *                         bot does not bind to this repository, an empty schema folder), at lines of the
 *                         base branch's version (not annotated: the head's file may differ)
 * @param held             databases the PR affects that were not planned because it comes from a fork
 * @param policyChanged    the PR changes {@code .github/shadowbot.yml}: the change applies after it merges
 * @param forkPlannedBy    for a PR from a fork, who asked to plan it ({@code /plan}); empty when nobody did
 * @param policy           the base branch's policy the review was made with; empty when it has none
 */
public record PrReview(String repo, PullRequestInfo pr, List<ConfigProblem> configErrors, List<DbResult> databases,
                       boolean touchesSchema, String noSchemaReason, List<ConfigProblem> policyErrors,
                       List<String> held, boolean policyChanged, String forkPlannedBy,
                       Optional<ShadowbotConfig> policy) {
    public PrReview {
        configErrors = List.copyOf(configErrors);
        databases = List.copyOf(databases);
        policyErrors = List.copyOf(policyErrors);
        held = List.copyOf(held);
        forkPlannedBy = forkPlannedBy == null ? "" : forkPlannedBy;
    }

    /** A review without policy remarks (closing a PR, tests of the rendering). */
    public PrReview(String repo, PullRequestInfo pr, List<ConfigProblem> configErrors, List<DbResult> databases,
                    boolean touchesSchema, String noSchemaReason) {
        this(repo, pr, configErrors, databases, touchesSchema, noSchemaReason, List.of(), List.of(), false, "",
                Optional.empty());
    }

    /** Any error in the proposed config or the base branch's policy. */
    public boolean hasConfigErrors() {
        return !configErrors.isEmpty() || !policyErrors.isEmpty();
    }

    /**
     * One database's result.
     *
     * @param name      name in the config
     * @param schemaDir its schema folder (repo-relative), for annotations; may be empty if it left the config
     * @param state     the deploy request's state after this review
     * @param plan      the plan, null when planning was impossible
     * @param note      why there is no plan, or a remark (e.g. "no longer in .github/shadowbot.yml")
     * @param wasPlanned the deploy request had changes before this review (so "the diff went away")
     */
    public record DbResult(String name, String schemaDir, DeployRequestState state, DatabasePlan plan, String note,
                           boolean wasPlanned) {
        public boolean hasChanges() {
            return plan != null && plan.hasChanges();
        }

        /** Errors block this database: the files do not load, or lint errors stand. */
        public boolean blocked() {
            return state == DeployRequestState.PLAN_FAILED || state == DeployRequestState.BLOCKED;
        }

        /** Repo-relative path of a file in the schema folder. */
        public String repoPath(String file) {
            return schemaDir.isEmpty() ? file : schemaDir + "/" + file;
        }
    }

    public boolean anyChanges() {
        return databases.stream().anyMatch(DbResult::hasChanges);
    }

    /** The PR had a plan with changes and now has none: the comment must say the diff went away. */
    public boolean diffGone() {
        return !anyChanges() && databases.stream().anyMatch(DbResult::wasPlanned);
    }

    public Verdict verdict() {
        return Verdict.of(this);
    }
}
