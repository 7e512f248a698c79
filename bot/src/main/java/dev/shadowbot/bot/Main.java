package dev.shadowbot.bot;

import dev.shadowbot.bot.config.BotConfig;
import dev.shadowbot.bot.config.BotConfigLoader;
import dev.shadowbot.bot.deploy.PlanningServices;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.Version;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code shadowbot-bot}: the GitHub App webhook server. */
@Command(name = "shadowbot-bot", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "The shadowbot GitHub App: turns pull requests that change schema files into deploy requests.",
        subcommands = {Main.Serve.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof ShadowbotException se) {
                commandLine.getErr().println("shadowbot-bot: " + se.userMessage());
                commandLine.getErr().flush();
                return se.code().exitCode();
            }
            throw ex;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the webhook server until the process is stopped. */
    @Command(name = "serve", description = "Run the webhook server.", mixinStandardHelpOptions = true)
    static final class Serve implements Callable<Integer> {
        @CommandLine.Option(names = "--config", paramLabel = "FILE",
                description = "bot.yml with the settings; SHADOWBOT_* environment variables override it")
        Path config;

        @CommandLine.Option(names = "--host", defaultValue = "0.0.0.0", description = "address to listen on")
        String host;

        @Override
        public Integer call() throws InterruptedException {
            BotConfig settings = new BotConfigLoader(System.getenv()).load(config);
            BotServer server = BotServer.start(settings, PlanningServices.production(System.getenv()), host);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "shadowbot-stop"));
            stopped.await();
            return 0;
        }
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"shadowbot-bot " + Version.current()};
        }
    }
}
