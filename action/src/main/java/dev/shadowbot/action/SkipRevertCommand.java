package dev.shadowbot.action;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code shadowbot skip-revert --id N}: closes the revert window of a deploy request now, through its
 * driver: the reverse sync stops and the old tables are dropped in small steps. When no driver is alive,
 * this command resumes the request (reverse sync from its checkpoint) and does it.
 */
@Command(name = "skip-revert", description = "Close the revert window now", mixinStandardHelpOptions = true)
final class SkipRevertCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    RequestOptions.Id target;

    @Mixin
    RequestOptions.Comment comment;

    @Mixin
    RequestOptions.WindowWait window;

    @Mixin
    RequestOptions.Lease lease;

    @Override
    public Integer call() {
        return RequestAction.run(common, spec, target.id, lease.options(),
                "skip-revert", comment.comment, (service, request, extra) -> service.skipRevert(request, window.wait));
    }
}
