package dev.shadowbot.engine.migration;

import dev.shadowbot.engine.apply.StreamApplier;
import java.sql.SQLException;

/** Keeps the shadows in sync while the deploy request waits for cutover; ends when told to stop. */
final class StagedPhase {
    private StagedPhase() {
    }

    static void run(DriverEnv env, StreamApplier applier) throws SQLException, InterruptedException {
        while (true) {
            env.beat();
            applier.pump(200);
        }
    }
}
