package dev.shadowbot.bot.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The fake pages lists as GitHub does (30 per page, Link header); the adapter reads every page. */
@Timeout(60)
class PaginationTest {
    @TempDir
    Path tmp;
    FakeGitHub gh;
    RepoApi repo;

    @BeforeEach
    void setUp() throws Exception {
        gh = new FakeGitHub();
        repo = gh.api(tmp, "acme/shop");
    }

    @AfterEach
    void tearDown() {
        gh.close();
    }

    @Test
    void commentsReviewsAndFilesAreReadAcrossPages() throws Exception {
        FakeRepo fake = gh.repo("acme/shop").commit("main", Map.of());
        List<String> files = IntStream.range(0, 35).mapToObj(i -> "db/t" + i + ".sql").toList();
        fake.pullRequest(7, "alice", "a".repeat(40), files);
        for (int i = 0; i < 75; i++) {
            fake.userComment(5000 + i, 7, "user" + i, "comment " + i);
        }
        for (int i = 0; i < 31; i++) {
            fake.review(7, "reviewer" + i, "COMMENTED", "a".repeat(40));
        }
        assertEquals(75, repo.comments(7).size());
        assertEquals("comment 74", repo.comments(7).get(74).body());
        assertEquals(31, repo.reviews(7).size());
        assertEquals(files, repo.changedFiles(7));
        assertTrue(gh.calls().stream().anyMatch(c -> c.path().endsWith("/issues/7/comments")), gh.calls().toString());
        assertTrue(gh.count("GET", ".*/issues/7/comments") >= 3, "three pages of comments: " + gh.calls());
    }
}
