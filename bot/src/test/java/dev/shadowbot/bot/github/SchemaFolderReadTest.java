package dev.shadowbot.bot.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema folders through github-api against the fake's GitHub limits: more than the contents API's
 * 1,000 entries per directory, files over 1 MB, truncated trees, symbolic links, blobs too large.
 * Anything the bot cannot read completely throws {@link UnreadableSchemaFile} naming the file.
 */
@Timeout(120)
class SchemaFolderReadTest {
    static final String SHA = "c".repeat(40);

    @TempDir
    Path tmp;
    FakeGitHub gh;
    RepoApi repo;
    FakeRepo fake;

    @BeforeEach
    void setUp() throws Exception {
        gh = new FakeGitHub();
        repo = gh.api(tmp, "acme/shop");
        fake = gh.repo("acme/shop");
    }

    @AfterEach
    void tearDown() {
        gh.close();
    }

    @Test
    void aFolderOfMoreThanAThousandFilesIsReadCompletely() throws Exception {
        Map<String, String> tree = new HashMap<>();
        for (int i = 0; i < 1005; i++) {
            tree.put(String.format("db/t%04d.sql", i), "CREATE TABLE t" + i + " (id INT PRIMARY KEY);\n");
        }
        fake.commit(SHA, tree);
        Map<String, String> files = repo.files("db", ".sql", SHA);
        assertEquals(1005, files.size(), "the contents API would have listed 1,000");
        assertEquals("CREATE TABLE t1004 (id INT PRIMARY KEY);\n", files.get("t1004.sql"));
        assertEquals(1, gh.count("GET", ".*/git/trees/" + SHA), "one recursive tree listing");
        assertEquals(0, gh.count("GET", ".*/contents/db.*"), "the contents API is not used for folders");
    }

    @Test
    void aFileOverOneMegabyteIsReadThroughTheBlobsApi() throws Exception {
        String big = "-- padding\n".repeat(120_000) + "CREATE TABLE big (id INT PRIMARY KEY);\n";
        assertTrue(big.length() > 1024 * 1024);
        fake.commit(SHA, Map.of("db/big.sql", big, ".github/big.yml", "# " + "x".repeat(1_200_000) + "\n"));
        assertEquals(Map.of("big.sql", big), repo.files("db", ".sql", SHA));
        // The contents API answers this file with "encoding": "none"; file() falls back to the blob.
        assertEquals(1_200_003, repo.file(".github/big.yml", SHA).orElseThrow().length());
    }

    @Test
    void aTruncatedTreeFailsClosed() throws Exception {
        fake.commit(SHA, Map.of("db/a.sql", "CREATE TABLE a (id INT PRIMARY KEY);\n",
                "db/b.sql", "CREATE TABLE b (id INT PRIMARY KEY);\n")).treeEntryLimit(2);
        UnreadableSchemaFile e = assertThrows(UnreadableSchemaFile.class, () -> repo.files("db", ".sql", SHA));
        assertEquals("db", e.path());
        assertTrue(e.reason().contains("truncated"), e.reason());
    }

    @Test
    void aSymbolicLinkOrABlobTooLargeFailsClosedNamingTheFile() throws Exception {
        fake.commit(SHA, Map.of("db/a.sql", "CREATE TABLE a (id INT PRIMARY KEY);\n", "db/link.sql", "../secret.sql"))
                .symlink("db/link.sql");
        UnreadableSchemaFile link = assertThrows(UnreadableSchemaFile.class, () -> repo.files("db", ".sql", SHA));
        assertEquals("db/link.sql", link.path());
        assertTrue(link.reason().contains("symbolic link"), link.reason());

        String other = "d".repeat(40);
        fake.commit(other, Map.of("db/a.sql", "CREATE TABLE a (id INT PRIMARY KEY);\n",
                "db/huge.sql", "-- " + "y".repeat(5000) + "\n")).blobByteLimit(1000);
        UnreadableSchemaFile huge = assertThrows(UnreadableSchemaFile.class, () -> repo.files("db", ".sql", other));
        assertEquals("db/huge.sql", huge.path());
        assertTrue(huge.reason().contains("HTTP 403"), huge.reason());
    }

    @Test
    void aCommitThatIsGoneReadsAsNoFiles() throws Exception {
        assertEquals(Map.of(), repo.files("db", ".sql", "e".repeat(40)));
        assertEquals(Optional.empty(), repo.file("db/a.sql", "e".repeat(40)));
    }
}
