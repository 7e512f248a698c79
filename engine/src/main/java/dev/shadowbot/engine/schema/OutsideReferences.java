package dev.shadowbot.engine.schema;

import dev.shadowbot.engine.schema.SqlSplitter.Code;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A desired table must stay inside the database its folder maps to. Its {@code CREATE TABLE} runs on
 * the target's server (in a throw-away workspace schema, so the server validates it), and the text
 * comes from a pull request: a statement that reaches another schema, the file system or another
 * server would let the pull request probe or read what is not its own. A foreign key to
 * {@code other_schema.secret} was created in the workspace, printed in the plan comment with the other
 * schema's name and judged deployable; an existing and a missing foreign table gave different errors.
 * Refused here: a foreign key to a table of another schema, {@code DATA DIRECTORY} / {@code INDEX
 * DIRECTORY}, {@code CONNECTION} (FEDERATED, CONNECT, SPIDER), {@code UNION} (MERGE), and storage
 * engines other than the local ones. Works on the statement's code as the server reads it (the lexer's
 * tokens: comments left out, executable comments' contents kept); queries ({@code … SELECT}) are
 * refused by {@link CreateTableScan} already.
 */
final class OutsideReferences {
    /** Engines that keep a table's rows in this server's own storage and read nothing else. */
    private static final Set<String> LOCAL_ENGINES = Set.of("INNODB", "MYISAM", "ARIA", "MEMORY", "HEAP", "ARCHIVE",
            "ROCKSDB", "CSV", "BLACKHOLE");

    private OutsideReferences() {
    }

    /** Why the statement whose code is {@code code} reaches outside its database, or empty when it does not. */
    static Optional<String> problem(List<Code> code) {
        for (int k = 0; k < code.size(); k++) {
            String w = code.get(k).word();
            if (w.equals("REFERENCES")) {
                // "db"."t" is a string to the lexer but a qualified name under ANSI_QUOTES: refused as well.
                if (k + 2 < code.size() && code.get(k + 2).isSymbol('.')) {
                    return Optional.of("a foreign key references a table of another schema: reference tables of"
                            + " this folder's database only");
                }
            } else if ((w.equals("DATA") || w.equals("INDEX")) && k + 1 < code.size() && code.get(k + 1).is("DIRECTORY")
                    && valueFollows(code, k + 2)) {
                return Optional.of(w + " DIRECTORY puts the table's files outside the server's data directory:"
                        + " leave it out");
            } else if (w.equals("CONNECTION") && valueFollows(code, k + 1)) {
                return Optional.of("CONNECTION makes the table read another server: leave it out");
            } else if (w.equals("UNION") && opens(code, k + 1)) {
                return Optional.of("UNION (a MERGE table) reads other tables: leave it out");
            } else if (w.equals("ENGINE") && !startsAnElement(code, k)) {
                String engine = valueAt(code, k + 1);
                if (!engine.isEmpty() && !LOCAL_ENGINES.contains(engine.toUpperCase(Locale.ROOT))) {
                    return Optional.of("engine " + engine + " does not keep the table in this server's own storage:"
                            + " use InnoDB");
                }
            }
        }
        return Optional.empty();
    }

    /** An option's value at {@code i}, after an optional {@code =}: a string. */
    private static boolean valueFollows(List<Code> code, int i) {
        int v = i < code.size() && code.get(i).isSymbol('=') ? i + 1 : i;
        return v < code.size() && code.get(v).kind() == SqlLexer.Kind.STRING;
    }

    private static boolean opens(List<Code> code, int i) {
        int v = i < code.size() && code.get(i).isSymbol('=') ? i + 1 : i;
        return v < code.size() && code.get(v).isSymbol('(');
    }

    /** The engine name at {@code i} (after an optional {@code =}), unquoted; empty when there is none. */
    private static String valueAt(List<Code> code, int i) {
        int v = i < code.size() && code.get(i).isSymbol('=') ? i + 1 : i;
        if (v >= code.size()) {
            return "";
        }
        Code c = code.get(v);
        return switch (c.kind()) {
            case WORD -> c.text();
            case QUOTED_NAME, STRING -> c.text().substring(1, c.text().length() - 1);
            default -> "";
        };
    }

    /** The word at {@code k} begins a column-list element (after {@code (} or {@code ,}): a column named engine. */
    private static boolean startsAnElement(List<Code> code, int k) {
        return k > 0 && (code.get(k - 1).isSymbol(',') || code.get(k - 1).isSymbol('('));
    }
}
