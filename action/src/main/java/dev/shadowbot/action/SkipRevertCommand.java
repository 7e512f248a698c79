package dev.shadowbot.action;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code shadowbot skip-revert}. */
@Command(name = "skip-revert", description = "Close the revert window now and drop the old tables.", mixinStandardHelpOptions = true)
final class SkipRevertCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        throw NotYetAvailable.of("skip-revert");
    }
}
