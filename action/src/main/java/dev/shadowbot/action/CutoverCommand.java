package dev.shadowbot.action;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code shadowbot cutover}. */
@Command(name = "cutover", description = "Swap a staged deploy request's shadow tables in atomically.", mixinStandardHelpOptions = true)
final class CutoverCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        throw NotYetAvailable.of("cutover");
    }
}
