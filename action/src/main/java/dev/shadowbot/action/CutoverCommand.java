package dev.shadowbot.action;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shadowbot cutover --id N}: asks the request's driver to swap the shadow in; when no driver is
 * alive, this command resumes the request and does it.
 */
@Command(name = "cutover", description = "Swap a staged deploy request's shadow tables in atomically.", mixinStandardHelpOptions = true)
final class CutoverCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    RequestOptions.Id target;

    @Mixin
    RequestOptions.Comment comment;

    @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "5m",
            description = "How long to wait for the swap (a dead driver's lease must expire first), default ${DEFAULT-VALUE}")
    Duration wait;

    @Mixin
    RequestOptions.Lease lease;

    @Override
    public Integer call() {
        return RequestAction.run(common, spec, target.id, lease.options(),
                "cutover", comment.comment, (service, request, extra) -> service.cutover(request, wait));
    }
}
