package dev.shadowbot.action;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code shadowbot deploy}. */
@Command(name = "deploy", description = "Run the deploy request online up to staged, then cut over (or wait with --defer-cutover).", mixinStandardHelpOptions = true)
final class DeployCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        throw NotYetAvailable.of("deploy");
    }
}
