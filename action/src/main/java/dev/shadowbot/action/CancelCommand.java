package dev.shadowbot.action;

import dev.shadowbot.engine.migration.MigrationOptions;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shadowbot cancel}: the driver stops its stream and drops the shadows; with no live driver, this command does. */
@Command(name = "cancel", description = "Stop a deploy request and drop its shadow tables.", mixinStandardHelpOptions = true)
final class CancelCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    RequestOptions.Id target;

    @Mixin
    RequestOptions.Comment comment;

    @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "2m",
            description = "How long to wait for the driver (or its lease to expire), default ${DEFAULT-VALUE}")
    Duration wait;

    @Override
    public Integer call() {
        return RequestAction.run(common, spec, target.id, MigrationOptions.defaults(), "cancel", comment.comment,
                (service, request, extra) -> service.cancel(request, wait));
    }
}
