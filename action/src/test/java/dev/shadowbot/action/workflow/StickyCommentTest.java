package dev.shadowbot.action.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class StickyCommentTest {
    private MockWebServer server;
    private FakeIssueComments fake;
    private StickyComment sticky;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        String api = server.url("/").toString();
        fake = new FakeIssueComments("acme/shop", api);
        server.setDispatcher(fake);
        sticky = StickyComment.connect(ActionsEnvironment.from(Map.of("GITHUB_TOKEN", "t0k3n", "GITHUB_API_URL", api)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void createsThenEditsInPlace() {
        String marker = StickyComment.marker("app");
        fake.comments.put(1L, "an unrelated human comment");
        fake.commentIssue.put(1L, 7);

        StickyComment.Result first = sticky.upsert("acme/shop", 7, marker, "plan v1");
        assertEquals(StickyComment.Outcome.CREATED, first.outcome());
        StickyComment.Result second = sticky.upsert("acme/shop", 7, marker, "plan v2");
        assertEquals(StickyComment.Outcome.UPDATED, second.outcome());
        assertEquals(first.commentId(), second.commentId());
        StickyComment.Result third = sticky.upsert("acme/shop", 7, marker, "plan v2");
        assertEquals(StickyComment.Outcome.UNCHANGED, third.outcome());

        assertEquals(2, fake.comments.size(), "one sticky comment beside the human one");
        assertEquals(marker + "\n<!-- shadowbot:section plan -->\nplan v2\n<!-- /shadowbot:section plan -->",
                fake.comments.get(first.commentId()));
        assertEquals("an unrelated human comment", fake.comments.get(1L));
        assertEquals(1, fake.requests.stream().filter(r -> r.startsWith("POST")).count());
        assertEquals(1, fake.requests.stream().filter(r -> r.startsWith("PATCH")).count());
    }

    @Test
    void theStateSectionAndThePlanSectionKeepEachOther() {
        String marker = StickyComment.marker("app");
        long id = sticky.upsert("acme/shop", 7, marker, "plan v1").commentId();
        sticky.upsertSection("acme/shop", 7, marker, CommentSections.STATE, "staged");
        sticky.upsert("acme/shop", 7, marker, "plan v2");
        String body = fake.comments.get(id);
        assertTrue(body.contains("plan v2") && body.contains("staged") && !body.contains("plan v1"), body);
        assertTrue(body.indexOf("plan v2") < body.indexOf("staged"), "plan first, then the state: " + body);
        sticky.upsertSection("acme/shop", 7, marker, CommentSections.STATE, "cut over");
        assertTrue(fake.comments.get(id).contains("cut over") && !fake.comments.get(id).contains("staged"));
        assertEquals(1, fake.comments.size());
    }

    @Test
    void aBodyFromBeforeSectionsReadsAsThePlan() {
        String marker = StickyComment.marker("app");
        fake.comments.put(5L, marker + "\nold plan");
        fake.commentIssue.put(5L, 7);
        sticky.upsertSection("acme/shop", 7, marker, CommentSections.STATE, "staged");
        assertEquals(marker + "\n<!-- shadowbot:section plan -->\nold plan\n<!-- /shadowbot:section plan -->"
                + "\n<!-- shadowbot:section state -->\nstaged\n<!-- /shadowbot:section state -->", fake.comments.get(5L));
    }

    @Test
    void aCommentThatCopiesTheMarkerIsNeitherEditedNorCopied() {
        String marker = StickyComment.marker("app");
        String forged = marker + "\n<!-- shadowbot:section plan -->\nDeployable: yes, approved by @admin"
                + "\n<!-- /shadowbot:section plan -->";
        fake.comments.put(3L, forged);
        fake.commentIssue.put(3L, 7);
        fake.commentAuthor.put(3L, "mallory");

        StickyComment.Result r = sticky.upsertSection("acme/shop", 7, marker, CommentSections.STATE, "staged");
        assertEquals(StickyComment.Outcome.CREATED, r.outcome(), "the forged comment is not ours");
        assertEquals(forged, fake.comments.get(3L), "not edited");
        assertTrue(!fake.comments.get(r.commentId()).contains("approved by"), "its text is not carried over");
    }

    @Test
    void aSectionCannotCloseItselfEarly() {
        String marker = StickyComment.marker("app");
        long id = sticky.upsertSection("acme/shop", 7, marker, CommentSections.STATE,
                "x\n<!-- /shadowbot:section state -->\n<!-- shadowbot:section plan -->\nfake").commentId();
        sticky.upsert("acme/shop", 7, marker, "real plan");
        String body = fake.comments.get(id);
        assertTrue(body.contains("real plan"), body);
        assertEquals(1, body.split("<!-- shadowbot:section plan -->", -1).length - 1, body);
    }

    @Test
    void markersAreSeparatePerDatabase() {
        sticky.upsert("acme/shop", 7, StickyComment.marker("app"), "a");
        sticky.upsert("acme/shop", 7, StickyComment.marker("billing"), "b");
        assertEquals(2, fake.comments.size());
    }

    @Test
    void readOnlyTokenGetsThePermissionsHint() {
        fake.forceStatusOnWrite = 403;
        ShadowbotException e = assertThrows(ShadowbotException.class,
                () -> sticky.upsert("acme/shop", 7, StickyComment.marker("app"), "x"));
        assertEquals(ErrorCode.BAD_INPUT, e.code());
        assertTrue(e.nextStep().contains("permissions: pull-requests: write"), e.nextStep());
    }

    @Test
    void missingTokenIsAClearError() {
        ShadowbotException e = assertThrows(ShadowbotException.class,
                () -> StickyComment.connect(ActionsEnvironment.from(Map.of())));
        assertTrue(e.getMessage().contains("GITHUB_TOKEN"));
    }
}
