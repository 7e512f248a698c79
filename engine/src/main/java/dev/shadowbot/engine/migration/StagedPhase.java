package dev.shadowbot.engine.migration;

import dev.shadowbot.engine.apply.StreamApplier;
import java.sql.SQLException;

/**
 * Keeps the shadows in sync while the deploy request waits; returns when a cutover is requested
 * (cancel and stop end it through the heartbeat).
 */
final class StagedPhase {
    static final String CUTOVER = "cutover";

    private StagedPhase() {
    }

    static void run(DriverEnv env, StreamApplier applier) throws SQLException, InterruptedException {
        while (!CUTOVER.equals(env.control())) {
            env.beat();
            applier.pump(200);
        }
    }
}
