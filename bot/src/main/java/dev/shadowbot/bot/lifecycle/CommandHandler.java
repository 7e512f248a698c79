package dev.shadowbot.bot.lifecycle;

import dev.shadowbot.bot.command.SlashCommand;
import dev.shadowbot.bot.command.SlashCommand.Kind;
import dev.shadowbot.bot.events.PullRequestHandler;
import dev.shadowbot.bot.gate.ApprovalGate;
import dev.shadowbot.bot.github.GitHubClients;
import dev.shadowbot.bot.github.RepoApi;
import dev.shadowbot.bot.github.RepoApi.PullRequestInfo;
import dev.shadowbot.bot.inbox.EventHandler;
import dev.shadowbot.bot.inbox.PermanentFailure;
import dev.shadowbot.bot.store.DeployQueue;
import dev.shadowbot.bot.store.DeployQueue.Entry;
import dev.shadowbot.bot.store.DeployQueue.Request;
import dev.shadowbot.bot.store.InboxEvent;
import dev.shadowbot.bot.store.PullRequests;
import dev.shadowbot.bot.store.PullRequests.PrHandle;
import dev.shadowbot.engine.db.DatabaseUrl;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slash commands from {@code issue_comment} (created) and {@code pull_request_review} (submitted)
 * events. Reacts 👀 on a comment, checks write permission through the API for mutating commands, and
 * always answers with a reply comment: done, or refused with the reason and the next step. Runs under
 * the PR's lock, so commands and PR events on one PR never interleave.
 */
