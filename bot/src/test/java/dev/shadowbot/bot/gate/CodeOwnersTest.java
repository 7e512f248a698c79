package dev.shadowbot.bot.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CodeOwnersTest {
    private static final CodeOwners OWNERS = CodeOwners.parse("""
            # default owners
            *            @acme/devs
            *.sql        @acme/dba   # every schema file
            /db/app/     @alice @acme/app-dba
            db/legacy/*.sql @bob
            docs/**/x.md @carol
            db/app/tmp.sql
            """);

    @Test
    void theLastMatchingRuleWins() {
        assertEquals(List.of("alice", "acme/app-dba"), OWNERS.ownersOf("db/app/orders.sql"));
        assertEquals(List.of("acme/dba"), OWNERS.ownersOf("db/other/orders.sql"));
        assertEquals(List.of("bob"), OWNERS.ownersOf("db/legacy/a.sql"));
        assertEquals(List.of("acme/dba"), OWNERS.ownersOf("db/legacy/sub/a.sql"), "* stays in one segment");
        assertEquals(List.of("acme/devs"), OWNERS.ownersOf("README.md"));
        assertEquals(List.of("carol"), OWNERS.ownersOf("docs/a/b/x.md"));
        assertEquals(List.of("carol"), OWNERS.ownersOf("docs/x.md"));
        assertEquals(List.of(), OWNERS.ownersOf("db/app/tmp.sql"), "a rule without owners un-owns");
    }

    @Test
    void anchoredPatternsOnlyMatchAtTheRoot() {
        CodeOwners o = CodeOwners.parse("/db/ @alice\nschema/ @bob\n");
        assertEquals(List.of("alice"), o.ownersOf("db/x.sql"));
        assertEquals(List.of(), o.ownersOf("src/db/x.sql"));
        assertEquals(List.of("bob"), o.ownersOf("src/schema/x.sql"), "unanchored directory matches at any depth");
        assertEquals(Set.of("alice", "bob"), o.ownersOf(List.of("db/x.sql", "schema/y.sql")));
    }
}
