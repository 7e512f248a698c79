package dev.shadowbot.engine.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits the server's own {@code SHOW CREATE TABLE} text into its parts. This is not a SQL parser:
 * it relies on the regular shape the server prints (one definition per line, two-space indent,
 * backtick-quoted names), which is the same for MySQL 8 and MariaDB 10.11/11.x.
 */
final class ShowCreateParser {
    private static final Pattern AUTO_INCREMENT = Pattern.compile(" AUTO_INCREMENT=\\d+");
    private static final Pattern OPTION = Pattern.compile(
            "(DEFAULT CHARSET|DEFAULT CHARACTER SET|CHARACTER SET|DEFAULT COLLATE|[A-Z_]+)=('(?:[^'\\\\]|''|\\\\.)*'|\\S+)");
    private static final Pattern NAME = Pattern.compile("^`((?:[^`]|``)*)`");
    private static final Pattern FK = Pattern.compile(
            "^CONSTRAINT `((?:[^`]|``)*)` FOREIGN KEY \\((.*?)\\) REFERENCES (`(?:[^`]|``)*`(?:\\.`(?:[^`]|``)*`)?) \\((.*?)\\)"
                    + "(?: ON DELETE (RESTRICT|CASCADE|SET NULL|NO ACTION|SET DEFAULT))?"
                    + "(?: ON UPDATE (RESTRICT|CASCADE|SET NULL|NO ACTION|SET DEFAULT))?");
    private static final Pattern CHECK = Pattern.compile("^CONSTRAINT `((?:[^`]|``)*)` CHECK \\((.*)\\)");

    private ShowCreateParser() {
    }

    /** The parts of one SHOW CREATE TABLE text. */
    record Parts(String canonical, List<String> columns, List<String> indexes, List<String> foreignKeys,
                 List<String> checks, String optionsText, Map<String, String> options, String partitioning) {
    }

    static Parts parse(String showCreate) {
        int open = showCreate.indexOf("(\n");
        int close = showCreate.lastIndexOf("\n)");
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("unexpected SHOW CREATE TABLE shape: " + firstLine(showCreate));
        }
        String body = showCreate.substring(open + 2, close);
        String tail = showCreate.substring(close + 2);
        String optionsLine = tail;
        String partitioning = null;
        int nl = tail.indexOf('\n');
        if (nl >= 0) {
            optionsLine = tail.substring(0, nl);
            partitioning = tail.substring(nl + 1).trim();
        }
        int inlinePartition = optionsLine.indexOf(" PARTITION BY ");
        if (inlinePartition >= 0) {
            partitioning = optionsLine.substring(inlinePartition + 1) + (partitioning == null ? "" : "\n" + partitioning);
            optionsLine = optionsLine.substring(0, inlinePartition);
        }
        if (partitioning != null) {
            partitioning = unwrapConditional(partitioning);
        }
        String cleanOptions = AUTO_INCREMENT.matcher(optionsLine).replaceFirst("");
        String canonical = showCreate.substring(0, close + 2) + cleanOptions
                + (nl >= 0 ? tail.substring(nl) : "");
        List<String> columns = new ArrayList<>();
        List<String> indexes = new ArrayList<>();
        List<String> fks = new ArrayList<>();
        List<String> checks = new ArrayList<>();
        for (String def : splitDefinitions(body)) {
            if (def.startsWith("`")) {
                columns.add(def);
            } else if (def.startsWith("CONSTRAINT ") && FK.matcher(def).find()) {
                fks.add(def);
            } else if (def.startsWith("CONSTRAINT ")) {
                checks.add(def);
            } else {
                indexes.add(def);
            }
        }
        Map<String, String> options = new LinkedHashMap<>();
        Matcher m = OPTION.matcher(cleanOptions);
        while (m.find()) {
            options.put(m.group(1), m.group(2));
        }
        return new Parts(canonical, columns, indexes, fks, checks, cleanOptions.trim(), options, partitioning);
    }

    /** MySQL wraps partitioning in {@code /*!50100 … *}{@code /}; the clause itself is what ALTER needs. */
    static String unwrapConditional(String text) {
        String t = text.trim();
        if (t.startsWith("/*!") && t.endsWith("*/")) {
            int space = t.indexOf(' ');
            return t.substring(space + 1, t.length() - 2).trim();
        }
        return t;
    }

    /** Splits the column list at top-level commas that end a line. */
    static List<String> splitDefinitions(String body) {
        char[] masked = SqlMasks.mask(body);
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < masked.length; i++) {
            char c = masked[i];
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0 && i + 1 < masked.length && masked[i + 1] == '\n') {
                out.add(body.substring(start, i).trim());
                start = i + 2;
            }
        }
        String last = body.substring(start).trim();
        if (!last.isEmpty()) {
            out.add(last);
        }
        return out;
    }

    /** The backtick-quoted name at the start of a definition. */
    static String leadingName(String def) {
        Matcher m = NAME.matcher(def);
        if (!m.find()) {
            throw new IllegalArgumentException("no name at start of: " + def);
        }
        return m.group(1).replace("``", "`");
    }

    /** Name of an index definition: {@code PRIMARY} or the quoted name after KEY. */
    static String indexName(String def) {
        if (def.startsWith("PRIMARY KEY")) {
            return "PRIMARY";
        }
        int tick = def.indexOf('`');
        return leadingName(def.substring(tick));
    }

    static IndexModel.Kind indexKind(String def) {
        if (def.startsWith("PRIMARY KEY")) {
            return IndexModel.Kind.PRIMARY;
        } else if (def.startsWith("UNIQUE")) {
            return IndexModel.Kind.UNIQUE;
        } else if (def.startsWith("FULLTEXT")) {
            return IndexModel.Kind.FULLTEXT;
        } else if (def.startsWith("SPATIAL")) {
            return IndexModel.Kind.SPATIAL;
        }
        return IndexModel.Kind.INDEX;
    }

    static ForeignKeyModel foreignKey(String def) {
        Matcher m = FK.matcher(def);
        if (!m.find()) {
            throw new IllegalArgumentException("unexpected foreign key: " + def);
        }
        String ref = m.group(3);
        String refSchema = null;
        String refTable;
        int dot = ref.indexOf("`.`");
        if (dot >= 0) {
            refSchema = leadingName(ref);
            refTable = leadingName(ref.substring(dot + 2));
        } else {
            refTable = leadingName(ref);
        }
        return new ForeignKeyModel(m.group(1).replace("``", "`"), names(m.group(2)), refSchema, refTable,
                names(m.group(4)), m.group(5), m.group(6), def);
    }

    static CheckModel check(String def) {
        Matcher m = CHECK.matcher(def);
        if (!m.find()) {
            throw new IllegalArgumentException("unexpected constraint: " + def);
        }
        return new CheckModel(m.group(1).replace("``", "`"), m.group(2), def);
    }

    private static List<String> names(String list) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("`((?:[^`]|``)*)`").matcher(list);
        while (m.find()) {
            out.add(m.group(1).replace("``", "`"));
        }
        return out;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
