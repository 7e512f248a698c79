package dev.shadowbot.engine.lint;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.schema.ColumnModel;
import org.junit.jupiter.api.Test;

class KeyWideningTest {
    private static ColumnModel col(String type) {
        return col(type, null, null);
    }

    private static ColumnModel col(String type, String charset, String collation) {
        return new ColumnModel("id", 1, "`id` " + type + " NOT NULL", type.replaceAll("[( ].*", ""), type, charset,
                collation, false, null, false, null, null, false, false, "", false);
    }

    @Test
    void intToBigintAndOtherIntegerWideningsKeepTheKey() {
        assertTrue(KeyWidening.keepsKeyValues(col("int(11)"), col("bigint(20)")));
        assertTrue(KeyWidening.keepsKeyValues(col("int"), col("bigint")));
        assertTrue(KeyWidening.keepsKeyValues(col("int(10) unsigned"), col("bigint(20) unsigned")));
        assertTrue(KeyWidening.keepsKeyValues(col("int(10) unsigned"), col("bigint(20)")), "unsigned -> wider signed");
        assertTrue(KeyWidening.keepsKeyValues(col("smallint(6)"), col("int(11)")));
        assertTrue(KeyWidening.keepsKeyValues(col("decimal(10,0)"), col("decimal(20,0)")));
    }

    @Test
    void narrowingAndSignChangesDoNot() {
        assertFalse(KeyWidening.keepsKeyValues(col("bigint(20)"), col("int(11)")));
        assertFalse(KeyWidening.keepsKeyValues(col("int(11)"), col("int(10) unsigned")), "negative keys would not fit");
        assertFalse(KeyWidening.keepsKeyValues(col("int(10) unsigned"), col("int(11)")), "large keys would not fit");
        assertFalse(KeyWidening.keepsKeyValues(col("int(11)"), col("varchar(20)", "utf8mb4", "utf8mb4_bin")));
        assertFalse(KeyWidening.keepsKeyValues(col("decimal(10,2)"), col("decimal(10,0)")));
    }

    @Test
    void aLongerVarcharKeepsTheKeyOnlyInTheSameCharsetAndCollation() {
        assertTrue(KeyWidening.keepsKeyValues(col("varchar(20)", "utf8mb4", "utf8mb4_bin"),
                col("varchar(40)", "utf8mb4", "utf8mb4_bin")));
        assertFalse(KeyWidening.keepsKeyValues(col("varchar(40)", "utf8mb4", "utf8mb4_bin"),
                col("varchar(20)", "utf8mb4", "utf8mb4_bin")));
        assertFalse(KeyWidening.keepsKeyValues(col("varchar(20)", "utf8mb4", "utf8mb4_bin"),
                col("varchar(20)", "utf8mb4", "utf8mb4_general_ci")), "'a' and 'A' would collide");
        assertFalse(KeyWidening.keepsKeyValues(col("varchar(20)", "latin1", "latin1_swedish_ci"),
                col("varchar(40)", "utf8mb4", "utf8mb4_general_ci")));
        assertFalse(KeyWidening.keepsKeyValues(col("char(10)", "utf8mb4", "utf8mb4_bin"),
                col("char(20)", "utf8mb4", "utf8mb4_bin")), "CHAR pads: not claimed");
        assertTrue(KeyWidening.keepsKeyValues(col("varbinary(16)"), col("varbinary(32)")));
        assertFalse(KeyWidening.keepsKeyValues(col("binary(16)"), col("binary(32)")), "zero padding changes the value");
    }
}
