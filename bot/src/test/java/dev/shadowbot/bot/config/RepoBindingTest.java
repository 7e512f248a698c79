package dev.shadowbot.bot.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RepoBindingTest {
    @Test
    void aRepositoryAloneMeansPullRequestsIntoItsDefaultBranchOnly() {
        RepoBinding b = RepoBinding.parse("acme/shop").orElseThrow();
        assertTrue(b.allows("acme/shop", "main", "main"));
        assertTrue(b.allows("ACME/Shop", "main", "main"), "GitHub names are case-insensitive");
        assertFalse(b.allows("acme/shop", "legacy", "main"), "an old branch may carry a laxer policy");
        assertFalse(b.allows("acme/shop", "main", ""), "unknown default branch: fail closed");
        assertFalse(b.allows("acme/shop-admin", "main", "main"));
        assertFalse(b.allows("eve/shop", "main", "main"), "a fork is another repository");
    }

    @Test
    void aBranchPatternNamesTheBaseBranchesAllowed() {
        RepoBinding exact = RepoBinding.parse("acme/shop:release").orElseThrow();
        assertTrue(exact.allows("acme/shop", "release", "main"));
        assertFalse(exact.allows("acme/shop", "main", "main"));
        assertFalse(exact.allows("acme/shop", "release-2", "main"));
        RepoBinding glob = RepoBinding.parse("acme/shop:release/*").orElseThrow();
        assertTrue(glob.allows("acme/shop", "release/2026.11", "main"));
        assertFalse(glob.allows("acme/shop", "release", "main"));
        assertFalse(glob.allows("acme/shop", "x/release/1", "main"), "the pattern is anchored");
        RepoBinding dots = RepoBinding.parse("acme/shop:v1.2").orElseThrow();
        assertFalse(dots.allows("acme/shop", "v1x2", "main"), "a dot is a dot, not a regex");
        assertTrue(RepoBinding.parse("acme/shop:*").orElseThrow().allows("acme/shop", "anything/at/all", "main"));
    }

    @Test
    void malformedEntriesAreRefused() {
        for (String bad : new String[] {"", "acme", "acme/", "/shop", "acme/shop/extra", "acme/shop:", "acme/shop:a b",
                "acme/shop:a:b", "https://github.com/acme/shop"}) {
            assertEquals(Optional.empty(), RepoBinding.parse(bad), bad);
        }
        assertEquals("acme/shop:main", RepoBinding.parse(" Acme/Shop:main ").orElseThrow().toString());
    }
}
