package dev.shadowbot.engine.migration;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.db.BinlogPositions;
import dev.shadowbot.engine.instant.InstantAlter;
import dev.shadowbot.engine.instant.InstantPlan;
import dev.shadowbot.engine.instant.InstantProbe;
import dev.shadowbot.engine.instant.TableVerdict;
import dev.shadowbot.engine.store.DeployRequestRecord;
import dev.shadowbot.engine.store.DeployStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a deploy request on the instant path ({@link InstantPlan}): nothing is copied or kept in sync, so
 * it moves through preparing → copying → checksumming → staged at once (each transition still stored); at
 * cutover the planned ALTERs run in place with {@link InstantAlter}'s bounded, MDL-aware retries; the revert
 * window then waits for {@code revert} (the inverse instant ALTERs; every row stays where it is),
 * {@code skip-revert} or its end. A driver that died while cutting over or reverting is finished by the
 * next one, which compares each live table with the shapes the probe recorded.
 */
final class InstantPhase {
    private static final Logger LOG = LoggerFactory.getLogger(InstantPhase.class);

    /** The driver's hooks: the stored state, guarded moves, and "settled" for callers waiting on staged. */
    interface Driver {
        DeployStatus current();

        void move(DeployStatus to);

        /** A guarded move that stores {@code error} with it. */
        void moveWithError(DeployStatus to, String error);

        void settled();

        /** The control request was handled (cleared in the store): forget the one seen last. */
        void controlDone();
    }

    private final DriverEnv env;
    private final Driver driver;
    private final InstantPlan plan;

    private InstantPhase(DriverEnv env, Driver driver) {
        this.env = env;
        this.driver = driver;
        this.plan = env.spec().instantPlan();
    }

    static void run(DriverEnv env, Driver driver) throws Exception {
        new InstantPhase(env, driver).drive();
    }

    private void drive() throws Exception {
        if (driver.current() == DeployStatus.PREPARING) {
            Connection c = env.open();
            try {
                PreparePhase.createTables(env, c);
                env.store().setStartPosition(env.id(), BinlogPositions.current(c, env.info()));
            } finally {
                env.close(c);
            }
            driver.move(DeployStatus.COPYING); // nothing to copy: the rows never move
        }
        if (driver.current() == DeployStatus.COPYING) {
            driver.move(DeployStatus.CHECKSUMMING);
        }
        if (driver.current() == DeployStatus.CHECKSUMMING) {
            driver.move(DeployStatus.STAGED);
            LOG.info("event=staged path=instant {}", env.tag());
        }
        if (driver.current() == DeployStatus.CUTTING_OVER) {
            tryCutover(); // a dead driver was cutting over: the merge asked for it, so finish it
        }
        if (driver.current() == DeployStatus.REVERTING && tryRevert()) {
            return; // a dead driver was reverting: finished
        }
        if (driver.current() == DeployStatus.STAGED) {
            driver.settled();
            while (driver.current() == DeployStatus.STAGED) {
                while (!StagedPhase.CUTOVER.equals(env.control())) {
                    env.beat(); // reads the store once a second, at once when woken
                    Thread.sleep(50);
                }
                cutover();
            }
        }
        if (driver.current() == DeployStatus.REVERSE_SYNCING) {
            driver.settled();
            window();
            return;
        }
        throw new ShadowbotException(ErrorCode.CONFLICT, "deploy request " + env.id() + " is "
                + driver.current().dbName(), "nothing to drive in this state");
    }

    private List<TableVerdict> tables() {
        return plan.tables();
    }

    private void cutover() {
        driver.move(DeployStatus.CUTTING_OVER);
        tryCutover();
    }

    private void tryCutover() {
        try {
            finishCutover();
        } catch (ShadowbotException e) {
            // InstantAlter guarantees nothing changed: stay staged, say why.
            env.store().clearControl(env.id());
            driver.controlDone();
            driver.moveWithError(DeployStatus.STAGED, e.userMessage());
            LOG.warn("event=cutover_failed path=instant {} error=\"{}\"", env.tag(), e.getMessage());
        }
    }

