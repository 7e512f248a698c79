package dev.shadowbot.engine.schema;

import dev.shadowbot.engine.schema.SqlSplitter.Code;
import dev.shadowbot.engine.schema.SqlSplitter.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Says what a statement of a schema file is, from its first words only: a CREATE TABLE to send to
 * the server, a statement that changes nothing (dump noise, ignored), or a statement that would
 * change data or schema outside CREATE TABLE (refused, with the reason and the fix). It never judges
 * whether a CREATE TABLE is valid: the workspace server does (see {@link Workspace}).
 */
final class StatementClassifier {
    private StatementClassifier() {
    }

    /** What a statement is. */
    sealed interface Verdict permits Table, Ignored, Drop, Refused {
    }

    /** A CREATE TABLE. */
    record Table(TableSource table) implements Verdict {
    }

    /** A statement that changes nothing, e.g. {@code SET NAMES utf8mb4}; {@code kind} names it for the note. */
    record Ignored(String kind) implements Verdict {
    }

    /** {@code DROP TABLE [IF EXISTS] names}: a no-op when the folder creates every one of them. */
    record Drop(List<String> tables) implements Verdict {
        Drop {
            tables = List.copyOf(tables);
        }
    }

    /** A statement the folder cannot hold; {@code code} is a {@link SourceProblem} code. */
    record Refused(String code, String message) implements Verdict {
    }

    private static final Set<String> TRANSACTION = Set.of("BEGIN", "COMMIT", "ROLLBACK", "START");
    private static final Set<String> DATA = Set.of("INSERT", "REPLACE", "UPDATE", "DELETE", "LOAD", "TRUNCATE",
            "CALL", "HANDLER", "IMPORT");
    private static final Set<String> NOT_TABLES = Set.of("VIEW", "TRIGGER", "PROCEDURE", "FUNCTION", "EVENT",
            "SEQUENCE", "SERVER", "TABLESPACE", "LOGFILE", "PACKAGE", "SPATIAL", "AGGREGATE");
    private static final String DUMP_HINT = " (for a dump: mysqldump/mariadb-dump --no-data writes none)";

    static Verdict classify(String file, Statement st) {
        List<Code> code = st.code();
        if (code.isEmpty()) {
            return new Ignored("empty statement");
        }
        String first = code.get(0).word();
        String second = code.size() > 1 ? code.get(1).word() : "";
        switch (first) {
            case "SET" -> {
                if (Set.of("PASSWORD", "ROLE", "DEFAULT", "STATEMENT").contains(second)) {
                    return refused("SET " + second + " is not part of a schema: remove it", st);
                }
                return new Ignored("SET");
            }
            case "LOCK", "UNLOCK" -> {
                if (second.equals("TABLES") || second.equals("TABLE")) {
                    return new Ignored(first + " TABLES");
                }
            }
            case "DROP" -> {
                return drop(st, code, second);
            }
            case "ALTER" -> {
                return alter(st, code, second);
            }
            case "CREATE" -> {
                return create(file, st, code);
            }
            case "USE" -> {
                return refused("USE picks another database, but the folder maps to one database in"
                        + " .github/shadowbot.yml: remove it (dump a single database, without --databases)", st);
            }
            case "RENAME" -> {
                return refused("RENAME TABLE is not run from schema files: the folder holds each table's final"
                        + " CREATE TABLE (a renamed table is planned as a drop and a create); remove it", st);
            }
            case "GRANT", "REVOKE" -> {
                return refused(first + " changes privileges, which are not part of a schema: remove it", st);
            }
            default -> {
                if (TRANSACTION.contains(first) && (!first.equals("START") || second.equals("TRANSACTION"))
                        && (!first.equals("BEGIN") || code.size() == 1 || second.equals("WORK"))) {
                    return new Ignored("transaction control");
                }
                if (DATA.contains(first)) {
                    return refused(first + " changes data, and schema files hold no rows: remove it" + DUMP_HINT, st);
                }
            }
        }
        return refused("only CREATE TABLE statements are read from schema files, found: " + summary(st)
                + "; remove it", st);
    }

