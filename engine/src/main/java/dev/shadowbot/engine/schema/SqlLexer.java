package dev.shadowbot.engine.schema;

/**
 * Cuts SQL text into tokens the way the MySQL and MariaDB lexers do, as far as statement boundaries
 * and comments are concerned: quoted strings and names (with doubled quotes and backslash escapes),
 * {@code #}, {@code -- } and block comments, and executable comments ({@code /*!NNNNN … *}{@code /} and
 * MariaDB's {@code /*M!NNNNNN … *}{@code /}), whose contents the server runs. Every token knows its
 * offset, line and column. This is not a parser: what the tokens mean is left to the server.
 */
final class SqlLexer {
    /** Kinds of token. */
    enum Kind {
        /** A bare word: keyword, unquoted name or number. */
        WORD,
        /** A backtick-quoted name. */
        QUOTED_NAME,
        /** A single- or double-quoted string. */
        STRING,
        /** Any other character. */
        SYMBOL,
        SPACE,
        COMMENT,
        /** The opening of an executable comment; {@link Token#version()} says from which server version it runs. */
        EXEC_OPEN,
        /** The {@code *}{@code /} that closes an executable comment. */
        EXEC_CLOSE
    }

    /**
     * One token.
     *
     * @param version for EXEC_OPEN: the version number written after the {@code !} (0 when none), else 0
     */
    record Token(Kind kind, int start, int end, int line, int column, int version) {
    }

    /** Thrown for text no server would read as statements (an unterminated string, name or comment). */
    static final class SplitException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int line;
        final int column;

        SplitException(String message, int line, int column) {
            super(message);
            this.line = line;
            this.column = column;
        }

        static SplitException unterminated(String what, int line, int column) {
            return new SplitException("unterminated " + what, line, column);
        }
    }

    /**
     * Executable comments with a version at or above this are comments to every server: no MySQL or
     * MariaDB release reaches version 90. mariadb-dump writes {@code /*M!999999\- enable the sandbox
     * mode *}{@code /} as its first line, a command for the {@code mariadb} client only.
     */
    static final int NO_SERVER_VERSION = 900_000;

    private final String sql;
    private int pos;
    private int line = 1;
    private int column = 1;
    private boolean inExec;
    private int execLine;
    private int execColumn;

    SqlLexer(String sql) {
        this.sql = sql;
    }

    String source() {
        return sql;
    }

    int position() {
        return pos;
    }

    int line() {
        return line;
    }

    int column() {
        return column;
    }

    boolean atEnd() {
        return pos >= sql.length();
    }

    /** Whether the lexer is inside an executable comment (a delimiter there does not end the statement). */
    boolean inExecutableComment() {
        return inExec;
    }

    /** Throws if the text ended inside an executable comment. */
    void requireClosed() {
        if (inExec) {
            throw SplitException.unterminated("executable comment /*! … */", execLine, execColumn);
        }
    }

    /** The next token; call only when not {@link #atEnd()}. */
    Token next() {
        int start = pos;
        int l = line;
        int c = column;
        char ch = sql.charAt(pos);
        char next = pos + 1 < sql.length() ? sql.charAt(pos + 1) : '\0';
        Kind kind;
        int version = 0;
        if (Character.isWhitespace(ch)) {
            int e = pos;
            while (e < sql.length() && Character.isWhitespace(sql.charAt(e))) {
                e++;
            }
            advanceTo(e);
            kind = Kind.SPACE;
        } else if (ch == '#' || ch == '-' && next == '-' && (pos + 2 >= sql.length() || isDashCommentEnd(sql.charAt(pos + 2)))) {
            int e = sql.indexOf('\n', pos);
            advanceTo(e < 0 ? sql.length() : e);
            kind = Kind.COMMENT;
        } else if (ch == '/' && next == '*' && !inExec && isExecutableOpen(pos)) {
            int e = pos + (sql.charAt(pos + 2) == 'M' ? 4 : 3);
            int digits = 0;
            while (e + digits < sql.length() && digits < 6 && Character.isDigit(sql.charAt(e + digits))) {
                digits++;
            }
            if (digits == 5 || digits == 6) {
                version = Integer.parseInt(sql.substring(e, e + digits));
                e += digits;
            }
            if (version >= NO_SERVER_VERSION) {
                int close = sql.indexOf("*/", e);
                if (close < 0) {
                    throw SplitException.unterminated("comment", l, c);
                }
                advanceTo(close + 2);
                kind = Kind.COMMENT;
                version = 0;
            } else {
                advanceTo(e);
                inExec = true;
                execLine = l;
                execColumn = c;
                kind = Kind.EXEC_OPEN;
            }
        } else if (ch == '/' && next == '*') {
            int close = sql.indexOf("*/", pos + 2);
            if (close < 0) {
                throw SplitException.unterminated("comment", l, c);
            }
            advanceTo(close + 2);
            kind = Kind.COMMENT;
        } else if (ch == '*' && next == '/' && inExec) {
            advanceTo(pos + 2);
            inExec = false;
            kind = Kind.EXEC_CLOSE;
        } else if (ch == '\'' || ch == '"' || ch == '`') {
            int e = endOfQuoted(pos, ch);
            if (e < 0) {
                throw SplitException.unterminated(ch == '`' ? "quoted name" : "string", l, c);
            }
            advanceTo(e);
            kind = ch == '`' ? Kind.QUOTED_NAME : Kind.STRING;
        } else if (isWordChar(ch)) {
            int e = pos;
            while (e < sql.length() && isWordChar(sql.charAt(e))) {
                e++;
            }
            advanceTo(e);
            kind = Kind.WORD;
        } else {
            advanceTo(pos + 1);
            kind = Kind.SYMBOL;
        }
        return new Token(kind, start, pos, l, c, version);
    }

    /** Moves over {@code n} characters that are not a token (a delimiter, a client command). */
    void skip(int n) {
        advanceTo(Math.min(sql.length(), pos + n));
    }

    private boolean isExecutableOpen(int at) {
        return at + 2 < sql.length() && (sql.charAt(at + 2) == '!'
                || sql.charAt(at + 2) == 'M' && at + 3 < sql.length() && sql.charAt(at + 3) == '!');
    }

    /** MySQL starts a {@code --} comment only when a space or control character follows. */
    private static boolean isDashCommentEnd(char c) {
        return c <= ' ';
    }

    static boolean isWordChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$' || c >= 0x80;
    }

    private int endOfQuoted(int from, char quote) {
        int n = sql.length();
        int i = from + 1;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\\' && quote != '`') {
                i += 2;
                continue;
            }
            if (c == quote) {
                if (i + 1 < n && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return -1;
    }

    private void advanceTo(int end) {
        for (int k = pos; k < end; k++) {
            if (sql.charAt(k) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        pos = end;
    }
}
