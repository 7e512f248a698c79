package dev.shadowbot.engine.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A plan that drops most of the live tables (more than half, and at least two) is far more often a wrong
 * or half-checked-out schema folder than an intent; it needs its own explicit flag ({@code --allow-mass-drop}),
 * apart from {@code --allow-data-loss}, which a single dropped column already asks for.
 */
public final class MassDrop {
    static final String LIVE_TABLES = "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?"
            + " AND TABLE_TYPE = 'BASE TABLE'";

    private MassDrop() {
    }

    /** True when {@code drops} of {@code liveTables} is "most of them". */
    public static boolean isMass(int drops, int liveTables) {
        return drops >= 2 && drops * 2 > liveTables;
    }

    /** The refusal's text ("drops 2 of 3 live tables of `app`") when the plan drops most live tables. */
    public static Optional<String> describe(Plan plan, int liveTables) {
        int drops = (int) plan.changes().stream().filter(c -> c.kind() == ChangeKind.DROP).count();
        if (!isMass(drops, liveTables)) {
            return Optional.empty();
        }
        return Optional.of("the plan drops " + drops + " of " + liveTables + " live tables of `" + plan.database() + "`");
    }

    /** {@link #describe} with the live table count read on {@code c}. */
    public static Optional<String> describe(Plan plan, Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LIVE_TABLES)) {
            ps.setString(1, plan.database());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return describe(plan, rs.getInt(1));
            }
        }
    }
}
