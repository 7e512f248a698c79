package dev.shadowbot.bot.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shadowbot.bot.config.OpsSettings;
import dev.shadowbot.bot.deploy.PlanningService;
import dev.shadowbot.bot.store.DeployProgress;
import dev.shadowbot.bot.store.DeployRequestState;
import dev.shadowbot.bot.store.PullRequests.PrHandle;
import dev.shadowbot.bot.store.StateStore;
import dev.shadowbot.bot.testing.BotHarness;
import dev.shadowbot.engine.store.DeployStatus;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.io.File;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The status page of the real bot on loopback, with a real state database holding a staged and a
 * reverting deploy request: fetched over HTTP and rendered by headless Chromium (Debian's package),
 * whose screenshot is kept in {@code bot/target/status-page.png}.
 */
@RealDatabase
@Timeout(120)
class StatusPageBrowserIT {
    static final String TOKEN = "status-token-0123456789abcdef";
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final PlanningService NO_PLANNING = (db, url, files, lint) -> {
        throw new AssertionError("no planning in this test");
    };

    @Test
    void showsAStagedAndARevertingDeployRequest(TestDb state) throws Exception {
        try (BotHarness bot = BotHarness.start(state.url(), Map.of(), NO_PLANNING, 3,
                new OpsSettings(true, Optional.of(TOKEN)))) {
            long now = System.currentTimeMillis();
            StateStore store = bot.bot.store();
            long staged = deployRequest(store, "acme/shop", 12, "app", "add column orders.note");
            long reverting = deployRequest(store, "acme/shop", 15, "analytics", "index events.kind <script>x</script>");
            long waiting = deployRequest(store, "acme/shop", 17, "app", "drop column orders.legacy");
            store.progress().record(staged, new DeployProgress.Progress(DeployStatus.STAGED, now - 60_000, 7_500,
                    10_000, 1_200L, null, null, null, null));
            store.progress().record(reverting, new DeployProgress.Progress(DeployStatus.REVERTING, now - 900_000,
                    40_000, 40_000, null, 180L, now + 12 * 60_000, false,
                    "events row id=7: kind 'x' is longer than the old VARCHAR(10)"));
            store.progress().record(waiting, new DeployProgress.Progress(DeployStatus.QUEUED, now - 5_000, 0, 0,
                    null, null, null, null, null));

            assertEquals(401, bot.get("/").statusCode(), "no token");
            assertEquals(401, bot.get("/?token=wrong-token-0123456789").statusCode(), "wrong token");
            HttpResponse<String> page = bot.get("/", "Authorization", "Bearer " + TOKEN);
            assertEquals(200, page.statusCode());
            assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"));
            String html = page.body();
            assertRow(html, staged, "staged");
            assertRow(html, reverting, "reverting");
            assertTrue(html.contains("<progress max=\"100\" value=\"75\">"), "staged copy at 75 %");
            assertTrue(html.contains("/acme/shop/pull/12\"") && html.contains("/acme/shop/pull/15\""), "PR links");
            assertTrue(html.contains("left</strong>"), "revert window countdown");
            assertTrue(html.contains("longer than the old VARCHAR(10)"), "why it is not revertible");
            assertTrue(html.contains("&lt;script&gt;") && !html.contains("<script>x"), "escaped");
            assertTrue(html.contains("1. <a href=") && html.contains("#17"), "the queue of app shows #17 waiting");
            assertFalse(html.contains("id=\"trial-mode\""), "not in trial mode");
            assertEquals(200, bot.get("/?token=" + TOKEN).statusCode(), "token in the query works too");

            if (!chromiumAvailable()) {
                return;
            }
            Path out = Path.of("target").toAbsolutePath();
            Files.createDirectories(out);
            Path shot = out.resolve("status-page.png");
            Files.deleteIfExists(shot);
            String url = bot.uri("/?token=" + TOKEN).toString();
            chromium(out, List.of("--screenshot=" + shot, "--window-size=1200,900", url));
            assertTrue(Files.size(shot) > 20_000, "a real rendering, not a blank page: " + Files.size(shot) + " bytes");
            byte[] png = Files.readAllBytes(shot);
            assertEquals("PNG", new String(png, 1, 3, StandardCharsets.US_ASCII));
            String dom = chromium(out, List.of("--dump-dom", url));
            assertRow(dom, staged, "staged");
            assertRow(dom, reverting, "reverting");
        }
    }

    private static void assertRow(String html, long id, String state) {
        assertTrue(html.contains("<tr id=\"dr-" + id + "\" data-state=\"" + state + "\">"),
                "deploy request " + id + " shown as " + state + " in:\n" + html);
    }

    private static long deployRequest(StateStore store, String repo, int pr, String db, String summary) {
        try (PrHandle h = store.pullRequests().lock(repo, pr, 55501234L)) {
            h.saveDeployRequest(db, String.valueOf((char) ('a' + pr % 6)).repeat(40), DeployRequestState.PLANNED, 1,
                    summary);
            return h.deployRequest(db).orElseThrow().id();
        }
    }

    /**
     * Debian's chromium; on CI (CI=true) installed by the project's own script when missing. Elsewhere a
     * missing browser skips the browser half of this test, loudly.
     */
    private static boolean chromiumAvailable() throws Exception {
        if (Files.isExecutable(CHROMIUM)) {
            return true;
        }
        if ("true".equals(System.getenv("CI"))) {
            Process p = new ProcessBuilder("bash", "src/test/resources/install-chromium.sh").inheritIO().start();
            assertTrue(p.waitFor(300, TimeUnit.SECONDS) && p.exitValue() == 0, "install-chromium.sh failed");
            return true;
        }
        assumeTrue(false, "SKIPPED the browser check: /usr/bin/chromium is missing; run "
                + "bot/src/test/resources/install-chromium.sh (CI does this itself)");
        return false;
    }

    /** Runs headless Chromium once; returns its stdout. */
    private static String chromium(Path work, List<String> args) throws Exception {
        Path profile = Files.createTempDirectory(work, "chromium-profile");
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile));
        cmd.addAll(args);
        Path stdout = Files.createTempFile(work, "chromium", ".out");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            assertTrue(p.waitFor(40, TimeUnit.SECONDS), "chromium did not finish within 40 s");
            assertEquals(0, p.exitValue(), "chromium exit code");
            return Files.readString(stdout);
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(stdout);
            deleteTree(profile.toFile());
        }
    }

    private static void deleteTree(File f) {
        File[] children = f.listFiles();
        if (children != null) {
            for (File c : children) {
                deleteTree(c);
            }
        }
        f.delete();
    }
}