    /** Runs the forward ALTER of every table still in its old shape, then opens the window. */
    private void finishCutover() {
        InstantAlter.Result r = alter(true);
        Connection c = env.open();
        try {
            Long stored = env.store().get(env.id()).revertWindowSeconds();
            env.store().setCutover(env.id(), BinlogPositions.current(c, env.info()), r.lockMillis(),
                    stored != null ? stored : env.options().revertWindow().toSeconds());
        } finally {
            env.close(c);
        }
        env.store().clearControl(env.id());
        driver.move(DeployStatus.REVERSE_SYNCING);
        LOG.info("event=cut_over path=instant {} lock_ms={} attempts={}", env.tag(), r.lockMillis(), r.attempts());
    }

    /**
     * The ALTERs (forward, or the inverse for a revert) of the tables not yet in the target shape. A table in
     * neither shape was changed by someone else: refuse, nothing changed.
     */
    private InstantAlter.Result alter(boolean forward) {
        List<InstantAlter.Step> steps = new ArrayList<>();
        Connection c = env.open();
        try {
            for (TableVerdict t : tables()) {
                Optional<List<String>> now = InstantProbe.liveLines(c, env.schema(), t.table());
                List<String> from = forward ? t.oldColumns() : t.newColumns();
                List<String> to = forward ? t.newColumns() : t.oldColumns();
                if (now.isPresent() && now.get().equals(to)) {
                    continue; // done by a driver that died afterwards
                }
                if (now.isEmpty() || !now.get().equals(from)) {
                    throw new ShadowbotException(ErrorCode.CONFLICT, "table " + t.table() + " was changed outside this"
                            + " deploy request: its columns are neither the old nor the new ones",
                            "look at SHOW CREATE TABLE " + t.table() + "; nothing was changed by shadowbot");
                }
                steps.add(forward ? new InstantAlter.Step(t.table(), t.forward(), t.inverse())
                        : new InstantAlter.Step(t.table(), t.inverse(), t.forward()));
            }
            if (steps.isEmpty()) {
                return new InstantAlter.Result(0, 0);
            }
            return InstantAlter.run(c, env.info(), env.schema(), steps, env.options().cutover(),
                    env.id() + (forward ? "" : "-revert"), env::beat);
        } catch (SQLException e) {
            throw ShadowbotException.database("cannot read the live tables: " + e.getMessage(), "check the server", e);
        } finally {
            env.close(c);
        }
    }

    /** The window: revert, skip-revert or its end. Nothing runs meanwhile: the live table holds every row. */
    private void window() throws InterruptedException {
        Long stored = env.store().get(env.id()).revertWindowSeconds();
        env.store().setWindowEndIfMissing(env.id(), stored != null ? stored : env.options().revertWindow().toSeconds());
        long nextRead = 0;
        while (true) {
            env.beat();
            String seen = env.control();
            if (System.nanoTime() < nextRead && !RevertWindowPhase.REVERT.equals(seen)
                    && !RevertWindowPhase.SKIP_REVERT.equals(seen)) {
                Thread.sleep(50);
                continue;
            }
            nextRead = System.nanoTime() + 500_000_000L;
            DeployRequestRecord rec = env.store().get(env.id());
            if (RevertWindowPhase.SKIP_REVERT.equals(rec.controlRequest()) || rec.windowOver()) {
                driver.move(DeployStatus.COMPLETE);
                env.store().clearControl(env.id());
                LOG.info("event=window_closed path=instant {} reason={}", env.tag(),
                        rec.windowOver() ? "window_over" : "skip_revert");
                return;
            }
            if (RevertWindowPhase.REVERT.equals(rec.controlRequest())) {
                driver.move(DeployStatus.REVERTING);
                if (tryRevert()) {
                    return;
                }
                driver.controlDone();
            }
        }
    }

    /** True when reverted; on failure nothing changed: back to the window, the error stored. */
    private boolean tryRevert() {
        try {
            finishRevert();
            return true;
        } catch (ShadowbotException e) {
            env.store().setError(env.id(), "revert failed: " + e.userMessage());
            driver.move(DeployStatus.REVERSE_SYNCING);
            env.store().clearControl(env.id());
            LOG.warn("event=revert_failed path=instant {} error=\"{}\"", env.tag(), e.getMessage());
            return false;
        }
    }

    private void finishRevert() {
        InstantAlter.Result r = alter(false);
        env.store().setRevertLock(env.id(), r.lockMillis());
        driver.move(DeployStatus.REVERTED);
        env.store().clearControl(env.id());
        LOG.info("event=reverted path=instant {} lock_ms={} attempts={}", env.tag(), r.lockMillis(), r.attempts());
    }
}
