package dev.shadowbot.bot.store;

import dev.shadowbot.bot.store.DeployProgress.Progress;
import dev.shadowbot.engine.store.DeployStatus;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Progress of a deploy request read from its deploy-queue row, for deploy requests the lifecycle drives
 * without writing {@link DeployProgress} rows. The queue keeps progress as the text it shows in the PR
 * comment ({@code "copying, `orders` 100/400 rows (25%), lag 0.4 s"}); rows and lag are read back from
 * that text. Revertibility is not known from the queue and stays null.
 */
final class QueueProgress {
    private static final Pattern ROWS = Pattern.compile("(\\d+)/(\\d+) rows");
    private static final Pattern LAG = Pattern.compile("lag (\\d+(?:\\.\\d+)?) s");

    private QueueProgress() {
    }

    /**
     * @param status             the queue row's status (QUEUED, RUNNING, STAGED, WINDOW, COMPLETE, REVERTED, CANCELLED, FAILED)
     * @param queuedAtMillis     when it was queued, epoch ms
     * @param text               the queue row's progress text, may be null
     * @param cutoverLockMillis  how long the cutover held the lock, or null
     * @param windowSecondsLeft  seconds until the revert window closes (negative once closed), or null
     * @param nowMillis          the current time, to turn seconds left into an end time
     */
    static Progress fromQueueRow(String status, Long queuedAtMillis, String text, Long cutoverLockMillis,
                                 Long windowSecondsLeft, long nowMillis) {
        DeployStatus phase = switch (status.toUpperCase(Locale.ROOT)) {
            case "QUEUED" -> DeployStatus.QUEUED;
            case "RUNNING" -> DeployStatus.COPYING;
            case "STAGED" -> DeployStatus.STAGED;
            case "WINDOW" -> DeployStatus.REVERSE_SYNCING;
            case "COMPLETE" -> DeployStatus.COMPLETE;
            case "REVERTED" -> DeployStatus.REVERTED;
            case "CANCELLED" -> DeployStatus.CANCELLED;
            default -> DeployStatus.FAILED;
        };
        long copied = 0;
        long total = 0;
        Long lag = null;
        if (text != null) {
            Matcher m = ROWS.matcher(text);
            while (m.find()) {
                copied += Long.parseLong(m.group(1));
                total += Long.parseLong(m.group(2));
            }
            Matcher l = LAG.matcher(text);
            if (l.find()) {
                lag = Math.round(Double.parseDouble(l.group(1)) * 1000);
            }
        }
        Long windowEnd = windowSecondsLeft == null ? null : nowMillis + windowSecondsLeft * 1000;
        return new Progress(phase, queuedAtMillis, copied, total, lag, cutoverLockMillis, windowEnd, null, null);
    }
}
