package dev.shadowbot.action;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code shadowbot revert}. */
@Command(name = "revert", description = "Swap the old schema back during the revert window, keeping every row.", mixinStandardHelpOptions = true)
final class RevertCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        throw NotYetAvailable.of("revert");
    }
}
