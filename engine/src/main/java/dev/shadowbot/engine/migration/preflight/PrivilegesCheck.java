package dev.shadowbot.engine.migration.preflight;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The user needs REPLICATION SLAVE and REPLICATION CLIENT (MariaDB: BINLOG MONITOR) globally, and
 * SELECT, INSERT, DELETE, CREATE, ALTER, DROP and LOCK TABLES on the schema. Reads the user's own
 * grants (roles are not expanded: grant directly to the user).
 */
public final class PrivilegesCheck implements PreflightCheck {
    private static final Pattern GRANT = Pattern.compile("^GRANT (.+?) ON (\\S+) TO ", Pattern.CASE_INSENSITIVE);
    static final List<String> SCHEMA_PRIVILEGES = List.of("SELECT", "INSERT", "DELETE", "CREATE", "ALTER", "DROP",
            "LOCK TABLES");

    @Override
    public String name() {
        return "privileges";
    }

    @Override
    public Optional<Refusal> check(PreflightInput in) {
        Set<String> global = new HashSet<>();
        Set<String> onSchema = new HashSet<>();
        for (String line : in.settings().grants()) {
            Matcher m = GRANT.matcher(line.trim());
            if (!m.find()) {
                continue;
            }
            Set<String> privs = new HashSet<>();
            for (String p : m.group(1).split(",")) {
                privs.add(p.trim().toUpperCase(Locale.ROOT).replaceAll("\\s+", " "));
            }
            String target = m.group(2);
            if (target.equals("*.*")) {
                global.addAll(privs);
            } else if (schemaMatches(target, in.schema())) {
                onSchema.addAll(privs);
            }
        }
        boolean all = global.contains("ALL PRIVILEGES") || global.contains("ALL");
        List<String> missing = new ArrayList<>();
        if (!all && !global.contains("REPLICATION SLAVE") && !global.contains("REPLICATION REPLICA")) {
            missing.add("REPLICATION SLAVE ON *.*");
        }
        if (!all && !global.contains("REPLICATION CLIENT") && !global.contains("BINLOG MONITOR")) {
            missing.add((in.settings().info().isMariaDb() ? "BINLOG MONITOR" : "REPLICATION CLIENT") + " ON *.*");
        }
        boolean schemaAll = all || onSchema.contains("ALL PRIVILEGES") || onSchema.contains("ALL");
        for (String p : SCHEMA_PRIVILEGES) {
            if (!schemaAll && !global.contains(p) && !onSchema.contains(p)) {
                missing.add(p + " ON `" + in.schema() + "`.*");
            }
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(name(), "the database user lacks " + String.join(", ", missing),
                "GRANT " + String.join("; GRANT ", missing) + " TO the user shadowbot connects as"));
    }

    /** {@code `db`.*} (with {@code \_} escapes and {@code %} wildcards) matches {@code schema}. */
    static boolean schemaMatches(String target, String schema) {
        if (!target.endsWith(".*")) {
            return false;
        }
        String db = target.substring(0, target.length() - 2);
        if (db.startsWith("`") && db.endsWith("`")) {
            db = db.substring(1, db.length() - 1).replace("``", "`");
        }
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < db.length(); i++) {
            char c = db.charAt(i);
            if (c == '\\' && i + 1 < db.length()) {
                regex.append(Pattern.quote(String.valueOf(db.charAt(++i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return schema.matches(regex.toString());
    }
}
