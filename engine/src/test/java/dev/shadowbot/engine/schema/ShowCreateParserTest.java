package dev.shadowbot.engine.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShowCreateParserTest {
    private static final String MYSQL = """
            CREATE TABLE `t` (
              `id` int NOT NULL AUTO_INCREMENT,
              `y` int NOT NULL,
              `note` varchar(20) COLLATE utf8mb4_bin DEFAULT 'a,\\nb',
              `g` int GENERATED ALWAYS AS ((`id` * 2)) VIRTUAL,
              PRIMARY KEY (`id`,`y`),
              KEY `ix_fn` ((lower(`note`))),
              CONSTRAINT `fk_x` FOREIGN KEY (`y`) REFERENCES `other`.`p` (`id`) ON DELETE CASCADE,
              CONSTRAINT `t_chk_1` CHECK ((`y` > 0))
            ) ENGINE=InnoDB AUTO_INCREMENT=42 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci COMMENT='a b'
            /*!50100 PARTITION BY RANGE (`y`)
            (PARTITION p0 VALUES LESS THAN (10) ENGINE = InnoDB,
             PARTITION p1 VALUES LESS THAN MAXVALUE ENGINE = InnoDB) */""";

    @Test
    void splitsMySqlOutputAndDropsTheAutoIncrementCounter() {
        ShowCreateParser.Parts p = ShowCreateParser.parse(MYSQL);
        assertEquals(4, p.columns().size());
        assertEquals("`note` varchar(20) COLLATE utf8mb4_bin DEFAULT 'a,\\nb'", p.columns().get(2));
        assertEquals(List.of("PRIMARY KEY (`id`,`y`)", "KEY `ix_fn` ((lower(`note`)))"), p.indexes());
        assertEquals(1, p.foreignKeys().size());
        assertEquals(1, p.checks().size());
        assertEquals("ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci COMMENT='a b'", p.optionsText());
        assertEquals("'a b'", p.options().get("COMMENT"));
        assertEquals("utf8mb4", p.options().get("DEFAULT CHARSET"));
        assertEquals("PARTITION BY RANGE (`y`)\n(PARTITION p0 VALUES LESS THAN (10) ENGINE = InnoDB,\n"
                + " PARTITION p1 VALUES LESS THAN MAXVALUE ENGINE = InnoDB)", p.partitioning());
        assertEquals(MYSQL.replace(" AUTO_INCREMENT=42", ""), p.canonical());
    }

    @Test
    void readsForeignKeysAndChecks() {
        ShowCreateParser.Parts p = ShowCreateParser.parse(MYSQL);
        ForeignKeyModel fk = ShowCreateParser.foreignKey(p.foreignKeys().get(0));
        assertEquals("fk_x", fk.name());
        assertEquals(List.of("y"), fk.columns());
        assertEquals("other", fk.referencedSchema());
        assertEquals("p", fk.referencedTable());
        assertEquals(List.of("id"), fk.referencedColumns());
        assertEquals("CASCADE", fk.onDelete());
        assertNull(fk.onUpdate());
        CheckModel ck = ShowCreateParser.check(p.checks().get(0));
        assertEquals("t_chk_1", ck.name());
        assertEquals("(`y` > 0)", ck.clause());
    }

    @Test
    void splitsMariaDbOutputWithInlineChecksAndPartitions() {
        String maria = """
                CREATE TABLE `t` (
                  `id` int(11) NOT NULL,
                  `pct` int(11) DEFAULT NULL CHECK (`pct` between 0 and 100),
                  `j` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL CHECK (json_valid(`j`)),
                  `ts` timestamp NOT NULL DEFAULT current_timestamp() ON UPDATE current_timestamp(),
                  PRIMARY KEY (`id`),
                  CONSTRAINT `CONSTRAINT_1` CHECK (`id` > 0)
                ) ENGINE=InnoDB DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci
                 PARTITION BY HASH (`id`)
                PARTITIONS 4""";
        ShowCreateParser.Parts p = ShowCreateParser.parse(maria);
        assertEquals(4, p.columns().size());
        assertEquals(List.of("PRIMARY KEY (`id`)"), p.indexes());
        assertEquals(List.of("CONSTRAINT `CONSTRAINT_1` CHECK (`id` > 0)"), p.checks());
        assertEquals("PARTITION BY HASH (`id`)\nPARTITIONS 4", p.partitioning());
        assertEquals("latin1_swedish_ci", p.options().get("COLLATE"));
    }

    @Test
    void namesWithBackticksAndKinds() {
        assertEquals("we`ird", ShowCreateParser.leadingName("`we``ird` int NOT NULL"));
        assertEquals("PRIMARY", ShowCreateParser.indexName("PRIMARY KEY (`id`)"));
        assertEquals("uk", ShowCreateParser.indexName("UNIQUE KEY `uk` (`a`)"));
        assertEquals(IndexModel.Kind.FULLTEXT, ShowCreateParser.indexKind("FULLTEXT KEY `ft` (`b`)"));
        assertEquals(IndexModel.Kind.SPATIAL, ShowCreateParser.indexKind("SPATIAL KEY `sp` (`p`)"));
        assertEquals(IndexModel.Kind.INDEX, ShowCreateParser.indexKind("KEY `ix` (`a`) USING BTREE"));
    }
}
