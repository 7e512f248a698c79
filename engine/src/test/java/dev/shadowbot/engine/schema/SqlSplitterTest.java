package dev.shadowbot.engine.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlSplitterTest {

    private static List<String> texts(String sql) {
        return SqlSplitter.split(sql).stream().map(SqlSplitter.Statement::text).toList();
    }

    private static List<String> code(String sql) {
        return SqlSplitter.split(sql).stream().map(SqlSplitter.Statement::codeText).toList();
    }

    @Test
    void semicolonsInsideQuotesNamesAndCommentsDoNotEndAStatement() {
        String sql = "CREATE TABLE `a;b` (c varchar(3) DEFAULT ';' COMMENT \"x;\" /* ; */ -- ;\n # ;\n);SET x=1";
        assertEquals(List.of("CREATE TABLE `a;b` (c varchar(3) DEFAULT ';' COMMENT \"x;\" /* ; */ -- ;\n # ;\n)",
                "SET x=1"), texts(sql));
    }

    @Test
    void aDoubleDashWithoutASpaceIsNotAComment() {
        // MySQL: "--" starts a comment only before a space or control character; 1--1 is arithmetic.
        assertEquals(List.of("SELECT 1 - - 1", "SET y = 2"), code("SELECT 1--1;\nSET y = 2"));
    }

    @Test
    void escapedAndDoubledQuotesStayInsideTheString() {
        assertEquals(List.of("a 'it''s; \\'x;'", "b"), code("a 'it''s; \\'x;';b"));
    }

    @Test
    void executableCommentsAreCodeAndTheirMarkersAreNot() {
        SqlSplitter.Statement st = SqlSplitter.split(
                "/*!40101 SET @saved = @@character_set_client */;\n"
                        + "CREATE TABLE t (id int) /*!50100 PARTITION BY HASH (id) */").get(1);
        assertEquals("CREATE TABLE t ( id int ) PARTITION BY HASH ( id )", st.codeText());
        assertEquals("SET @ saved = @ @ character_set_client", SqlSplitter.split("/*!40101 SET @saved = @@character_set_client */").get(0).codeText());
        assertEquals("ALTER x", code("/*M!100100 ALTER x */").get(0));
    }

    @Test
    void aSemicolonInsideAnExecutableCommentDoesNotSplit() {
        assertEquals(List.of("/*!50003 CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW SET @x = 1; */"),
                texts("/*!50003 CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW SET @x = 1; */;"));
    }

    @Test
    void mariadbDumpsSandboxLineIsACommentToEveryServer() {
        List<SqlSplitter.Statement> st = SqlSplitter.split("/*M!999999\\- enable the sandbox mode */\nSET NAMES utf8mb4;");
        assertEquals(List.of("SET NAMES utf8mb4"), st.stream().map(SqlSplitter.Statement::text).toList());
        assertEquals(2, st.get(0).line());
    }

    @Test
    void delimiterChangesWhereStatementsEndUntilItIsSetBack() {
        String sql = """
                DELIMITER ;;
                CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN SET @a = 1; SET @b = 2; END ;;
                delimiter ;
                CREATE TABLE t (id int);
                DELIMITER //
                SET @c = 3//
                """;
        List<SqlSplitter.Statement> st = SqlSplitter.split(sql);
        assertEquals(List.of("CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN SET @a = 1; SET @b = 2; END",
                "CREATE TABLE t (id int)", "SET @c = 3"), st.stream().map(SqlSplitter.Statement::text).toList());
        assertEquals(List.of(2, 4, 6), st.stream().map(SqlSplitter.Statement::line).toList());
    }

    @Test
    void statementsKnowTheLineAndColumnOfTheirFirstSignificantCharacter() {
        List<SqlSplitter.Statement> st = SqlSplitter.split("-- head\n  /* c */ SET a=1;\n\n\tSET b=2;");
        assertEquals(List.of(2, 4), st.stream().map(SqlSplitter.Statement::line).toList());
        assertEquals(List.of(11, 2), st.stream().map(SqlSplitter.Statement::column).toList());
    }

    @Test
    void unterminatedThingsAreReportedWhereTheyStart() {
        SqlLexer.SplitException e = assertThrows(SqlLexer.SplitException.class,
                () -> SqlSplitter.split("SET a=1;\n  /*!40101 SET b=2 ;"));
        assertEquals("unterminated executable comment /*! … */", e.getMessage());
        assertEquals(2, e.line);
        assertEquals(3, e.column);
        e = assertThrows(SqlLexer.SplitException.class, () -> SqlSplitter.split("x `name"));
        assertEquals("unterminated quoted name", e.getMessage());
        assertEquals(3, e.column);
        e = assertThrows(SqlLexer.SplitException.class, () -> SqlSplitter.split("DELIMITER\nSET a=1;"));
        assertEquals(1, e.line);
    }
}
