package dev.shadowbot.bot.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowbot.bot.inbox.EventHandler;
import dev.shadowbot.bot.inbox.PermanentFailure;
import dev.shadowbot.bot.store.DeployQueue;
import dev.shadowbot.bot.store.InboxEvent;
import dev.shadowbot.bot.store.Installations;
import dev.shadowbot.bot.store.Installations.State;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code installation} and {@code installation_repositories} webhooks. When the App is uninstalled or
 * suspended, or a repository is removed from the installation, the bot can no longer comment, update checks
 * or see merges there, so it stops driving what it cannot control: deploys that have not cut over are
 * cancelled (the runner drops their shadow tables) with the reason kept on the row; revert windows already
 * open end normally (the engine keeps the old tables in sync and drops them at the end — the live schema is
 * the new one either way). {@code unsuspend} (and a new installation) makes the installation active again:
 * its events are handled as before; cancelled deploys need a new {@code /deploy}.
 */
public final class InstallationHandler implements EventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(InstallationHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Installations installations;
    private final DeployQueue queue;
    private final Runnable wakeRunner;

    public InstallationHandler(Installations installations, DeployQueue queue, Runnable wakeRunner) {
        this.installations = installations;
        this.queue = queue;
        this.wakeRunner = wakeRunner;
    }

    @Override
    public Outcome handle(InboxEvent event) throws IOException {
        JsonNode p;
        try {
            p = JSON.readTree(event.payload());
        } catch (IOException e) {
            throw new PermanentFailure("the " + event.event() + " payload is not JSON: " + e.getMessage(), e);
        }
        String action = p.path("action").asText("");
        long id = p.path("installation").path("id").asLong(0);
        if (id <= 0) {
            throw new PermanentFailure("the " + event.event() + " payload has no installation id", null);
        }
        String account = p.path("installation").path("account").path("login").asText("");
        String sender = p.path("sender").path("login").asText("");
        String on = account.isEmpty() ? "installation " + id : account + " (installation " + id + ")";
        String by = sender.isEmpty() ? "" : " by " + sender;
        int cancelled = 0;
        switch (event.event() + "." + action) {
            case "installation.deleted" -> {
                String why = "cancelled: the App was uninstalled from " + on + by
                        + "; the bot can no longer control deploys there";
                installations.record(id, account, State.DELETED, why);
                cancelled = queue.cancelForInstallation(id, null, why);
            }
            case "installation.suspend" -> {
                String why = "cancelled: the App's installation on " + on + " was suspended" + by
                        + "; the bot can no longer control deploys there";
                installations.record(id, account, State.SUSPENDED, why);
                cancelled = queue.cancelForInstallation(id, null, why);
            }
            case "installation.unsuspend", "installation.created", "installation.new_permissions_accepted" ->
                    installations.record(id, account, State.ACTIVE, action + by);
            case "installation_repositories.removed" -> {
                for (JsonNode r : p.path("repositories_removed")) {
                    String repo = r.path("full_name").asText("");
                    if (!repo.isEmpty()) {
                        cancelled += queue.cancelForInstallation(id, repo, "cancelled: " + repo
                                + " was removed from the App's installation on " + on + by
                                + "; the bot can no longer control deploys there");
                    }
                }
            }
            default -> {
                return Outcome.IGNORED;
            }
        }
        LOG.info("installation={} action={} event={} deploys_cancelled={}", id, action, event.event(), cancelled);
        if (cancelled > 0) {
            wakeRunner.run();
        }
        return Outcome.DONE;
    }
}
