package dev.shadowbot.bot.store;

import dev.shadowbot.engine.store.DeployStatus;
import java.util.Locale;
import java.util.Set;

/**
 * One deploy request as the operator views show it.
 *
 * @param id           deploy request id
 * @param repo         {@code owner/name}
 * @param prNumber     pull request number
 * @param database     target database name (as in {@code .github/shadowbot.yml})
 * @param headSha      the PR head the plan was made for
 * @param planState    the planning state ({@link DeployRequestState} name)
 * @param changeCount  number of table changes in the plan
 * @param summary      one-line plan summary, may be null
 * @param ageSeconds   seconds since the deploy request last changed
 * @param progress     the migration's progress, or null when no migration has started
 */
public record DeployRequestStatus(long id, String repo, int prNumber, String database, String headSha,
                                  String planState, int changeCount, String summary, long ageSeconds,
                                  DeployProgress.Progress progress) {
    private static final Set<DeployStatus> RUNNING = Set.of(DeployStatus.PREPARING, DeployStatus.COPYING,
            DeployStatus.CHECKSUMMING, DeployStatus.STAGED, DeployStatus.CUTTING_OVER, DeployStatus.REVERSE_SYNCING,
            DeployStatus.REVERTING);

    /** The state to show: the migration's phase once one exists, else the planning state, lower case. */
    public String state() {
        return progress != null ? progress.phase().dbName() : planState.toLowerCase(Locale.ROOT);
    }

    /** True while it waits in its database's queue. */
    public boolean queued() {
        return progress != null && progress.phase() == DeployStatus.QUEUED;
    }

    /** True while it holds its database (copying, staged, in its revert window, reverting). */
    public boolean active() {
        return progress != null && RUNNING.contains(progress.phase());
    }
}
