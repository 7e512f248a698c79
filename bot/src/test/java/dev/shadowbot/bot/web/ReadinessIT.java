package dev.shadowbot.bot.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowbot.bot.deploy.PlanningService;
import dev.shadowbot.bot.store.StateStore;
import dev.shadowbot.bot.testing.BotHarness;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code GET /readyz} against a real state database and the fake GitHub, and with each of them down. */
@RealDatabase
@Timeout(120)
class ReadinessIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PlanningService NO_PLANNING = (db, url, files, lint) -> {
        throw new AssertionError("no planning in this test");
    };

    @Test
    void readyWhenStateDatabaseAndGitHubAnswer(TestDb state) throws Exception {
        try (BotHarness bot = BotHarness.start(state.url(), Map.of(), NO_PLANNING, 3)) {
            HttpResponse<String> r = bot.get("/readyz");
            assertEquals(200, r.statusCode(), r.body());
            JsonNode body = JSON.readTree(r.body());
            assertEquals("ok", body.path("checks").path("state_database").asText());
            assertEquals("ok", body.path("checks").path("github").asText());
            assertEquals(1, bot.github.count("GET", "/rate_limit"), "GitHub asked once");
            assertEquals(200, bot.get("/readyz").statusCode());
            assertEquals(1, bot.github.count("GET", "/rate_limit"), "the second probe used the cached answer");
            assertEquals("ok", bot.get("/healthz").body());
        }
    }

    @Test
    void notReadyWhenTheStateDatabaseIsGone(TestDb state) throws Exception {
        try (BotHarness bot = BotHarness.start(state.url(), Map.of(), NO_PLANNING, 3)) {
            bot.bot.store().close();
            HttpResponse<String> r = bot.get("/readyz");
            assertEquals(503, r.statusCode(), r.body());
            JsonNode body = JSON.readTree(r.body());
            assertEquals("not ready", body.path("status").asText());
            assertTrue(body.path("checks").path("state_database").asText().startsWith("down: "), r.body());
            assertEquals("ok", body.path("checks").path("github").asText());
            assertEquals(200, bot.get("/healthz").statusCode(), "alive, just not ready");
        }
    }

    @Test
    void notReadyWhenGitHubCannotBeReachedCachedForAFewSeconds(TestDb state) throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        AtomicLong clock = new AtomicLong();
        try (StateStore store = StateStore.open(state.url(), 2);
             Readiness readiness = new Readiness(store.health()::ping, "http://127.0.0.1:" + deadPort, clock::get)) {
            Readiness.Report down = readiness.report();
            assertFalse(down.ready());
            assertEquals("ok", down.checks().get("state_database"));
            assertTrue(down.checks().get("github").startsWith("down: cannot reach 127.0.0.1"), down.toString());

            clock.addAndGet(Readiness.CACHE_FOR.toNanos() - 1);
            assertEquals(down, readiness.report(), "cached");
            store.close();
            clock.addAndGet(2);
            Readiness.Report bothDown = readiness.report();
            assertTrue(bothDown.checks().get("state_database").startsWith("down: "), bothDown.toString());
        }
    }
}
