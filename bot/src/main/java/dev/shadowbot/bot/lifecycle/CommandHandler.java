package dev.shadowbot.bot.lifecycle;

import dev.shadowbot.bot.command.SlashCommand;
import dev.shadowbot.bot.command.SlashCommand.Kind;
import dev.shadowbot.bot.events.PullRequestHandler;
import dev.shadowbot.bot.gate.ApprovalGate;
import dev.shadowbot.bot.gate.DatabaseAccess;
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
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slash commands from {@code issue_comment} (created) and {@code pull_request_review} (submitted)
 * events. Reacts 👀 on a comment, checks write permission through the API for {@code /plan} (it reads
 * production) and every mutating command, and always answers with a reply comment: done, or refused
 * with the reason and the next step. Runs under the PR's lock, so commands and PR events on one PR
 * never interleave. Only newly created text counts: an edited or deleted comment or review does
 * nothing (GitHub sends {@code edited}/{@code deleted}, which {@link CommandEvent} marks irrelevant).
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
    private final WindowControl window;

    public CommandHandler(GitHubClients github, PullRequests prs, DeployQueue queue, PullRequestHandler planner,
                          DatabaseAccess databases, DeployPublisher publisher, Runnable wakeRunner,
                          WindowControl window) {
        this.window = window;
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
        if (e.relevant() && e.number() <= 0 && !e.headSha().isEmpty()) {
            // GitHub lists no pull request on a check run of a fork's head (and in its own examples): the bot
            // knows which pull request it made the check run for.
            e = e.onNumber(prs.numberForCheckRun(e.repo(), e.headSha()).orElse(0));
        }
        if (!e.relevant() || !e.onPullRequest() || e.number() <= 0) {
            return Outcome.IGNORED;
        }
        SlashCommand cmd = SlashCommand.parse(e.body()).orElse(null);
        if (cmd == null && "approved".equals(e.reviewState()) && e.installationId() > 0
                && !e.author().endsWith("[bot]") && e.targetRepo().equalsIgnoreCase(e.repo())) {
            return autoDeploy(e, event.deliveryId());
        }
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

    /** An approval without a command: deploys when the repo opted in and it completes the gate. */
    private Outcome autoDeploy(CommandEvent e, String delivery) throws IOException {
        RepoApi repo = github.repo(e.installationId(), e.repo());
        String answer;
        try (PrHandle h = prs.lock(e.repo(), e.number(), e.installationId())) {
            PullRequestInfo pr = repo.pullRequest(e.number());
            answer = starter.autoDeploy(repo, h, pr, e.installationId(), e.author(), delivery);
            if (answer != null) {
                republish(repo, h, pr.number());
                wakeRunner.run();
            }
        }
        if (answer == null) {
            return Outcome.IGNORED;
        }
        reply(repo, e, answer);
        LOG.info("delivery={} repo={} pr={} user={} auto_deploy_on_approval=answered", delivery, e.repo(), e.number(),
                e.author());
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
        if (cmd.kind().needsWrite()) {
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
                // A writer's /plan is what lets a fork's head be planned against production (never deployed).
                planner.review(repo, h, pr, delivery, pr.fromFork() ? e.author() : null);
                republish(repo, h, pr.number());
                yield "Planned again against the live database: the plan comment is updated for `"
                        + DeployStarter.short7(pr.headSha()) + "`." + (pr.fromFork()
                        ? " This pull request comes from a fork, so it cannot be deployed." : "");
            }
            case REVERT, SKIP_REVERT -> revertWindow(repo, h, pr, e, cmd.kind() == Kind.REVERT);
            case HELP, UNKNOWN -> SlashCommand.help();
        };
    }

    /**
     * {@code /revert} and {@code /skip-revert}: act on each database whose latest deploy of this PR is in
     * its revert window, through the engine (synchronously, so the answer is the outcome). The runner
     * moves the row out of the window and posts the final summary.
     */
    private String revertWindow(RepoApi repo, PrHandle h, PullRequestInfo pr, CommandEvent e, boolean revert)
            throws IOException {
        String word = revert ? "/revert" : "/skip-revert";
        Map<String, Entry> latest = new java.util.LinkedHashMap<>();
        queue.forPullRequest(repo.fullName(), pr.number()).forEach(x -> latest.put(x.database(), x));
        List<Entry> open = latest.values().stream().filter(x -> x.status() == DeployQueue.Status.WINDOW).toList();
        if (open.isEmpty()) {
            return DeployStarter.refuse("`" + word + "` needs a deploy in its revert window, and "
                    + windowlessReason(latest.values()), nextWithoutWindow(latest.values()));
        }
        List<String> done = new java.util.ArrayList<>();
        List<String> refused = new java.util.ArrayList<>();
        for (Entry x : open) {
            String db = "`" + x.database() + "`";
            if (x.revertWindowEnd().isPresent() && java.time.Instant.now().isAfter(x.revertWindowEnd().get())) {
                refused.add(db + ": the revert window ended at " + DeployStatusView.time(x.revertWindowEnd().get())
                        + " (the bot is closing it)");
                continue;
            }
            queue.request(x.id(), revert ? Request.REVERT : Request.SKIP_REVERT);
            publisher.publish(repo, h, queue.get(x.id()).orElse(x));
            try {
                if (revert) {
                    var st = window.revert(x);
                    done.add(db + ": the old schema is live again with every row written since the cutover"
                            + " (engine deploy request " + st.id() + ")");
                } else {
                    var st = window.skipRevert(x);
                    done.add(db + ": revert window closed, " + ("instant".equals(st.path())
                            ? "nothing to drop (altered in place)" : "old table dropped") + "; the new schema stays");
                }
            } catch (dev.shadowbot.engine.ShadowbotException ex) {
                queue.request(x.id(), null);
                String why = ex.getMessage();
                String engineState;
                try {
                    engineState = window.status(x).state();
                } catch (RuntimeException statusFailed) {
                    engineState = "";
                }
                if ("complete".equals(engineState)) {
                    why = "the revert window is over (it ended at "
                            + x.revertWindowEnd().map(DeployStatusView::time).orElse("?") + ")";
                }
                refused.add(db + ": " + why);
                LOG.info("repo={} pr={} queue_row={} {}_refused=\"{}\"", repo.fullName(), pr.number(), x.id(),
                        word.substring(1), ex.getMessage());
            }
            queue.get(x.id()).ifPresent(now -> {
                try {
                    publisher.publish(repo, h, now);
                } catch (IOException io) {
                    LOG.warn("pr={}#{} could_not_publish=\"{}\"", repo.fullName(), pr.number(), io.getMessage());
                }
            });
        }
        StringBuilder md = new StringBuilder();
        if (!done.isEmpty()) {
            md.append(revert ? "↩️ Reverted:" : "⏭️ Revert window closed:");
            done.forEach(d -> md.append("\n- ").append(d));
        }
        if (!refused.isEmpty()) {
            if (md.length() > 0) {
                md.append("\n\n");
            }
            md.append("🚫 Refused `").append(word).append("`:");
            refused.forEach(r -> md.append("\n- ").append(r));
            md.append("\n\nNext: ").append(revert
                    ? "nothing was changed and the new schema stays live; fix forward with a new pull request,"
                    + " or `/skip-revert` to close the window"
                    : "try again; the plan comment shows the window's state").append('.');
        }
        return md.toString();
    }

    private static String windowlessReason(java.util.Collection<Entry> latest) {
        if (latest.isEmpty()) {
            return "this pull request has no deploy";
        }
        for (Entry x : latest) {
            if (x.status() == DeployQueue.Status.COMPLETE) {
                return x.revertWindow().isZero() ? "`" + x.database() + "` was deployed without a revert window"
                        : "the revert window of `" + x.database() + "` is over (it ended at "
                        + x.revertWindowEnd().map(DeployStatusView::time).orElse("?") + " or was closed by"
                        + " `/skip-revert`)";
            }
            if (x.status() == DeployQueue.Status.REVERTED) {
                return "`" + x.database() + "` is already reverted";
            }
        }
        return "none is cut over yet (" + latest.stream().map(x -> "`" + x.database() + "` "
                + x.status().name().toLowerCase(java.util.Locale.ROOT)).collect(java.util.stream.Collectors.joining(", "))
                + ")";
    }

    private static String nextWithoutWindow(java.util.Collection<Entry> latest) {
        if (latest.stream().anyMatch(x -> x.status().active())) {
            return "merge the pull request to cut over (the window opens then), or `/cancel` to drop the shadow tables";
        }
        return "to change the schema again, open a new pull request";
    }

    private String cancel(RepoApi repo, PrHandle h, PullRequestInfo pr) throws IOException {
        List<Entry> active = queue.active(repo.fullName(), pr.number());
        if (active.isEmpty() && queue.forPullRequest(repo.fullName(), pr.number()).stream()
                .anyMatch(x -> x.status() == DeployQueue.Status.WINDOW)) {
            return DeployStarter.refuse("the deploy is already cut over and in its revert window; there is nothing"
                    + " left to cancel", "`/revert` to get the old schema back, or `/skip-revert` to keep the new one");
        }
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
                // The error stays in the operator's log: it may name database servers.
                reply(github.repo(e.installationId(), e.repo()), e, DeployStarter.refuse(
                        "the bot could not process this command after retrying (delivery `" + event.deliveryId() + "`)",
                        "comment the command again; if it keeps failing, ask the bot's operator"));
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
