package dev.shadowbot.action;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.Version;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/**
 * The {@code shadowbot} command line (README "CLI exit codes"). Exit codes: 0 ok, 1 blocked, 2 bad input, 3 database, 4 conflict,
 * 5 the binlogs a deploy request needs are gone, 70 internal error.
 */
@Command(name = "shadowbot", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Pull-request-driven, zero-downtime schema deploys for MySQL and MariaDB.",
        subcommands = {PlanCommand.class, PullCommand.class, DeployCommand.class, CutoverCommand.class, RevertCommand.class,
            SkipRevertCommand.class, CancelCommand.class, StatusCommand.class, ResumeCommand.class, CleanupCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:findings block the change (lint errors, not deployable)",
            "2:bad input (usage, bad duration, unreadable or unparsable file, no CREATE TABLE, bad URL, unknown id)",
            "3:database unreachable or refused",
            "4:the deploy request's state does not allow this, or another request of the database is open",
            "5:the binlogs the deploy request's stream needs are gone (purged): cancel, keep binlogs longer, deploy again",
            "70:internal error"})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        CliLogging.configure(args);
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams and environment (tests use their own) and returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, java.util.Map<String, String> env) {
        CliEnvironment.set(env);
        try {
            return run(args, out, err);
        } finally {
            CliEnvironment.reset();
        }
    }

    /** Runs the CLI with the given streams and returns the exit code (used by tests too). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CliLogging.bridge();
        CommandLine cli = new CommandLine(new Main());
        cli.registerConverter(java.time.Duration.class, new DurationConverter()); // one syntax for every option
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean debug = parseResult.originalArgs().contains("--debug");
            PrintWriter e = commandLine.getErr();
            if (ex instanceof ShadowbotException se) {
                e.println("shadowbot: " + se.getMessage());
                if (!se.nextStep().isEmpty()) {
                    e.println("  next: " + se.nextStep());
                }
                if (dev.shadowbot.action.workflow.ActionsEnvironment.from(CliEnvironment.current()).inActions()) {
                    // The runner reads workflow commands on stderr too: the refusal shows on the run's page.
                    e.println(dev.shadowbot.action.workflow.WorkflowCommands.annotation(
                            dev.shadowbot.action.workflow.WorkflowCommands.Level.error, null, 0,
                            "shadowbot (exit " + se.code().exitCode() + ")",
                            se.getMessage() + (se.nextStep().isEmpty() ? "" : "\nnext: " + se.nextStep())));
                }
                if (debug) {
                    se.printStackTrace(e);
                }
                e.flush();
                ErrorJson.printIfAsked(args, commandLine.getOut(), se.code(), se.getMessage(), se.nextStep(),
                        se instanceof DetailedRefusal sp ? sp.details() : java.util.Map.of());
                return se.code().exitCode();
            }
            ErrorJson.printIfAsked(args, commandLine.getOut(), ErrorCode.INTERNAL, "internal error: " + ex,
                    "re-run with --debug for the stack trace, and report it");
            e.println("shadowbot: internal error: " + ex);
            e.println(debug ? "" : "  next: re-run with --debug for the stack trace, and report it");
            if (debug) {
                ex.printStackTrace(e);
            }
            e.flush();
            return ErrorCode.INTERNAL.exitCode();
        });
        CommandLine.IParameterExceptionHandler usage = cli.getParameterExceptionHandler();
        cli.setParameterExceptionHandler((ex, a) -> {
            // picocli's own message and usage hint on stderr; with --format json the same as JSON on stdout.
            usage.handleParseException(ex, a);
            ErrorJson.printIfAsked(a, ex.getCommandLine().getOut(), ErrorCode.BAD_INPUT, ex.getMessage(),
                    "see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'");
            return ErrorCode.BAD_INPUT.exitCode();
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reports the version filtered in at build time. */
    static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"shadowbot " + Version.current()};
        }
    }
}
