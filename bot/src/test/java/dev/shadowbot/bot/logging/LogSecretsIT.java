package dev.shadowbot.bot.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowbot.bot.config.OpsSettings;
import dev.shadowbot.bot.deploy.PlanningService;
import dev.shadowbot.bot.github.FakeRepo;
import dev.shadowbot.bot.store.InboxStatus;
import dev.shadowbot.bot.testing.BotHarness;
import dev.shadowbot.bot.testing.Webhooks;
import dev.shadowbot.bot.web.WebhookSignature;
import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * The bot's real log output (logback.xml's JSON encoder on stdout) while it starts with a password-protected
 * state database, handles signed and forged webhooks, and while code tries to log its secrets outright:
 * every line is one JSON object, handled events carry their context fields, and no secret appears.
 */
@RealDatabase
@Timeout(120)
class LogSecretsIT {
    private static final String DB_PASSWORD = "Db-Pass-7f3c9e1a55";
    private static final String TOKEN = "status-token-9f8e7d6c5b4a3210";
    private static final String USER = "sb_log_test";
    private static final PlanningService NO_PLANNING = (db, url, files, lint) -> {
        throw new AssertionError("this PR touches no schema files");
    };

    @Test
    void noSecretReachesTheLog(TestDb state) throws Exception {
        for (String host : List.of("%", "localhost", "127.0.0.1")) {
            state.exec("CREATE USER IF NOT EXISTS '" + USER + "'@'" + host + "' IDENTIFIED BY '" + DB_PASSWORD + "'",
                    "GRANT ALL PRIVILEGES ON `" + state.schema() + "`.* TO '" + USER + "'@'" + host + "'");
        }
        DatabaseUrl root = state.url();
        DatabaseUrl withPassword = DatabaseUrl.parse("mysql://" + USER + ":" + DB_PASSWORD + "@" + root.host() + ":"
                + root.port() + "/" + state.schema());
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        String privateKey;
        String handled = BotHarness.newDelivery();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try (BotHarness bot = BotHarness.start(withPassword, Map.of(), NO_PLANNING, 3,
                    new OpsSettings(true, Optional.of(TOKEN)))) {
                privateKey = Files.readString(bot.privateKeyFile());
                FakeRepo repo = bot.github.repo("acme/shop");
                repo.commit("1".repeat(40), Map.of("README.md", "# shop\n"));
                repo.pullRequest(12, "alice", "1".repeat(40), List.of("README.md"));
                assertEquals(202, bot.send("pull_request", handled,
                        Webhooks.pullRequest("pull_request.opened.json", "opened", 12, "1".repeat(40))).statusCode());
                bot.await(handled, InboxStatus.DONE);
                byte[] body = Webhooks.bytes(Webhooks.load("ping.json"));
                assertEquals(401, bot.send("ping", BotHarness.newDelivery(), body,
                        new WebhookSignature("not-the-secret").header(body)).statusCode());
                assertEquals(401, bot.get("/?token=wrong-" + TOKEN).statusCode());
                // Careless code: the masker must still keep these out.
                var careless = LoggerFactory.getLogger("dev.shadowbot.bot.CarelessCode");
                careless.warn("secret={} token={} url=mysql://{}:{}@db:3306/x", BotHarness.SECRET, TOKEN, USER,
                        DB_PASSWORD);
                careless.error("key dump {}", privateKey,
                        new IllegalStateException("failed with secret " + BotHarness.SECRET + " and " + DB_PASSWORD));
            }
        } finally {
            System.out.flush();
            System.setOut(original);
            for (String host : List.of("%", "localhost", "127.0.0.1")) {
                state.exec("DROP USER IF EXISTS '" + USER + "'@'" + host + "'");
            }
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            // Only logback writes JSON; a library printing to stdout on its own is not the bot's log.
            if (line.startsWith("{")) {
                lines.add(json.readTree(line));
            }
        }
        assertTrue(lines.size() >= 6, "the bot logged while it ran:\n" + out);
        assertTrue(lines.stream().allMatch(l -> l.has("@timestamp") && l.has("level") && l.has("message")),
                "every log line is one JSON event:\n" + out);
        assertTrue(lines.stream().anyMatch(l -> l.path("message").asText().startsWith("bot=starting")), out);
        assertTrue(lines.stream().anyMatch(l -> handled.equals(l.path("delivery").asText())
                        && "acme/shop".equals(l.path("repo").asText()) && "12".equals(l.path("pr").asText())),
                "lines written while handling the event carry delivery, repo and PR:\n" + out);
        assertTrue(out.contains(SecretMasker.MASK), "the careless lines were masked, not dropped");

        String keyBody = privateKey.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
        for (String secret : List.of(BotHarness.SECRET, TOKEN, DB_PASSWORD, keyBody, "PRIVATE KEY-----\\n")) {
            assertFalse(out.contains(secret), "a secret reached the log: " + secret.substring(0, 6) + "…\n" + out);
        }
    }
}
