package dev.shadowbot.engine.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shadowbot.engine.migration.DeploySpec;
import dev.shadowbot.engine.migration.DeployState;
import dev.shadowbot.engine.migration.MigrationService;
import dev.shadowbot.engine.migration.TableSpec;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import dev.shadowbot.engine.testing.WriteLoad;
import dev.shadowbot.engine.testing.WriteLoadTable;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A session reading the shadow table in an open transaction while the cutover runs. */
@RealDatabase
class ShadowReaderCutoverIT {

    @Test
    void aReaderHoldingTheShadowDoesNotLoseWrites(TestDb db) throws Exception {
        db.exec(ConnectionKillIT.TABLE);
        WriteLoad load = new WriteLoad(db.serverUrl(), new WriteLoadTable(db.schema(), "orders", List.of("id")), 3, 100_000);
        load.seed(3000, 30);
        load.start();
        try (MigrationService service = MigrationService.connect(db.serverUrl());
             Connection reader = db.connect(); Statement st = reader.createStatement()) {
            long id = service.start(new DeploySpec(db.schema(), List.of(new TableSpec("orders", "ADD COLUMN `c` INT NULL")),
                    List.of())).id();
            DeployState staged = service.runUntilStaged(id, Duration.ofMinutes(2));
            reader.setAutoCommit(false);
            st.executeQuery("SELECT COUNT(*) FROM `" + staged.tables().get(0).shadow() + "`").close();
            CompletableFuture<DeployState> cut = CompletableFuture.supplyAsync(() -> service.cutover(id, Duration.ofMinutes(1)));
            Thread.sleep(3_000);
            reader.commit();
            DeployState after;
            try {
                after = cut.get();
            } catch (Exception e) {
                after = service.status(id);
            }
            Thread.sleep(300);
            load.stop();
            System.out.println("[faults] shadow reader: state=" + after.state() + " error=" + after.error());
            var live = load.read("orders");
            assertEquals(List.of(), WriteLoad.differences(load.model(), live, 10), load.toString());
        } finally {
            load.close();
        }
    }
}