    private static Verdict drop(Statement st, List<Code> code, String second) {
        int i = 1;
        if (second.equals("TEMPORARY")) {
            i++;
        }
        if (i >= code.size() || !code.get(i).is("TABLE") && !code.get(i).is("TABLES")) {
            return refused("DROP " + second + " is not run from schema files, which hold only tables: remove it", st);
        }
        i++;
        if (i + 1 < code.size() && code.get(i).is("IF") && code.get(i + 1).is("EXISTS")) {
            i += 2;
        }
        List<String> names = new ArrayList<>();
        while (i < code.size()) {
            Name n = name(code, i);
            if (n == null || n.schema() != null) {
                break;
            }
            names.add(n.name());
            i = n.next();
            if (i < code.size() && code.get(i).isSymbol(',')) {
                i++;
            } else {
                break;
            }
        }
        if (names.isEmpty()) {
            return refused("DROP TABLE names no table of this database: remove it", st);
        }
        return new Drop(names);
    }

    private static Verdict alter(Statement st, List<Code> code, String second) {
        if (second.equals("TABLE")) {
            Name n = name(code, 2);
            // Dumps with data wrap inserts in ALTER TABLE … DISABLE KEYS / ENABLE KEYS: no schema change.
            if (n != null && n.next() + 2 == code.size() && code.get(n.next() + 1).is("KEYS")
                    && (code.get(n.next()).is("DISABLE") || code.get(n.next()).is("ENABLE"))) {
                return new Ignored("ALTER TABLE … DISABLE/ENABLE KEYS");
            }
            String table = n == null ? "the table" : "`" + n.name() + "`";
            return refused("ALTER TABLE is not run from schema files, which hold each table's final CREATE TABLE:"
                    + " write this change into the CREATE TABLE of " + table + " and remove the ALTER", st);
        }
        return refused("ALTER " + second + " is not run from schema files, which hold only tables: remove it", st);
    }

    private static Verdict create(String file, Statement st, List<Code> code) {
        int i = 1;
        if (i + 1 < code.size() && code.get(i).is("OR") && code.get(i + 1).is("REPLACE")) {
            i += 2;
        }
        if (i < code.size() && code.get(i).is("TEMPORARY")) {
            return refused("temporary tables are not part of a schema: remove the statement", st);
        }
        if (i < code.size() && code.get(i).is("TABLE")) {
            return CreateTableScan.scan(file, st, i + 1);
        }
        String object = "";
        for (int k = i; k < Math.min(code.size(), i + 40) && object.isEmpty(); k++) {
            String w = code.get(k).word();
            if (w.equals("INDEX") || w.equals("KEY")) {
                object = "INDEX";
            } else if (w.equals("DATABASE") || w.equals("SCHEMA")) {
                object = "DATABASE";
            } else if (w.equals("USER") || w.equals("ROLE")) {
                object = "USER";
            } else if (NOT_TABLES.contains(w)) {
                object = w;
            }
        }
        return switch (object) {
            case "INDEX" -> refused("CREATE INDEX is not run from schema files: write the index into its table's"
                    + " CREATE TABLE (KEY name (columns)) and remove this statement", st);
            case "DATABASE" -> refused("CREATE DATABASE is not run from schema files: the folder maps to one"
                    + " database in .github/shadowbot.yml; remove it (dump a single database, without --databases)", st);
            case "USER" -> refused("users and roles are not part of a schema: remove the statement", st);
            case "" -> refused("only CREATE TABLE statements are read from schema files, found: " + summary(st)
                    + "; remove it", st);
            default -> refused("shadowbot manages tables only, not a " + object + ": keep the CREATE " + object
                    + " outside the schema folder" + (object.equals("TRIGGER") ? " (mariadb-dump/mysqldump"
                    + " --skip-triggers leaves triggers out)" : ""), st);
        };
    }

    /** A possibly schema-qualified name at {@code i}: {@code next} is the index after it. */
    record Name(String schema, String name, int next) {
    }

    static Name name(List<Code> code, int i) {
        String a = part(code, i);
        if (a == null) {
            return null;
        }
        if (i + 2 < code.size() && code.get(i + 1).isSymbol('.') && part(code, i + 2) != null) {
            return new Name(a, part(code, i + 2), i + 3);
        }
        return new Name(null, a, i + 1);
    }

    private static String part(List<Code> code, int i) {
        if (i >= code.size()) {
            return null;
        }
        Code c = code.get(i);
        if (c.kind() == SqlLexer.Kind.QUOTED_NAME) {
            return c.text().substring(1, c.text().length() - 1).replace("``", "`");
        }
        return c.kind() == SqlLexer.Kind.WORD ? c.text() : null;
    }

    static Refused refused(String message, Statement st) {
        return new Refused(SourceProblem.UNSUPPORTED_STATEMENT, message);
    }

    static String summary(Statement st) {
        String s = st.codeText();
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
