package dev.shadowbot.engine.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a SQL file into statements the way the {@code mysql}/{@code mariadb} client does: at the
 * current delimiter ({@code ;} until a {@code DELIMITER} line changes it), never inside a string, a
 * quoted name, a comment or an executable comment (see {@link SqlLexer}). Each statement keeps its
 * text exactly as written and where it starts, so that the server's verdict on it can be reported
 * at file:line:column.
 */
final class SqlSplitter {
    private SqlSplitter() {
    }

    /**
     * One statement.
     *
     * @param text   the statement as written, from its first significant character up to (without) the
     *               delimiter, trailing whitespace removed
     * @param line   1-based line of the first significant character
     * @param column 1-based column of the first significant character
     * @param code   what the server reads: the words, names, strings and symbols outside comments,
     *               including the contents of executable comments (their markers left out)
     */
    record Statement(String text, int line, int column, List<Code> code) {
        Statement {
            code = List.copyOf(code);
        }

        /** The code as one line of text, tokens separated by single spaces (for messages). */
        String codeText() {
            StringBuilder b = new StringBuilder();
            for (Code c : code) {
                if (!b.isEmpty()) {
                    b.append(' ');
                }
                b.append(c.text());
            }
            return b.toString();
        }
    }

    /** One token of a statement's code, with its position in the file. */
    record Code(SqlLexer.Kind kind, String text, int line, int column) {
        /** True for a bare word equal, ignoring case, to {@code word}. */
        boolean is(String word) {
            return kind == SqlLexer.Kind.WORD && text.equalsIgnoreCase(word);
        }

        boolean isSymbol(char c) {
            return kind == SqlLexer.Kind.SYMBOL && text.charAt(0) == c;
        }

        /** The upper-cased word, or "" for anything else. */
        String word() {
            return kind == SqlLexer.Kind.WORD ? text.toUpperCase(Locale.ROOT) : "";
        }
    }

    /** Splits {@code sql}; throws {@link SqlLexer.SplitException} for unterminated quotes and comments. */
    static List<Statement> split(String sql) {
        List<Statement> out = new ArrayList<>();
        SqlLexer lexer = new SqlLexer(sql);
        String delimiter = ";";
        int start = -1;
        int startLine = 0;
        int startColumn = 0;
        List<Code> code = new ArrayList<>();
        while (!lexer.atEnd()) {
            if (start < 0 && !lexer.inExecutableComment()) {
                DelimiterCommand command = delimiterCommand(sql, lexer.position());
                if (command != null) {
                    lexer.skip(command.wordAt() - lexer.position());
                    if (command.delimiter().isEmpty()) {
                        throw new SqlLexer.SplitException("DELIMITER needs the new delimiter, e.g. DELIMITER ;;",
                                lexer.line(), lexer.column());
                    }
                    lexer.skip(command.end() - lexer.position());
                    delimiter = command.delimiter();
                    continue;
                }
            }
            if (!lexer.inExecutableComment() && sql.startsWith(delimiter, lexer.position())) {
                if (start >= 0) {
                    out.add(new Statement(sql.substring(start, lexer.position()).stripTrailing(), startLine, startColumn,
                            code));
                }
                lexer.skip(delimiter.length());
                start = -1;
                code = new ArrayList<>();
                continue;
            }
            SqlLexer.Token t = lexer.next();
            if (t.kind() == SqlLexer.Kind.SPACE || t.kind() == SqlLexer.Kind.COMMENT) {
                continue;
            }
            if (start < 0) {
                start = t.start();
                startLine = t.line();
                startColumn = t.column();
            }
            if (t.kind() != SqlLexer.Kind.EXEC_OPEN && t.kind() != SqlLexer.Kind.EXEC_CLOSE) {
                code.add(new Code(t.kind(), sql.substring(t.start(), t.end()), t.line(), t.column()));
            }
        }
        lexer.requireClosed();
        if (start >= 0) {
            out.add(new Statement(sql.substring(start).stripTrailing(), startLine, startColumn, code));
        }
        return out;
    }

    /** A {@code DELIMITER x} client command: where its word starts, the new delimiter ("" if none), its end. */
    private record DelimiterCommand(int wordAt, String delimiter, int end) {
    }

    /** The {@code DELIMITER} command starting at {@code at} (after blanks), or null when there is none. */
    private static DelimiterCommand delimiterCommand(String sql, int at) {
        int i = at;
        while (i < sql.length() && (sql.charAt(i) == ' ' || sql.charAt(i) == '\t' || sql.charAt(i) == '\r'
                || sql.charAt(i) == '\n')) {
            i++;
        }
        String word = "delimiter";
        if (!sql.regionMatches(true, i, word, 0, word.length())) {
            return null;
        }
        int wordAt = i;
        i += word.length();
        int eol = sql.indexOf('\n', i);
        eol = eol < 0 ? sql.length() : eol;
        if (i < sql.length() && sql.charAt(i) != ' ' && sql.charAt(i) != '\t' && i != eol && sql.charAt(i) != '\r') {
            return null;
        }
        String rest = sql.substring(i, eol).trim();
        int space = 0;
        while (space < rest.length() && !Character.isWhitespace(rest.charAt(space))) {
            space++;
        }
        return new DelimiterCommand(wordAt, rest.substring(0, space), eol);
    }
}
