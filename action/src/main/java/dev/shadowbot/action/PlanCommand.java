package dev.shadowbot.action;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code shadowbot plan}: diff a schema folder against a database and lint the change. */
@Command(name = "plan", description = "Diff a schema folder against the database and lint the change.",
        mixinStandardHelpOptions = true)
final class PlanCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        throw NotYetAvailable.of("plan");
    }
}
