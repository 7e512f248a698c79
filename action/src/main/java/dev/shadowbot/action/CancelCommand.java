package dev.shadowbot.action;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code shadowbot cancel}. */
@Command(name = "cancel", description = "Stop a deploy request and drop its shadow tables.", mixinStandardHelpOptions = true)
final class CancelCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        throw NotYetAvailable.of("cancel");
    }
}