public final class CommandHandler implements EventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(CommandHandler.class);

    private final GitHubClients github;
    private final PullRequests prs;
    private final DeployQueue queue;
    private final PullRequestHandler planner;
    private final DeployStarter starter;
    private final DeployPublisher publisher;
    private final Runnable wakeRunner;

    public CommandHandler(GitHubClients github, PullRequests prs, DeployQueue queue, PullRequestHandler planner,
                          Map<String, DatabaseUrl> databases, DeployPublisher publisher, Runnable wakeRunner) {
        this.github = github;
        this.prs = prs;
        this.queue = queue;
        this.planner = planner;
        this.starter = new DeployStarter(planner, queue, databases);
        this.publisher = publisher;
        this.wakeRunner = wakeRunner;
    }

    @Override
    public Outcome handle(InboxEvent event) throws IOException {
        CommandEvent e = CommandEvent.parse(event.event(), event.payload());
        if (!e.relevant() || !e.onPullRequest() || e.number() <= 0) {
            return Outcome.IGNORED;
        }
        SlashCommand cmd = SlashCommand.parse(e.body()).orElse(null);
        if (cmd == null) {
            return Outcome.IGNORED;
        }
        if (e.installationId() <= 0) {
            throw new PermanentFailure("the payload has no installation id: is this a GitHub App webhook?", null);
        }
        if (e.author().endsWith("[bot]")) {
            return Outcome.IGNORED; // never act on a bot's text (including our own answers)
        }
        RepoApi repo = github.repo(e.installationId(), e.repo());
        if (!e.targetRepo().equalsIgnoreCase(e.repo())) {
            // The comment claims a PR of another repository: act on nothing there.
            LOG.warn("delivery={} refused=cross_repository repo={} target={}", event.deliveryId(), e.repo(),
                    e.targetRepo());
            reply(repo, e, DeployStarter.refuse("this command names a pull request of `" + e.targetRepo()
                    + "`, not of `" + e.repo() + "` where this installation received it",
                    "comment on the pull request in its own repository"));
            return Outcome.DONE;
        }
        if (e.commentId() > 0) {
            repo.react(e.number(), e.commentId(), "eyes");
        }
        String answer;
        try (PrHandle h = prs.lock(e.repo(), e.number(), e.installationId())) {
            answer = answer(repo, h, e, cmd, event.deliveryId());
        }
        reply(repo, e, answer);
        LOG.info("delivery={} repo={} pr={} user={} command={}", event.deliveryId(), e.repo(), e.number(), e.author(),
                cmd.kind());
        return Outcome.DONE;
    }

    private String answer(RepoApi repo, PrHandle h, CommandEvent e, SlashCommand cmd, String delivery)
            throws IOException {
        if (cmd.kind() == Kind.HELP) {
            return SlashCommand.help();
        }
        if (cmd.kind() == Kind.UNKNOWN) {
            return "`" + cmd.raw() + "` is not a shadowbot command.\n\n" + SlashCommand.help();
        }
        if (!cmd.problems().isEmpty()) {
            return DeployStarter.refuse(String.join("; ", cmd.problems()), "see `/help`");
        }
        if (cmd.kind().mutating()) {
            String permission = repo.permission(e.author());
            if (!ApprovalGate.WRITERS.contains(permission)) {
                return DeployStarter.refuse("@" + e.author() + " has `" + permission + "` access to " + e.repo()
                        + "; `/" + cmd.kind().word() + "` needs write access",
                        "ask someone with write access to run it");
            }
        }
        PullRequestInfo pr = repo.pullRequest(e.number());
        return switch (cmd.kind()) {
            case DEPLOY -> {
                if (!pr.open()) {
                    yield DeployStarter.refuse("the pull request is " + (pr.merged() ? "merged" : "closed"),
                            "open a new pull request with the schema change");
                }
                String a = starter.deploy(repo, h, pr, e.installationId(), e.author(), cmd, delivery);
                republish(repo, h, pr.number());
                wakeRunner.run();
                yield a;
            }
            case CANCEL -> cancel(repo, h, pr);
            case STATUS -> status(repo.fullName(), pr);
            case PLAN -> {
                if (!pr.open()) {
                    yield "The pull request is " + (pr.merged() ? "merged" : "closed") + "; there is nothing to plan.";
                }
                planner.review(repo, h, pr, delivery);
                republish(repo, h, pr.number());
                yield "Planned again against the live database: the plan comment is updated for `"
                        + DeployStarter.short7(pr.headSha()) + "`.";
            }
            case REVERT, SKIP_REVERT -> "`/" + cmd.kind().word() + "` is not available in this build yet: the"
                    + " engine's revert is not wired into the bot. The cut-over schema stays; revert by hand if needed.";
            case HELP, UNKNOWN -> SlashCommand.help();
        };
    }

    private String cancel(RepoApi repo, PrHandle h, PullRequestInfo pr) throws IOException {
        List<Entry> active = queue.active(repo.fullName(), pr.number());
        if (active.isEmpty()) {
            return "Nothing to cancel: this pull request has no queued or running deploy.";
        }
        for (Entry a : active) {
            queue.request(a.id(), Request.CANCEL);
        }
        wakeRunner.run();
        republish(repo, h, pr.number());
        return "🛑 Cancelling: " + starter.describe(queue.active(repo.fullName(), pr.number()))
                + ". The shadow tables are dropped; the plan comment shows when it is done.";
    }

    private String status(String fullName, PullRequestInfo pr) {
        List<Entry> all = queue.forPullRequest(fullName, pr.number());
        if (all.isEmpty()) {
            return "No deploy yet. Approve the pull request, then comment `/deploy`.";
        }
        Map<String, Entry> latest = new java.util.LinkedHashMap<>();
        all.forEach(x -> latest.put(x.database(), x));
        StringBuilder md = new StringBuilder("**Deploy status**\n");
        for (Entry x : latest.values()) {
            md.append("\n- `").append(x.database()).append("`: ").append(DeployStatusView.state(x, queue::position))
                    .append(" — ").append(DeployStatusView.details(x));
        }
        return md.toString();
    }

    private void republish(RepoApi repo, PrHandle h, int number) throws IOException {
        List<Entry> rows = queue.forPullRequest(repo.fullName(), number);
        if (!rows.isEmpty()) {
            publisher.publish(repo, h, rows.get(rows.size() - 1));
        }
    }

    /** Even a command the bot gave up on gets an answer: what failed, and to try again. */
    @Override
    public void onParked(InboxEvent event, String error) {
        try {
            CommandEvent e = CommandEvent.parse(event.event(), event.payload());
            if (e.relevant() && e.onPullRequest() && e.installationId() > 0 && e.targetRepo().equalsIgnoreCase(e.repo())
                    && SlashCommand.parse(e.body()).isPresent()) {
                reply(github.repo(e.installationId(), e.repo()), e, DeployStarter.refuse(
                        "the bot could not process this command after retrying (" + error.lines().findFirst().orElse("")
                                + ")", "comment the command again; if it keeps failing, ask the bot's operator"));
            }
        } catch (IOException | RuntimeException ex) {
            LOG.warn("delivery={} could_not_answer_parked_command=\"{}\"", event.deliveryId(), ex.getMessage());
        }
    }

    private static void reply(RepoApi repo, CommandEvent e, String text) throws IOException {
        String mention = e.author().isEmpty() ? "" : "@" + e.author() + " ";
        repo.createComment(e.number(), mention + text);
    }
}
