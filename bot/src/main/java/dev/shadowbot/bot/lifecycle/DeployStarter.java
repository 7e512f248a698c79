package dev.shadowbot.bot.lifecycle;

import dev.shadowbot.bot.command.SlashCommand;
import dev.shadowbot.bot.deploy.PrReview;
import dev.shadowbot.bot.deploy.PrReview.DbResult;
import dev.shadowbot.bot.deploy.Verdict;
import dev.shadowbot.bot.events.PullRequestHandler;
import dev.shadowbot.bot.gate.ApprovalGate;
import dev.shadowbot.bot.gate.BasePolicy;
import dev.shadowbot.bot.gate.DatabaseAccess;
import dev.shadowbot.bot.github.RepoApi;
import dev.shadowbot.bot.github.RepoApi.PullRequestInfo;
import dev.shadowbot.bot.github.RepoApi.ReviewInfo;
import dev.shadowbot.bot.store.DeployQueue;
import dev.shadowbot.bot.store.DeployQueue.Entry;
import dev.shadowbot.bot.store.PullRequests.PrHandle;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.config.ShadowbotConfig;
import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.lint.LintCategory;
import dev.shadowbot.engine.migration.DeployPlans;
import dev.shadowbot.engine.migration.DeploySpec;
import dev.shadowbot.engine.schema.Plan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /deploy [--allow-data-loss]}: re-plan the head, require it deployable and approved (the
 * {@link ApprovalGate} with reviews and permissions from the API, staleness by schema fingerprint),
 * then queue one row per database with changes. A repeat for the same head answers with the queue
 * state instead of queueing again. Every rule comes from the base branch's policy as read by that
 * re-plan ({@link PrReview#policy()}), so the decision and the plan use one reading of it; a pull
 * request from a fork is never deployed.
 */
final class DeployStarter {
    private final PullRequestHandler planner;
    private final DeployQueue queue;
    private final DatabaseAccess access;

    DeployStarter(PullRequestHandler planner, DeployQueue queue, DatabaseAccess access) {
        this.planner = planner;
        this.queue = queue;
        this.access = access;
    }

    /** Returns the answer to post. */
    String deploy(RepoApi repo, PrHandle h, PullRequestInfo pr, long installationId, String user, SlashCommand cmd,
                  String delivery) throws IOException {
        return deploy(repo, h, pr, installationId, user, cmd, delivery, false);
    }

    /**
     * {@code auto_deploy_on_approval}: an approval arrived; when it completes the gate, queue the deploy
     * as if {@code /deploy} was typed by the approver. Returns the answer to post, or null to stay silent
     * (the repo did not opt in, nothing to deploy, not approved yet, already deploying).
     */
    String autoDeploy(RepoApi repo, PrHandle h, PullRequestInfo pr, long installationId, String approver,
                      String delivery) throws IOException {
        if (!pr.open() || pr.fromFork() || !queue.active(repo.fullName(), pr.number()).isEmpty()) {
            return null;
        }
        // The base branch decides whether approvals deploy; a PR that turns the setting on waits for its merge.
        if (!BasePolicy.load(repo, pr).config().map(ShadowbotConfig::autoDeployOnApproval).orElse(false)) {
            return null;
        }
        return deploy(repo, h, pr, installationId, approver, SlashCommand.parse("/deploy").orElseThrow(), delivery,
                true);
    }

    private String deploy(RepoApi repo, PrHandle h, PullRequestInfo pr, long installationId, String user,
                          SlashCommand cmd, String delivery, boolean auto) throws IOException {
        if (pr.fromFork()) {
            return refuse("this pull request comes from " + (pr.headRepo().isEmpty() ? "a deleted fork" : "the fork `"
                    + pr.headRepo() + "`") + ", and shadowbot never deploys a fork's pull request: its commits live"
                    + " outside " + pr.baseRepo() + ", where its branch protection does not reach", "push the branch to "
                    + pr.baseRepo() + " and open a pull request from there; `/plan` (by a writer) shows the plan here");
        }
        List<Entry> active = queue.active(repo.fullName(), pr.number());
        if (!active.isEmpty()) {
            if (active.stream().allMatch(e -> e.headSha().equals(pr.headSha()))) {
                return "Already deployed for `" + short7(pr.headSha()) + "`, nothing queued twice: "
                        + describe(active) + ".";
            }
            return refuse("a deploy of an older head is still active (" + describe(active) + ")",
                    "comment `/cancel`, then `/deploy` again");
        }
        PrReview review = planner.review(repo, h, pr, delivery);
        if (auto && (review.hasConfigErrors() || review.verdict() == Verdict.FAILURE)) {
            return null; // the plan comment already says what is wrong
        }
        if (review.hasConfigErrors() || review.verdict() == Verdict.FAILURE) {
            return refuse("the plan for `" + short7(pr.headSha()) + "` is not deployable",
                    "fix the errors listed in the plan comment and push; then `/deploy` again");
        }
        List<DbResult> changed = review.databases().stream().filter(DbResult::hasChanges).toList();
        if (changed.isEmpty()) {
            if (auto) {
                return null;
            }
            return "Nothing to deploy: the schema files at `" + short7(pr.headSha()) + "` match the live database.";
        }
        java.util.Set<String> changedDbs = changed.stream().map(DbResult::name)
                .collect(java.util.stream.Collectors.toSet());
        List<dev.shadowbot.bot.store.PullRequests.PrHandle.Overlap> overlaps = h.overlaps().stream()
                .filter(o -> changedDbs.contains(o.database())).toList();
        if (!overlaps.isEmpty()) {
            if (auto) {
                return null; // the plan comment carries the warning
            }
            java.util.Set<Integer> others = new java.util.TreeSet<>();
            overlaps.forEach(o -> others.add(o.otherPr()));
            String list = String.join(", ", others.stream().map(n -> "#" + n).toList());
            return refuse("the same table" + (overlaps.size() == 1 ? " is" : "s are") + " also changed by " + list
                    + " (" + String.join(", ", overlaps.stream().map(o -> "`" + o.table() + "` in `" + o.database()
                    + "` by #" + o.otherPr()).toList()) + "), which is not finished",
                    "wait until " + list + " completes (or is closed), then `/deploy` again: this pull request is"
                            + " planned again against the schema " + list + " leaves");
        }
        // Changes were planned, so the base branch has a valid policy: the one this decision uses.
        ShadowbotConfig config = review.policy().orElseThrow();
        List<String> schemaDirs = BasePolicy.schemaDirs(config);
        SchemaFingerprint fingerprint = new SchemaFingerprint(repo, schemaDirs);
        Map<String, String> permissions = new HashMap<>();
        Map<String, Boolean> memberships = new HashMap<>();
        ApprovalGate gate = new ApprovalGate(config.approvals(), new ApprovalGate.Directory() {
            @Override
            public String permission(String login) {
                return permissions.computeIfAbsent(login, l -> {
                    try {
                        return repo.permission(l);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }

            @Override
            public boolean inTeam(String login, String team) {
                return memberships.computeIfAbsent(login.toLowerCase(java.util.Locale.ROOT) + " " + team, k -> {
                    try {
                        return repo.inTeam(login, team);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }, config.approvals().codeowners() ? codeOwners(repo, pr, schemaDirs) : List.of());
        List<ApprovalGate.Review> reviews = new ArrayList<>();
        for (ReviewInfo r : repo.reviews(pr.number())) {
            reviews.add(new ApprovalGate.Review(r.author(), r.state(), r.commitId(), r.byApp()));
        }
        boolean losesData = changed.stream().flatMap(d -> d.plan().findings().stream())
                .anyMatch(f -> f.code().category() == LintCategory.DATA_LOSS);
        ApprovalGate.Decision decision = gate.decide(pr.author(), reviews, fingerprint.at(pr.headSha()),
                fingerprint::at, losesData, cmd.has("--allow-data-loss") || auto);
        if (auto && !decision.approved()) {
            return null; // not approved yet: the approvals so far stay silent
        }
        if (auto && losesData) {
            return "Approved by " + mentions(decision.approvers()) + ", but `auto_deploy_on_approval` does not deploy"
                    + " a plan that destroys data.\n\nNext: someone with write access comments"
                    + " `/deploy --allow-data-loss` after checking the data-loss findings in the plan comment.";
        }
        if (!decision.approved()) {
            StringBuilder why = new StringBuilder();
            decision.reasons().forEach(r -> why.append("\n- ").append(r));
            decision.notes().forEach(n -> why.append("\n- ").append(n));
            return "🚫 `/deploy` refused: not approved for `" + short7(pr.headSha()) + "`." + why
                    + "\n\nNext: get the approvals above, then comment `/deploy` again.";
        }
        Map<String, String> specs = new HashMap<>();
        for (DbResult db : changed) {
            java.util.Optional<DatabaseUrl> url = access.forPullRequest(db.name(), pr);
            if (url.isEmpty()) {
                return refuse(DatabaseAccess.refusal(db.name(), pr), "see the plan comment");
            }
            Plan planned = new Plan(url.get().database(), db.plan().changes(), List.of());
            java.util.Optional<String> mass;
            try (java.sql.Connection c = dev.shadowbot.engine.db.Connections.open(url.get())) {
                mass = dev.shadowbot.engine.schema.MassDrop.describe(planned, c);
            } catch (java.sql.SQLException e) {
                return refuse("database `" + db.name() + "`: cannot count its live tables (" + e.getMessage() + ")",
                        "check the database and comment `/deploy` again");
            }
            if (mass.isPresent() && (auto || !cmd.has("--allow-mass-drop"))) {
                // Most likely a wrong or half-checked-out schema folder: its own explicit flag, never automatic.
                return refuse("database `" + db.name() + "`: " + mass.get(), "check that the pull request keeps the"
                        + " complete schema folder; if dropping them is intended, a writer comments"
                        + " `/deploy --allow-data-loss --allow-mass-drop`");
            }
            try {
                // The instant policy, like all policy, comes from the base branch's config.
                DeploySpec spec = DeployPlans.toSpec(planned).withInstant(config.instant());
                spec.validate();
                specs.put(db.name(), spec.toJson());
            } catch (ShadowbotException e) {
                return refuse("database `" + db.name() + "`: " + e.getMessage(), e.nextStep());
            }
        }
        List<Entry> queued = new ArrayList<>();
        for (DbResult db : changed) {
            long id = queue.enqueue(repo.fullName(), pr.number(), installationId, db.name(), pr.headSha(),
                    specs.get(db.name()), user, config.revertWindow());
            queued.add(queue.get(id).orElseThrow());
        }
        return "✅ Queued `" + short7(pr.headSha()) + "` (approved by " + mentions(decision.approvers()) + ")"
                + (auto ? " automatically on approval (`auto_deploy_on_approval`)" : "") + ": " + describe(queued)
                + ". The plan comment shows progress; the check turns green when the shadow tables are staged.";
    }

    /**
     * Owners of the PR's changed schema files per the base branch's CODEOWNERS (the first of GitHub's
     * locations that exists); empty without a CODEOWNERS file. The base branch, not the head: a PR must
     * not be able to name its own approvers.
     */
    static java.util.Set<String> codeOwners(RepoApi repo, PullRequestInfo pr, List<String> schemaDirs)
            throws IOException {
        for (String location : dev.shadowbot.bot.gate.CodeOwners.LOCATIONS) {
            java.util.Optional<String> text = repo.file(location, pr.baseRef());
            if (text.isPresent()) {
                List<String> changed = repo.changedFiles(pr.number()).stream()
                        .filter(f -> f.endsWith(".sql") && schemaDirs.stream().anyMatch(d -> f.startsWith(d + "/")))
                        .toList();
                return dev.shadowbot.bot.gate.CodeOwners.parse(text.get()).ownersOf(changed);
            }
        }
        return java.util.Set.of();
    }

    private static String mentions(List<String> logins) {
        return String.join(", ", logins.stream().map(a -> "@" + a).toList());
    }

    String describe(List<Entry> entries) {
        List<String> parts = new ArrayList<>();
        for (Entry e : entries) {
            parts.add("`" + e.database() + "` " + DeployStatusView.state(e, queue::position));
        }
        return String.join("; ", parts);
    }

    static String refuse(String why, String next) {
        return "🚫 Refused: " + why + ".\n\nNext: " + next + ".";
    }

    static String short7(String sha) {
        return sha.substring(0, Math.min(7, sha.length()));
    }
}
