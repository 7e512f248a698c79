package dev.shadowbot.action;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code shadowbot revert --id N}: reverts a deploy request in its revert window through its driver; when
 * no driver is alive, this command resumes the request (reverse sync from its checkpoint) and does it.
 */
@Command(name = "revert", description = "Swap the old schema back during the revert window, keeping every row written since the cutover.", mixinStandardHelpOptions = true)
final class RevertCommand implements Callable<Integer> {
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
                "revert", comment.comment, (service, request, extra) -> {
                    long started = System.nanoTime();
                    var state = service.revert(request, window.wait);
                    // revert_ms: until the old schema is live with every row (catch-up and swap); the write
                    // stall is revert_lock_ms in the state. The command returns then: the retired new table's
                    // stepwise drop goes on in a background process (cleanup_pending, cleanup_pid).
                    extra.put("revert_ms", java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                    return state;
                });
    }
}
