package dev.shadowbot.bot;

import dev.shadowbot.bot.comment.StickyComment;
import dev.shadowbot.bot.config.BotConfig;
import dev.shadowbot.bot.config.OpsSettings;
import dev.shadowbot.bot.deploy.DeployRequestReviewer;
import dev.shadowbot.bot.deploy.PlanningService;
import dev.shadowbot.bot.events.PullRequestHandler;
import dev.shadowbot.bot.gate.DatabaseAccess;
import dev.shadowbot.bot.github.AppIdentity;
import dev.shadowbot.bot.github.AppJwt;
import dev.shadowbot.bot.github.GitHubClients;
import dev.shadowbot.bot.github.InstallationTokens;
import dev.shadowbot.bot.github.RateLimits;
import dev.shadowbot.bot.github.Redactor;
import dev.shadowbot.bot.inbox.Backoff;
import dev.shadowbot.bot.inbox.EventHandler;
import dev.shadowbot.bot.inbox.InboxWorkers;
import dev.shadowbot.bot.lifecycle.CommandHandler;
import dev.shadowbot.bot.lifecycle.DeployPublisher;
import dev.shadowbot.bot.lifecycle.DeployRunner;
import dev.shadowbot.bot.lifecycle.InstallationHandler;
import dev.shadowbot.bot.metrics.BotMetrics;
import dev.shadowbot.bot.metrics.MeteredGitHubConnector;
import dev.shadowbot.bot.store.DeployQueue;
import dev.shadowbot.bot.store.StateStore;
import dev.shadowbot.bot.web.WebServer;
import dev.shadowbot.bot.web.WebhookHandler;
import dev.shadowbot.bot.web.WebhookSignature;
import dev.shadowbot.engine.db.Connections;
import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.db.EmbeddedMariaDb;
import dev.shadowbot.engine.db.Identifiers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kohsuke.github.connector.GitHubConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the bot: state store → GitHub App auth → inbox workers → web server. Closing stops all of it. */
public final class BotServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BotServer.class);
    static final String TRIAL_SCHEMA = "shadowbot_state";
    private static final java.time.Duration DEPLOY_POLL = java.time.Duration.ofMillis(500);

    private final EmbeddedMariaDb trialDb;
    private final StateStore store;
    private final InboxWorkers workers;
    private final DeployRunner runner;
    private final WebServer web;
    private final Ops ops;

    private BotServer(EmbeddedMariaDb trialDb, StateStore store, InboxWorkers workers, DeployRunner runner,
                      WebServer web, Ops ops) {
        this.trialDb = trialDb;
        this.store = store;
        this.workers = workers;
        this.runner = runner;
        this.web = web;
        this.ops = ops;
    }

    /** Starts everything on {@code host}; operator settings come from the environment ({@link OpsSettings}). */
    public static BotServer start(BotConfig config, PlanningService planning, String host) {
        return start(config, planning, host, OpsSettings.fromEnv(System.getenv()));
    }

    /** Starts everything on {@code host}; returns once the webhook endpoint accepts connections. */
    public static BotServer start(BotConfig config, PlanningService planning, String host, OpsSettings opsSettings) {
        Ops.registerSecrets(config, opsSettings);
        LOG.info("bot=starting config={} ops={}", config, opsSettings);
        EmbeddedMariaDb trial = null;
        StateStore store = null;
        InboxWorkers workers = null;
        DeployRunner runner = null;
        try {
            DatabaseUrl stateUrl;
            if (config.stateDbUrl().isPresent()) {
                stateUrl = config.stateDbUrl().get();
            } else {
                LOG.warn("""
                        
                        ************************************************************************
                        * TRIAL MODE: no SHADOWBOT_STATE_DB_URL set. The bot keeps its inbox   *
                        * and deploy requests in an EMBEDDED MariaDB that is DELETED when the  *
                        * bot stops. Set SHADOWBOT_STATE_DB_URL before real use.               *
                        ************************************************************************""");
                trial = EmbeddedMariaDb.start();
                stateUrl = createTrialSchema(trial.url());
            }
            // Inbox workers and deploy threads each hold a PR lock plus one short query at a time.
            store = StateStore.open(stateUrl, (config.workers() + config.databases().size()) * 2 + 4);
            AppJwt jwt = AppJwt.fromPemFile(config.appId(), config.privateKeyFile(), Clock.systemUTC());
            BotMetrics metrics = new BotMetrics();
            List<DatabaseUrl> servers = new ArrayList<>(config.databases().values());
            servers.add(stateUrl);
            RateLimits limits = new RateLimits(Clock.systemUTC());
            metrics.rateLimits(limits);
            GitHubClients github = new GitHubClients(config.githubApiUrl(),
                    new InstallationTokens(config.githubApiUrl(), jwt, Clock.systemUTC(), limits),
                    new MeteredGitHubConnector(GitHubConnector.DEFAULT, metrics),
                    new AppIdentity(config.githubApiUrl(), jwt), new Redactor(servers), limits);
            DatabaseAccess access = new DatabaseAccess(config.databases(), config.bindings());
            for (String name : access.unbound()) {
                LOG.warn("database={} bound_to=nothing every pull request naming it is refused; bind it in"
                        + " databases.{}.repositories (bot.yml) or SHADOWBOT_DATABASE_REPOS", name, name);
            }
            DeployRequestReviewer reviewer = new DeployRequestReviewer(access, planning);
            DeployQueue queue = store.deployQueue();
            DeployPublisher publisher = new DeployPublisher(github, store.pullRequests(), queue);
            runner = new DeployRunner(queue, config.databases(), publisher, DEPLOY_POLL);
            PullRequestHandler prHandler = new PullRequestHandler(github, store.pullRequests(), reviewer,
                    new StickyComment(config.docsUrl()), queue, runner::wake);
            CommandHandler commands = new CommandHandler(github, store.pullRequests(), queue, prHandler,
                    access, publisher, runner::wake, runner);
            InstallationHandler installs = new InstallationHandler(store.installations(), queue, runner::wake);
            Map<String, EventHandler> handlers = Map.of("pull_request", prHandler, "issue_comment", commands,
                    "pull_request_review", commands, "pull_request_review_comment", commands,
                    "installation", installs, "installation_repositories", installs, "check_run", commands,
                    "check_suite", commands);
            workers = new InboxWorkers(store.inbox(), Ops.metered(handlers, metrics), config.maxAttempts(),
                    new Backoff(config.retryBase(), config.retryMax()));
            InboxWorkers w = workers;
            WebhookHandler webhook = new WebhookHandler(new WebhookSignature(config.webhookSecret()), store.inbox(),
                    workers.handledEvents(), w::wake);
            workers.start(config.workers());
            runner.start();
            Ops ops = Ops.create(config, opsSettings, store, metrics, trial != null, limits);
            WebServer web;
            try {
                web = WebServer.start(host, config.port(), webhook, ops.routes());
            } catch (RuntimeException e) {
                ops.close();
                throw e;
            }
            LOG.info("bot=started port={} state_db={} databases={}", web.port(), stateUrl, config.databases().keySet());
            return new BotServer(trial, store, workers, runner, web, ops);
        } catch (RuntimeException e) {
            if (runner != null) {
                runner.close();
            }
            if (workers != null) {
                workers.close();
            }
            if (store != null) {
                store.close();
            }
            if (trial != null) {
                trial.close();
            }
            throw e;
        }
    }

    private static DatabaseUrl createTrialSchema(DatabaseUrl server) {
        try (Connection c = Connections.open(server); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS " + Identifiers.quote(TRIAL_SCHEMA));
        } catch (SQLException e) {
            throw Connections.connectFailure(server, e);
        }
        return server.withDatabase(TRIAL_SCHEMA);
    }

    public int port() {
        return web.port();
    }

    public StateStore store() {
        return store;
    }

    public BotMetrics metrics() {
        return ops.metrics();
    }

    @Override
    public void close() {
        web.close();
        ops.close();
        workers.close();
        runner.close();
        store.close();
        if (trialDb != null) {
            trialDb.close();
        }
        LOG.info("bot=stopped");
    }
}
