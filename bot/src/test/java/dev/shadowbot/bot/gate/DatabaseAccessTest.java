package dev.shadowbot.bot.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.bot.config.RepoBinding;
import dev.shadowbot.bot.github.RepoApi.PullRequestInfo;
import dev.shadowbot.engine.db.DatabaseUrl;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatabaseAccessTest {
    private static final DatabaseUrl APP = DatabaseUrl.parse("mysql://bot:pw@db1:3306/app");
    private static final DatabaseUrl BILLING = DatabaseUrl.parse("mysql://bot:pw@db2:3306/billing");
    private static final DatabaseAccess ACCESS = new DatabaseAccess(Map.of("app", APP, "billing", BILLING,
            "spare", APP), Map.of("app", List.of(RepoBinding.parse("acme/shop").orElseThrow()),
            "billing", List.of(RepoBinding.parse("acme/billing:*").orElseThrow())));

    private static PullRequestInfo pr(String baseRepo, String baseRef, String headRepo) {
        return new PullRequestInfo(1, "open", false, "a".repeat(40), baseRef, "alice", "t", "", baseRepo, headRepo,
                "main");
    }

    @Test
    void onlyDatabasesBoundToTheBaseRepositoryAndBranchResolve() {
        assertEquals(Optional.of(APP), ACCESS.forPullRequest("app", pr("acme/shop", "main", "acme/shop")));
        assertEquals(Optional.of(APP), ACCESS.forPullRequest("app", pr("acme/shop", "main", "eve/shop")),
                "binding is by base repository: a fork's PR into acme/shop is acme/shop's (forks are held elsewhere)");
        assertEquals(Optional.empty(), ACCESS.forPullRequest("billing", pr("acme/shop", "main", "acme/shop")));
        assertEquals(Optional.empty(), ACCESS.forPullRequest("app", pr("acme/shop", "legacy", "acme/shop")));
        assertEquals(Optional.empty(), ACCESS.forPullRequest("spare", pr("acme/shop", "main", "acme/shop")),
                "a database bound to nothing serves no one");
        assertEquals(Optional.empty(), ACCESS.forPullRequest("ghost", pr("acme/shop", "main", "acme/shop")));
        assertEquals(List.of("spare"), ACCESS.unbound());
    }

    @Test
    void theRefusalNamesTheSettingAndIsTheSameForUnknownAndForeignNames() {
        PullRequestInfo pr = pr("acme/shop", "main", "acme/shop");
        String foreign = DatabaseAccess.refusal("billing", pr);
        assertTrue(foreign.contains("databases.billing.repositories in bot.yml, or SHADOWBOT_DATABASE_REPOS")
                && foreign.contains("add acme/shop to"), foreign);
        assertEquals(foreign.replace("billing", "ghost"), DatabaseAccess.refusal("ghost", pr));
        assertTrue(DatabaseAccess.refusal("app", pr("acme/shop", "legacy", "acme/shop")).contains("add acme/shop:legacy"));
    }
}
