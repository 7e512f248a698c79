package dev.shadowbot.action;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.migration.DeployPlans;
import dev.shadowbot.engine.migration.DeploySpec;
import dev.shadowbot.engine.migration.DeployState;
import dev.shadowbot.engine.migration.MigrationOptions;
import dev.shadowbot.engine.migration.MigrationService;
import dev.shadowbot.engine.schema.Plan;
import dev.shadowbot.engine.store.RequestNotes;
import dev.shadowbot.engine.store.SidecarStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shadowbot deploy}: plan the schema folder, then run the change online up to staged. */
@Command(name = "deploy", description = "Run the deploy request online up to staged, then cut over (or wait with --defer-cutover).",
        mixinStandardHelpOptions = true)
final class DeployCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--schema-dir", paramLabel = "DIR", required = true, description = "Folder of CREATE TABLE files")
    Path schemaDir;

    @Option(names = "--defer-cutover", description = "Stop at staged and keep the shadows in sync (cutover comes later)")
    boolean deferCutover;

    @Option(names = "--detach", description = "Hand the work to a background process and return at once")
    boolean detach;

    @Option(names = "--exit-when-staged",
            description = "Return once staged instead of keeping the shadows in sync; a later command resumes from the"
                    + " checkpoint. Implied by --defer-cutover inside GitHub Actions (GITHUB_ACTIONS=true), where a job"
                    + " that waits for the merge would hold a runner for up to 6 hours")
    boolean exitWhenStaged;

    @Option(names = "--lease-seconds", hidden = true, defaultValue = "30",
            description = "How long this driver's lease lasts without renewal (a dead driver blocks others this long)")
    int leaseSeconds;

    @Option(names = "--retired-drop", paramLabel = "drop|stepwise", description = RequestOptions.RETIRED_DROP)
    String retiredDrop;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "24h",
            description = "Give up waiting for staged after this long (e.g. 30m, 24h; default ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--revert-window", paramLabel = "DURATION", defaultValue = "30m",
            description = "How long after cutover the old table is kept in sync for 'shadowbot revert' (e.g. 30m, 2h, 0 = none),"
                    + " default ${DEFAULT-VALUE}")
    String revertWindow;

    @Option(names = "--allow-data-loss", description = "Lift the data-loss errors (drop-column, narrowing) for this deploy")
    boolean allowDataLoss;

    @Option(names = "--allow-mass-drop",
            description = "Allow a plan that drops most of the live tables (more than half, at least two)")
    boolean allowMassDrop;

    @Option(names = "--replica", paramLabel = "URL",
            description = "A replica whose lag holds the copy back (repeatable): mysql://user:password@host:port/")
    java.util.List<String> replicas = new java.util.ArrayList<>();

    @Option(names = "--max-replica-lag", paramLabel = "DURATION", defaultValue = "1s",
            description = "Pause the copy while a --replica lags more than this or cannot be read (default ${DEFAULT-VALUE})")
    String maxReplicaLag;

    @Option(names = "--instant", paramLabel = "auto|never",
            description = "auto: the server decides per table whether the change runs in place (no copy, revert is the"
                    + " inverse ALTER); never: always copy through shadow tables. Default: the config's 'instant', else auto")
    String instant;

    @Mixin
    RequestOptions.Comment comment;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Repository config (default: .github/shadowbot.yml when present)")
    Path config;

    @Override
    public Integer call() {
        java.time.Duration window = dev.shadowbot.engine.config.Durations.parse(revertWindow).orElseThrow(() ->
                ShadowbotException.badInput("--revert-window " + revertWindow + " is not a duration",
                        "write it like 30m, 1h30m, 90s or 0 (no window)"));
        java.time.Duration maxLag = dev.shadowbot.engine.config.Durations.parse(maxReplicaLag)
                .filter(d -> !d.isZero() && !d.isNegative()).orElseThrow(() ->
                        ShadowbotException.badInput("--max-replica-lag " + maxReplicaLag + " is not a positive duration",
                                "write it like 1s, 30s or 2m"));
        java.util.List<DatabaseUrl> replicaUrls = replicas.stream().map(DatabaseUrl::parse).toList();
        if (detach && !replicaUrls.isEmpty()) {
            throw new ShadowbotException(ErrorCode.BAD_INPUT, "--replica is not passed on to a --detach'ed driver in this build",
                    "run without --detach to throttle on replica lag");
        }
        if (!deferCutover && detach) {
            throw new ShadowbotException(ErrorCode.BAD_INPUT, "--detach needs --defer-cutover in this build",
                    "pass --defer-cutover, then run 'shadowbot cutover --id N' when ready");
        }
        if (common.database() == null) {
            throw ShadowbotException.badInput("deploy needs a target database",
                    "pass --database mysql://user:password@host:3306/db or set SHADOWBOT_DATABASE_URL");
        }
        DatabaseUrl url = DatabaseUrl.parse(common.database());
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        var source = Planning.load(schemaDir, err);
        String fingerprint = Rerun.fingerprint(url.database(), schemaDir);
        MigrationOptions options = MigrationOptions.defaults().withLeaseSeconds(leaseSeconds).withRevertWindow(window)
                .withCopy(dev.shadowbot.engine.migration.CopySettings.DEFAULTS.withReplicas(replicaUrls, maxLag))
                .withRetiredDrop(RequestOptions.retiredDrop(retiredDrop));
        var open = Rerun.continued(url, fingerprint);
        if (open.isPresent()) {
            return continueOpen(url, options, open.get(), out, err);
        }
        var report = Planning.planAndLint(source, schemaDir, url, false,
                Planning.config(config), allowDataLoss);
        Plan plan = report.plan();
        if (plan.hasChanges()) {
            Planning.requireNoMassDrop(report, url, false, allowMassDrop);
            Planning.requireDeployable(report, err);
        }
        if (!plan.hasChanges()) {
            out.println(common.format() == OutputFormat.json ? "{\"id\":null,\"state\":\"no_changes\"}"
                    : "shadowbot: the database already matches " + schemaDir + "; nothing to deploy");
            return 0;
        }
        dev.shadowbot.engine.instant.InstantPolicy policy = instant == null ? Planning.config(config).instant()
                : dev.shadowbot.engine.instant.InstantPolicy.parse(instant).orElseThrow(() -> ShadowbotException.badInput(
                        "--instant " + instant + " is not a policy", "pass --instant auto or --instant never"));
        DeploySpec deploy = DeployPlans.toSpec(plan).withInstant(policy);
        MigrationService.preflight(url, deploy); // a refusal stores nothing: checked before the store is opened
        try (MigrationService service = MigrationService.connect(url, options)) {
            DeployState started = service.start(deploy);
            try (SidecarStore store = SidecarStore.open(url)) {
                store.notes().recordOrigin(started.id(), new RequestNotes.Origin(fingerprint,
                        deferCutover ? RequestNotes.Origin.DEFER : RequestNotes.Origin.CUTOVER));
            }
            err.println("shadowbot: deploy request " + started.id() + " created for " + deploy.alters().size()
                    + " altered and " + deploy.directDdl().size() + " new table(s); path: " + started.path());
            err.flush();
            return drive(service, url, options, started, !deferCutover, out, err);
        }
    }

    /** The same deploy after a crash: the unfinished request continues from its checkpoint, as it was started. */
    private int continueOpen(DatabaseUrl url, MigrationOptions options, RequestNotes.Open open, java.io.PrintWriter out,
                             java.io.PrintWriter err) {
        try (MigrationService service = MigrationService.connect(url, options)) {
            boolean cutoverAtOnce;
            try (SidecarStore store = SidecarStore.open(url)) {
                cutoverAtOnce = store.notes().origin(open.id()).map(RequestNotes.Origin::cutsOverAtOnce).orElse(false);
            }
            err.println("shadowbot: continuing deploy request " + open.id() + " (" + open.status() + "): it was started"
                    + " for the same database and schema folder and has not finished; "
                    + (cutoverAtOnce ? "it cuts over once staged, as asked then" : "it waits at staged, as asked then"));
            err.flush();
            return drive(service, url, options, service.status(open.id()), cutoverAtOnce, out, err);
        }
    }

    private int drive(MigrationService service, DatabaseUrl url, MigrationOptions options, DeployState started,
                      boolean cutoverAtOnce,
                      java.io.PrintWriter out, java.io.PrintWriter err) {
        if (detach && !cutoverAtOnce) {
            Detached d = Detached.resume(url, started.id(), leaseSeconds, common.debug);
            out.println(DeployStateOutput.render(started, common.format(),
                    Map.of("detached_pid", d.pid(), "log", d.log().toString())));
            if (common.format() != OutputFormat.json) {
                out.println("driving in the background: pid " + d.pid() + ", log " + d.log());
            }
            return 0;
        }
        if (cutoverAtOnce) {
            return MigrationRun.runAndCutOver(service, url, options, started.id(), common, timeout, out, err);
        }
        boolean inActions = dev.shadowbot.action.workflow.ActionsEnvironment.from(CliEnvironment.current()).inActions();
        if (inActions && !exitWhenStaged) {
            err.println("shadowbot: in GitHub Actions --defer-cutover ends the job at staged (--exit-when-staged);"
                    + " the merge workflow's 'cutover' resumes the stream from the checkpoint");
        }
        int exit = MigrationRun.run(service, started.id(), common, exitWhenStaged || inActions, timeout, out, err);
        if (exit == 0 && (exitWhenStaged || inActions)) {
            StagedHandoff.announce(url, started.id(), out, err);
        }
        if (comment.comment) {
            StateComment.publish("deploy", service.status(started.id()), null, err);
        }
        return exit;
    }
}
