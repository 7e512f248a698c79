package dev.shadowbot.bot.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.bot.gate.ApprovalGate.Review;
import dev.shadowbot.engine.config.Approvals;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ApprovalGateTest {
    /** alice writes, bob reads, carol is in team dba only, dave admin; the PR author is erin (write). */
    private static final ApprovalGate.Directory DIR = new ApprovalGate.Directory() {
        private final Map<String, String> perms = Map.of("alice", "write", "bob", "read", "carol", "read",
                "dave", "admin", "erin", "write");

        @Override
        public String permission(String login) {
            return perms.getOrDefault(login, "none");
        }

        @Override
        public boolean inTeam(String login, String team) {
            return team.equals("dba") && (login.equals("carol") || login.equals("dave"))
                    || team.equals("acme/owners") && login.equals("frank");
        }
    };
    /** Schema files are the same at c1 and c2 (c2 touched only the README), different at c0. */
    private static final Function<String, String> FP = sha -> sha.equals("c0") ? "old" : "new";

    private static ApprovalGate.Decision decide(Approvals policy, boolean losesData, boolean allow, Review... reviews) {
        return new ApprovalGate(policy, DIR).decide("erin", List.of(reviews), "new", FP, losesData, allow);
    }

    @Test
    void aWritersApprovalOnTheCurrentSchemaCounts() {
        var d = decide(Approvals.DEFAULTS, false, false, new Review("alice", "APPROVED", "c1"));
        assertTrue(d.approved(), d.reasons().toString());
        assertEquals(List.of("alice"), d.approvers());
    }

    @Test
    void noApprovalIsRefusedWithTheNextStep() {
        var d = decide(Approvals.DEFAULTS, false, false);
        assertFalse(d.approved());
        assertTrue(d.reasons().get(0).startsWith("needs 1 more approval from a user with write access"));
    }

    @Test
    void selfApprovalNeverCounts() {
        var d = decide(Approvals.DEFAULTS, false, false, new Review("erin", "APPROVED", "c1"));
        assertFalse(d.approved());
        assertTrue(d.notes().get(0).contains("own approval does not count"));
    }

    @Test
    void anAppsApprovalNeverCounts() {
        var d = decide(Approvals.DEFAULTS, false, false, new Review("helper[bot]", "APPROVED", "c1"),
                new Review("deployer", "APPROVED", "c1", true));
        assertFalse(d.approved(), "an App is not a person, whatever permission it holds");
        assertEquals(List.of("@helper[bot] is a GitHub App: approvals by apps never count",
                "@deployer is a GitHub App: approvals by apps never count"), d.notes());
    }

    @Test
    void readersDoNotCountButConfiguredTeamsDo() {
        assertFalse(decide(Approvals.DEFAULTS, false, false, new Review("bob", "APPROVED", "c1")).approved());
        assertFalse(decide(Approvals.DEFAULTS, false, false, new Review("carol", "APPROVED", "c1")).approved());
        Approvals teams = new Approvals(1, List.of("dba"), false, List.of());
        assertTrue(decide(teams, false, false, new Review("carol", "APPROVED", "c1")).approved());
    }

    @Test
    void withTeamsOnlyTeamMembersCountNotEveryWriter() {
        Approvals teams = new Approvals(1, List.of("dba"), false, List.of());
        var d = decide(teams, false, false, new Review("alice", "APPROVED", "c1"));
        assertFalse(d.approved(), "alice has write access but is not in dba");
        assertTrue(d.notes().get(0).contains("@alice is not a member of dba"), d.notes().toString());
        assertTrue(d.reasons().get(0).contains("needs 1 more approval from a member of dba"), d.reasons().toString());
        assertTrue(decide(teams, false, false, new Review("dave", "APPROVED", "c1")).approved());
    }

    @Test
    void codeOwnersOfTheChangedSchemaFilesCountWhenEnabled() {
        Approvals owners = new Approvals(1, List.of("dba"), true, List.of());
        List<String> ownerList = List.of("bob", "acme/owners");
        ApprovalGate gate = new ApprovalGate(owners, DIR, ownerList);
        assertTrue(gate.decide("erin", List.of(new Review("bob", "APPROVED", "c1")), "new", FP, false, false)
                .approved(), "bob (read) owns the file directly");
        assertTrue(gate.decide("erin", List.of(new Review("frank", "APPROVED", "c1")), "new", FP, false, false)
                .approved(), "frank is in the owning team");
        var alice = gate.decide("erin", List.of(new Review("alice", "APPROVED", "c1")), "new", FP, false, false);
        assertFalse(alice.approved());
        assertTrue(alice.reasons().get(0).contains("or a code owner of the changed schema files (bob, acme/owners)"),
                alice.reasons().toString());
        Approvals off = new Approvals(1, List.of("dba"), false, List.of());
        assertFalse(new ApprovalGate(off, DIR, ownerList).decide("erin", List.of(new Review("bob", "APPROVED", "c1")),
                "new", FP, false, false).approved(), "codeowners: false ignores CODEOWNERS");
    }

    @Test
    void approvalGoesStaleWhenTheSchemaChangedAfterIt() {
        var d = decide(Approvals.DEFAULTS, false, false, new Review("alice", "APPROVED", "c0"));
        assertFalse(d.approved());
        assertTrue(d.notes().get(0).contains("stale"), d.notes().toString());
        // A push that did not touch the schema (c1 -> c2) keeps the approval.
        assertTrue(decide(Approvals.DEFAULTS, false, false, new Review("alice", "APPROVED", "c1")).approved());
    }

    @Test
    void changesRequestedBlocksUntilTheSameReviewerApproves() {
        var blocked = decide(Approvals.DEFAULTS, false, false, new Review("dave", "CHANGES_REQUESTED", "c1"),
                new Review("alice", "APPROVED", "c1"));
        assertFalse(blocked.approved());
        assertTrue(blocked.reasons().get(0).contains("@dave requested changes"));
        var later = decide(Approvals.DEFAULTS, false, false, new Review("dave", "CHANGES_REQUESTED", "c1"),
                new Review("dave", "COMMENTED", "c1"), new Review("dave", "APPROVED", "c2"));
        assertTrue(later.approved(), later.reasons().toString());
    }

    @Test
    void requiredCountIsHonoured() {
        Approvals two = new Approvals(2, List.of(), false, List.of());
        assertFalse(decide(two, false, false, new Review("alice", "APPROVED", "c1")).approved());
        assertTrue(decide(two, false, false, new Review("alice", "APPROVED", "c1"), new Review("dave", "APPROVED", "c1"))
                .approved());
        // Two approvals by the same person are one.
        assertFalse(decide(two, false, false, new Review("alice", "APPROVED", "c1"), new Review("alice", "APPROVED", "c2"))
                .approved());
    }

    @Test
    void dataLossNeedsTheFlagOrADataLossTeamApproval() {
        var refused = decide(Approvals.DEFAULTS, true, false, new Review("alice", "APPROVED", "c1"));
        assertFalse(refused.approved());
        assertTrue(refused.reasons().get(0).contains("--allow-data-loss"));
        assertTrue(decide(Approvals.DEFAULTS, true, true, new Review("alice", "APPROVED", "c1")).approved());
        Approvals dba = new Approvals(1, List.of(), false, List.of("dba"));
        assertTrue(decide(dba, true, false, new Review("dave", "APPROVED", "c1")).approved());
        assertFalse(decide(dba, true, false, new Review("alice", "APPROVED", "c1")).approved());
    }
}
