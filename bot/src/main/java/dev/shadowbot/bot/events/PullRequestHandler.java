package dev.shadowbot.bot.events;

import dev.shadowbot.bot.comment.CheckRunReport;
import dev.shadowbot.bot.comment.StickyComment;
import dev.shadowbot.bot.deploy.DeployRequestReviewer;
import dev.shadowbot.bot.deploy.PrReview;
import dev.shadowbot.bot.deploy.PrReview.DbResult;
import dev.shadowbot.bot.gate.BasePolicy;
import dev.shadowbot.bot.github.GitHubClients;
import dev.shadowbot.bot.github.RepoApi;
import dev.shadowbot.bot.github.RepoApi.CheckRunSpec;
import dev.shadowbot.bot.github.RepoApi.CommentInfo;
import dev.shadowbot.bot.github.RepoApi.PullRequestInfo;
import dev.shadowbot.bot.inbox.EventHandler;
import dev.shadowbot.bot.inbox.PermanentFailure;
import dev.shadowbot.bot.lifecycle.DeployStatusView;
import dev.shadowbot.bot.lifecycle.SchemaFingerprint;
import dev.shadowbot.bot.store.DeployQueue;
import dev.shadowbot.bot.store.DeployQueue.Entry;
import dev.shadowbot.bot.store.DeployQueue.Request;
import dev.shadowbot.bot.store.DeployRequestState;
import dev.shadowbot.bot.store.InboxEvent;
import dev.shadowbot.bot.store.PullRequests;
import dev.shadowbot.bot.store.PullRequests.DeployRequestRow;
import dev.shadowbot.bot.store.PullRequests.PrHandle;
import dev.shadowbot.bot.store.PullRequests.PrRecord;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pull_request} events: review the PR at its current head, save its deploy requests, edit the
 * sticky comment in place and complete the {@code shadowbot} check run. The PR is locked in the state
 * database for the whole run, so concurrent events for one PR never race to post two comments.
 */
