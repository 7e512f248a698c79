package dev.shadowbot.engine.migration;

import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.db.BinlogPosition;
import dev.shadowbot.engine.db.BinlogPositions;
import dev.shadowbot.engine.migration.preflight.Preflight;
import dev.shadowbot.engine.migration.preflight.Refusal;
import dev.shadowbot.engine.migration.preflight.SharedKeyCheck;
import dev.shadowbot.engine.migration.preflight.UniqueDuplicatesCheck;
import dev.shadowbot.engine.store.MigrationRecord;
import dev.shadowbot.engine.table.ColumnMapping;
import dev.shadowbot.engine.table.TableInfo;
import dev.shadowbot.engine.table.TableInspector;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates new tables, builds each shadow ({@code CREATE TABLE … LIKE live}, then the ALTER clauses),
 * refuses when a table has no shared unique key (dropping the shadows again), and records the binlog
 * position the stream starts at. Idempotent: a resumed request in PREPARING runs it again from scratch.
 */
final class PreparePhase {
    private static final Logger LOG = LoggerFactory.getLogger(PreparePhase.class);

    private PreparePhase() {
    }

    static void run(DriverEnv env) {
        Connection c = env.open();
        try (Statement st = c.createStatement()) {
            createTables(env, c);
            List<MigrationRecord> migrations = env.store().migrations(env.id());
            List<Refusal> refusals = new ArrayList<>();
            for (MigrationRecord m : migrations) {
                st.execute(ShadowSql.dropIfExists(env.schema(), m.shadowTable()));
                TableInfo live = TableInspector.read(c, env.schema(), m.table());
                st.execute(ShadowSql.createLike(env.schema(), m.shadowTable(), m.table()));
                try {
                    st.execute(ShadowSql.alter(env.schema(), m.shadowTable(), m.alterClauses()));
                } catch (SQLException e) {
                    dropShadows(env, st, migrations);
                    throw ShadowbotException.badInput("the change to table " + m.table() + " fails on the server: "
                            + e.getMessage(), "fix the table's definition in the schema files");
                }
                TableInfo shadow = TableInspector.read(c, env.schema(), m.shadowTable());
                ColumnMapping mapping = ColumnMapping.between(live, shadow);
                Optional<Refusal> r = SharedKeyCheck.check(mapping);
                r.ifPresent(refusals::add);
                if (mapping.sharedKey().isPresent()) {
                    UniqueDuplicatesCheck.keyCollation(c, live, shadow, mapping.sharedKey().get()).ifPresent(refusals::add);
                }
                UniqueDuplicatesCheck.check(c, live, shadow).ifPresent(refusals::add);
                long[] estimate = TableInspector.estimate(c, env.schema(), m.table());
                env.store().setRowsTotal(m.id(), estimate[0]);
                LOG.info("event=shadow_created {} table={} shadow={} rows_estimate={}", env.tag(), m.table(),
                        m.shadowTable(), estimate[0]);
            }
            if (!refusals.isEmpty()) {
                dropShadows(env, st, migrations);
                throw Preflight.refusal(refusals);
            }
            env.store().resetCopy(env.id());
            // Read after the shadows exist: every change from here on reaches them.
            BinlogPosition start = BinlogPositions.current(c, env.info());
            env.store().setStartPosition(env.id(), start);
            LOG.info("event=stream_start_recorded {} position={} gtid={}", env.tag(), start, start.gtid());
        } catch (SQLException e) {
            throw ShadowbotException.database("preparing the shadow tables failed: " + e.getMessage(),
                    "check the server's log; the deploy request can be resumed", e);
        } finally {
            env.close(c);
        }
    }

    /** Runs the request's CREATE TABLE statements (a table that exists already was created by a dead driver). */
    static void createTables(DriverEnv env, Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String ddl : env.spec().directDdl()) {
                try {
                    st.execute(ddl);
                    LOG.info("event=table_created {}", env.tag());
                } catch (SQLException e) {
                    if (e.getErrorCode() != ShadowSql.ER_TABLE_EXISTS) {
                        throw ShadowbotException.badInput("CREATE TABLE failed: " + e.getMessage(),
                                "fix the table's definition in the schema files");
                    }
                }
            }
        }
    }

    static void dropShadows(DriverEnv env, Statement st, List<MigrationRecord> migrations) throws SQLException {
        for (MigrationRecord m : migrations) {
            st.execute(ShadowSql.dropIfExists(env.schema(), m.shadowTable()));
        }
    }
}
