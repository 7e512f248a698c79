package dev.shadowbot.engine.schema;

import dev.shadowbot.engine.schema.SqlSplitter.Code;
import dev.shadowbot.engine.schema.SqlSplitter.Statement;
import dev.shadowbot.engine.schema.StatementClassifier.Name;
import java.util.List;

/**
 * Finds what must be known of a CREATE TABLE before the server sees it: the table's name, and that
 * it is a plain definition (a column list; no LIKE, no rows copied by a query, no other schema).
 * Everything inside the column list and the table options is the server's to judge.
 */
final class CreateTableScan {
    private CreateTableScan() {
    }

    /** Scans the statement whose code has the table name (or IF NOT EXISTS) at {@code at}. */
    static StatementClassifier.Verdict scan(String file, Statement st, int at) {
        List<Code> code = st.code();
        int i = at;
        if (i + 2 < code.size() && code.get(i).is("IF") && code.get(i + 1).is("NOT") && code.get(i + 2).is("EXISTS")) {
            i += 3;
        }
        Name n = StatementClassifier.name(code, i);
        if (n == null || n.name().isEmpty()) {
            return StatementClassifier.refused("CREATE TABLE needs a table name", st);
        }
        if (n.schema() != null) {
            return StatementClassifier.refused("table `" + n.name() + "` names a schema (" + n.schema()
                    + "): leave it out, the folder maps to one database", st);
        }
        if (SchemaReader.isIgnored(n.name())) {
            return StatementClassifier.refused("table name `" + n.name() + "` is reserved for online schema change"
                    + " tools (_shadowbot_*, *_shadowbot_<n>_old/new/rev, _*_gho, _*_ghc, _*_new, _*_old, _*_del):"
                    + " choose another name", st);
        }
        i = n.next();
        if (i < code.size() && code.get(i).is("LIKE")
                || i + 1 < code.size() && code.get(i).isSymbol('(') && code.get(i + 1).is("LIKE")) {
            return StatementClassifier.refused("CREATE TABLE … LIKE copies another table's definition: write the"
                    + " columns of `" + n.name() + "` out", st);
        }
        if (i >= code.size() || !code.get(i).isSymbol('(')) {
            return StatementClassifier.refused("CREATE TABLE `" + n.name() + "` has no column list (… AS SELECT is"
                    + " not supported): write the columns", st);
        }
        int close = matchingParen(code, i);
        for (int k = close > 0 ? close + 1 : i; k < code.size(); k++) {
            String w = code.get(k).word();
            // VALUES LESS THAN / VALUES IN belong to partitioning; VALUES ROW(…) or VALUES (…) is a query.
            boolean values = w.equals("VALUES") && k + 1 < code.size()
                    && (code.get(k + 1).is("ROW") || code.get(k + 1).isSymbol('('));
            if (w.equals("SELECT") || values || w.equals("TABLE")) {
                // A query would copy rows into the workspace, and the server's errors about them could
                // show other tables' data in the plan: never sent.
                return StatementClassifier.refused("CREATE TABLE `" + n.name() + "` … " + w + " copies rows from a"
                        + " query: schema files define tables only; remove the query", st);
            }
        }
        java.util.Optional<String> outside = OutsideReferences.problem(code);
        if (outside.isPresent()) {
            return StatementClassifier.refused(outside.get(), st);
        }
        return new StatementClassifier.Table(new TableSource(n.name(), st.text(), file, st.line(), st.column()));
    }

    /** Index of the ')' closing the '(' at {@code open}, or -1 (the server reports the missing one). */
    private static int matchingParen(List<Code> code, int open) {
        int depth = 0;
        for (int k = open; k < code.size(); k++) {
            if (code.get(k).isSymbol('(')) {
                depth++;
            } else if (code.get(k).isSymbol(')') && --depth == 0) {
                return k;
            }
        }
        return -1;
    }
}