public final class PullRequestHandler implements EventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PullRequestHandler.class);

    private final GitHubClients github;
    private final PullRequests store;
    private final DeployRequestReviewer reviewer;
    private final StickyComment comment;
    private final DeployQueue queue;
    private final Runnable wakeRunner;

    public PullRequestHandler(GitHubClients github, PullRequests store, DeployRequestReviewer reviewer,
                              StickyComment comment, DeployQueue queue, Runnable wakeRunner) {
        this.github = github;
        this.store = store;
        this.reviewer = reviewer;
        this.comment = comment;
        this.queue = queue;
        this.wakeRunner = wakeRunner;
    }

    @Override
    public Outcome handle(InboxEvent event) throws IOException {
        PullRequestEvent e = PullRequestEvent.parse(event.payload());
        if (!e.relevant()) {
            return Outcome.IGNORED;
        }
        if (e.installationId() <= 0) {
            throw new PermanentFailure("the payload has no installation id: is this a GitHub App webhook?", null);
        }
        RepoApi repo = github.repo(e.installationId(), e.repo());
        try (PrHandle h = store.lock(e.repo(), e.number(), e.installationId())) {
            PullRequestInfo pr = headOf(e, repo.pullRequest(e.number()));
            if (!pr.open()) {
                close(repo, h, pr);
            } else {
                guardDeploys(repo, pr);
                review(repo, h, pr, event.deliveryId());
            }
        }
        return Outcome.DONE;
    }

    /**
     * The head to plan. GitHub's API may still show the previous head right after a push (its read replicas
     * lag); planning that would leave the pushed commit without a check run. When the payload names another
     * head and the API's pull request is not newer than the payload's ({@code updated_at}), the payload's
     * head is planned; when the API is newer, the event is late and the API's head is current.
     */
    static PullRequestInfo headOf(PullRequestEvent e, PullRequestInfo api) {
        if (e.headSha().isEmpty() || e.headSha().equals(api.headSha()) || !api.open() || e.updatedAt() == null) {
            return api;
        }
        if (api.updatedAt() != null && api.updatedAt().isAfter(e.updatedAt())) {
            return api;
        }
        LOG.info("repo={} pr={} head_from_payload={} api_head={} (the API still shows the previous head)", e.repo(),
                e.number(), e.headSha(), api.headSha());
        return api.withHead(e.headSha(), e.updatedAt());
    }

    /**
     * What is applied must be what was reviewed: a push that changes the schema files after
     * {@code /deploy} cancels the deploy (a fresh approval and {@code /deploy} are needed); a push that
     * leaves them as they were moves the deploy to the new head. When the base branch maps no schema
     * folder any more (its policy was removed or broken), nothing can be compared: every push cancels.
     */
    private void guardDeploys(RepoApi repo, PullRequestInfo pr) throws IOException {
        List<Entry> active = queue.active(repo.fullName(), pr.number());
        if (active.isEmpty() || active.stream().allMatch(a -> a.headSha().equals(pr.headSha()))) {
            return;
        }
        List<String> dirs = BasePolicy.load(repo, pr).schemaDirs();
        SchemaFingerprint fp = new SchemaFingerprint(repo, dirs);
        String head = fp.at(pr.headSha());
        for (Entry a : active) {
            if (a.headSha().equals(pr.headSha())) {
                continue;
            }
            if (!dirs.isEmpty() && fp.at(a.headSha()).equals(head)) {
                queue.moveHead(a.id(), a.headSha(), pr.headSha());
            } else {
                queue.request(a.id(), Request.CANCEL);
                LOG.info("repo={} pr={} queue_row={} cancelled=schema_changed_after_deploy", repo.fullName(),
                        pr.number(), a.id());
            }
        }
        wakeRunner.run();
    }

    /**
     * Plans the PR at its head, saves its deploy requests, edits the sticky comment (keeping its deploy
     * section) and completes the check run (or shows the deploy running on this head). Returns the review.
     * A PR from a fork is not planned against any database (see {@link #review(RepoApi, PrHandle,
     * PullRequestInfo, String, String)}).
     */
    public PrReview review(RepoApi repo, PrHandle h, PullRequestInfo pr, String delivery) throws IOException {
        return review(repo, h, pr, delivery, null);
    }

    /**
     * As {@link #review(RepoApi, PrHandle, PullRequestInfo, String)}; {@code forkPlanBy} is the user with
     * write access who asked to plan this head of a fork's PR ({@code /plan}), null when nobody did.
     */
    public PrReview review(RepoApi repo, PrHandle h, PullRequestInfo pr, String delivery, String forkPlanBy)
            throws IOException {
        long checkId = check(repo, h, pr.headSha(), CheckRunReport.inProgress(pr.headSha()), null);
        List<DeployRequestRow> existing = h.deployRequests();
        PrReview review = reviewer.review(repo, pr, existing, forkPlanBy);
        for (DbResult db : review.databases()) {
            h.saveDeployRequest(db.name(), pr.headSha(), db.state(), db.plan() == null ? 0 : db.plan().changes().size(),
                    db.note());
        }
        for (DbResult db : review.databases()) {
            // A fork's PR never deploys, so it claims no table ("also changed by #N" would hold others up).
            h.claimTables(db.name(), db.hasChanges() && !pr.fromFork() ? db.plan().changes().stream()
                    .map(c -> c.table()).collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new))
                    : java.util.Set.of());
        }
        String overlapWarning = overlapWarning(h.overlaps());
        boolean nothing = review.databases().isEmpty() && !review.hasConfigErrors() && review.held().isEmpty()
                && !review.policyChanged();
        Optional<CommentInfo> sticky = findSticky(repo, pr.number(), h.record().stickyCommentId());
        // A config error on a PR that touches no schema fails the check without commenting on every PR.
        boolean wantComment = sticky.isPresent() || review.diffGone() || !review.databases().isEmpty()
                || !review.held().isEmpty() || review.policyChanged()
                || (review.hasConfigErrors() && review.touchesSchema());
        String detailsUrl = pr.htmlUrl();
        if (wantComment) {
            long id = upsertSticky(repo, h, pr, sticky, DeployStatusView.splice(withWarning(comment.render(review),
                    overlapWarning), queue.forPullRequest(repo.fullName(), pr.number()), queue::position));
            detailsUrl = pr.htmlUrl() + "#issuecomment-" + id;
        }
        Optional<Entry> deploying = queue.active(repo.fullName(), pr.number()).stream()
                .filter(a -> a.headSha().equals(pr.headSha()) && a.requested() != Request.CANCEL).findFirst();
        check(repo, h, pr.headSha(), deploying.isPresent() ? DeployStatusView.check(deploying.get(), detailsUrl)
                : nothing ? CheckRunReport.noSchemaChanges(pr.headSha(), review.noSchemaReason())
                : CheckRunReport.of(review, detailsUrl, comment), checkId);
        h.save(h.record().with(pr.headSha(), "OPEN", h.record().stickyCommentId(), h.record().checkRunId(),
                h.record().checkRunSha()));
        LOG.info("delivery={} repo={} pr={} head={} fork={} verdict={} databases={} held={} config_errors={}"
                        + " policy_errors={}", delivery, repo.fullName(), pr.number(), pr.headSha(), pr.fromFork(),
                review.verdict(), review.databases().size(), review.held().size(), review.configErrors().size(),
                review.policyErrors().size());
        return review;
    }

    /**
     * "Also changed by #N": earlier pull requests, not finished yet, that change the same tables. This PR
     * cannot deploy until they are done; {@code /deploy} then plans again against the schema they leave.
     */
    public static String overlapWarning(List<PullRequests.PrHandle.Overlap> overlaps) {
        if (overlaps.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder();
        java.util.Map<Integer, List<PullRequests.PrHandle.Overlap>> byPr = new java.util.TreeMap<>();
        overlaps.forEach(o -> byPr.computeIfAbsent(o.otherPr(), k -> new java.util.ArrayList<>()).add(o));
        byPr.forEach((n, list) -> md.append("> ⚠️ **Also changed by #").append(n).append("**: ")
                .append(String.join(", ", list.stream().map(o -> "`" + o.table() + "` in `" + o.database() + "`")
                        .toList()))
                .append(" (#").append(n).append(": ").append(describe(list.get(0).otherDeployState())).append(").\n"));
        md.append(">\n> This pull request can be deployed after ")
                .append(String.join(", ", byPr.keySet().stream().map(n -> "#" + n).toList()))
                .append(" completes (or is closed); `/deploy` then plans it again against the schema left behind.\n");
        return md.toString();
    }

    private static String describe(String deployState) {
        return switch (deployState) {
            case "NOT_DEPLOYED" -> "open, not deployed yet";
            case "QUEUED" -> "deploy queued";
            case "RUNNING" -> "building shadow tables";
            case "STAGED" -> "staged, waiting for merge";
            case "WINDOW" -> "cut over, in its revert window";
            default -> "open, last deploy " + deployState.toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** Puts the warning right below the sticky comment's marker line, where it is seen first. */
    static String withWarning(String body, String warning) {
        if (warning.isEmpty()) {
            return body;
        }
        int nl = body.indexOf('\n');
        return nl < 0 ? body + "\n\n" + warning : body.substring(0, nl + 1) + warning + "\n" + body.substring(nl + 1);
    }

    private void close(RepoApi repo, PrHandle h, PullRequestInfo pr) throws IOException {
        // Merged → cut over (as soon as staged); closed unmerged → cancel and drop the shadows.
        for (Entry a : queue.active(repo.fullName(), pr.number())) {
            if (a.requested() != Request.CANCEL) {
                queue.request(a.id(), pr.merged() ? Request.CUTOVER : Request.CANCEL);
            }
        }
        wakeRunner.run();
        List<DeployRequestRow> rows = h.deployRequests();
        for (DeployRequestRow r : rows) {
            if (r.state() != DeployRequestState.CLOSED) {
                h.saveDeployRequest(r.database(), r.headSha(), DeployRequestState.CLOSED, r.changeCount(), r.summary());
            }
        }
        Long commentId = h.record().stickyCommentId();
        if (commentId != null && !rows.isEmpty()) {
            List<DbResult> closed = rows.stream().map(r -> new DbResult(r.database(), "", DeployRequestState.CLOSED,
                    null, "closed with the pull request", false)).toList();
            PrReview review = new PrReview(repo.fullName(), pr, List.of(), closed, true, "");
            upsertSticky(repo, h, pr, findSticky(repo, pr.number(), commentId),
                    DeployStatusView.splice(comment.render(review), queue.forPullRequest(repo.fullName(), pr.number()),
                            queue::position));
        }
        h.save(h.record().with(pr.headSha(), pr.merged() ? "MERGED" : "CLOSED", h.record().stickyCommentId(),
                h.record().checkRunId(), h.record().checkRunSha()));
    }

    /** Creates the check run for this head, or updates the one already made for it. Returns its id. */
    private static long check(RepoApi repo, PrHandle h, String headSha, CheckRunSpec spec, Long knownId)
            throws IOException {
        PrRecord r = h.record();
        Long id = knownId != null ? knownId : headSha.equals(r.checkRunSha()) ? r.checkRunId() : null;
        if (id != null) {
            repo.updateCheckRun(id, spec);
            return id;
        }
        long created = repo.createCheckRun(spec);
        h.save(r.with(r.headSha(), r.state() == null ? "OPEN" : r.state(), r.stickyCommentId(), created, headSha));
        return created;
    }

    /** Edits the sticky comment, finding it by stored id or by its marker; creates it only if there is none. */
    private static long upsertSticky(RepoApi repo, PrHandle h, PullRequestInfo pr, Optional<CommentInfo> existing,
                                     String body) throws IOException {
        long id;
        if (existing.isPresent() && repo.updateComment(pr.number(), existing.get().id(), body)) {
            id = existing.get().id();
        } else {
            id = repo.createComment(pr.number(), body);
        }
        PrRecord r = h.record();
        // Saved at once: a failure later in this run must not lead the retry to post a second comment.
        h.save(r.with(r.headSha(), r.state() == null ? "OPEN" : r.state(), id, r.checkRunId(), r.checkRunSha()));
        return id;
    }

    /**
     * The PR's sticky comment, by stored id or by its marker, and only ever one this App wrote: a
     * comment by anyone else that starts with the marker is not ours, whatever it says.
     */
    public static Optional<CommentInfo> findSticky(RepoApi repo, int number, Long knownId) throws IOException {
        List<CommentInfo> ours = repo.comments(number).stream().filter(CommentInfo::byThisApp).toList();
        if (knownId != null) {
            Optional<CommentInfo> byId = ours.stream().filter(c -> c.id() == knownId).findFirst();
            if (byId.isPresent()) {
                return byId;
            }
        }
        return ours.stream().filter(c -> StickyComment.isSticky(c.body())).findFirst();
    }

    @Override
    public void onParked(InboxEvent event, String error) {
        try {
            PullRequestEvent e = PullRequestEvent.parse(event.payload());
            if (!e.relevant() || e.installationId() <= 0) {
                return;
            }
            RepoApi repo = github.repo(e.installationId(), e.repo());
            try (PrHandle h = store.lock(e.repo(), e.number(), e.installationId())) {
                PullRequestInfo pr = repo.pullRequest(e.number());
                if (pr.open()) {
                    check(repo, h, pr.headSha(), CheckRunReport.botFailure(pr.headSha(), event.deliveryId()), null);
                }
            }
        } catch (IOException | RuntimeException ex) {
            LOG.warn("delivery={} could_not_mark_check_failed=\"{}\"", event.deliveryId(), ex.getMessage());
        }
    }
}
