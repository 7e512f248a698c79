package dev.shadowbot.bot.lifecycle;

import dev.shadowbot.bot.comment.StickyComment;
import dev.shadowbot.bot.events.PullRequestHandler;
import dev.shadowbot.bot.github.GitHubClients;
import dev.shadowbot.bot.github.RepoApi;
import dev.shadowbot.bot.github.RepoApi.CommentInfo;
import dev.shadowbot.bot.store.DeployQueue;
import dev.shadowbot.bot.store.DeployQueue.Entry;
import dev.shadowbot.bot.store.PullRequests;
import dev.shadowbot.bot.store.PullRequests.PrHandle;
import dev.shadowbot.bot.store.PullRequests.PrRecord;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows a deploy's progress on its pull request: the deploy section of the sticky comment, edited in
 * place, and the check run of the deployed head. Runs under the PR's lock, like the PR handler, so
 * the two never race to post a second comment.
 */
public final class DeployPublisher implements DeployRunner.Publisher {
    private static final Logger LOG = LoggerFactory.getLogger(DeployPublisher.class);

    private final GitHubClients github;
    private final PullRequests prs;
    private final DeployQueue queue;

    public DeployPublisher(GitHubClients github, PullRequests prs, DeployQueue queue) {
        this.github = github;
        this.prs = prs;
        this.queue = queue;
    }

    @Override
    public void publish(Entry e) {
        try (PrHandle h = prs.lock(e.repo(), e.prNumber(), e.installationId())) {
            publish(github.repo(e.installationId(), e.repo()), h, e);
        } catch (IOException | RuntimeException ex) {
            // The state is in the database; the next change (or command) shows it.
            LOG.warn("pr={}#{} queue_row={} could_not_publish=\"{}\"", e.repo(), e.prNumber(), e.id(), ex.getMessage());
        }
    }

    @Override
    public void announce(Entry e, String text) {
        try {
            github.repo(e.installationId(), e.repo()).createComment(e.prNumber(), text);
        } catch (IOException | RuntimeException ex) {
            LOG.warn("pr={}#{} queue_row={} could_not_announce=\"{}\"", e.repo(), e.prNumber(), e.id(), ex.getMessage());
        }
    }

    /** Publishes with the PR already locked by the caller. */
    public void publish(RepoApi repo, PrHandle h, Entry e) throws IOException {
        PrRecord r = h.record();
        List<Entry> rows = queue.forPullRequest(e.repo(), e.prNumber());
        Optional<CommentInfo> sticky = PullRequestHandler.findSticky(repo, e.prNumber(), r.stickyCommentId());
        long commentId;
        if (sticky.isPresent() && repo.updateComment(e.prNumber(), sticky.get().id(),
                DeployStatusView.splice(sticky.get().body(), rows, queue::position))) {
            commentId = sticky.get().id();
        } else {
            commentId = repo.createComment(e.prNumber(), DeployStatusView.splice(StickyComment.MARKER, rows,
                    queue::position));
            h.save(r.with(r.headSha(), r.state(), commentId, r.checkRunId(), r.checkRunSha()));
        }
        r = h.record();
        String details = repo.pullRequest(e.prNumber()).htmlUrl() + "#issuecomment-" + commentId;
        if (e.headSha().equals(r.checkRunSha()) && r.checkRunId() != null) {
            repo.updateCheckRun(r.checkRunId(), DeployStatusView.check(e, details));
        } else if (e.headSha().equals(r.headSha()) && e.status().active()) {
            long id = repo.createCheckRun(DeployStatusView.check(e, details));
            h.save(r.with(r.headSha(), r.state(), r.stickyCommentId(), id, e.headSha()));
        }
    }
}
