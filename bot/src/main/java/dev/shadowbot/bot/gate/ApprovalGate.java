package dev.shadowbot.bot.gate;

import dev.shadowbot.engine.config.Approvals;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether a deploy request is approved: what is applied must be what was reviewed, by
 * people allowed to approve it.
 * <ul>
 *   <li>only each reviewer's latest review counts; "changes requested" blocks until they approve;</li>
 *   <li>an approval by a GitHub App ({@code [bot]} account) never counts: a deploy needs a person;</li>
 *   <li>an approval counts when its author may approve and is not the pull request's author: with no
 *       {@code teams} configured, users with write access; with {@code teams}, only members of those
 *       teams; with {@code codeowners: true} also the CODEOWNERS (of the base branch) of the changed
 *       schema files, users or members of owning teams;</li>
 *   <li>an approval is stale when the schema files differ between the commit it was given on and the
 *       head (compared by a fingerprint of the schema files, so pushes that touch other files keep it);</li>
 *   <li>a plan that loses data also needs {@code /deploy --allow-data-loss} or an approval by a member
 *       of a {@code data_loss_teams} team.</li>
 * </ul>
 * Permissions and memberships come from GitHub's API, never from the event payload's claims.
 */
public final class ApprovalGate {
    /** Looks up what GitHub says about a user. */
    public interface Directory {
        /** {@code admin}, {@code maintain}, {@code write}, {@code triage}, {@code read} or {@code none}. */
        String permission(String login);

        /** Whether the user is an active member of the team (slug, or {@code org/slug}). */
        boolean inTeam(String login, String team);
    }

    /**
     * One review as GitHub lists it, oldest first.
     *
     * @param byApp a GitHub App submitted it (a {@code [bot]} account, per the API's user object)
     */
    public record Review(String author, String state, String commitId, boolean byApp) {
        /** A review whose author's kind is known from the {@code [bot]} suffix GitHub reserves for Apps. */
        public Review(String author, String state, String commitId) {
            this(author, state, commitId, author.endsWith("[bot]"));
        }
    }

    /**
     * The verdict.
     *
     * @param approved   enough valid approvals and nothing blocking
     * @param approvers  whose approvals counted
     * @param dataLossOk the data-loss requirement is met (or the plan loses no data)
     * @param reasons    why it is not approved yet, each with the next step; empty when approved
     * @param notes      approvals that did not count and why (shown in the comment)
     */
    public record Decision(boolean approved, List<String> approvers, boolean dataLossOk, List<String> reasons,
                           List<String> notes) {
    }

    private final Approvals policy;
    private final Directory directory;
    private final List<String> codeOwners;

    public ApprovalGate(Approvals policy, Directory directory) {
        this(policy, directory, List.of());
    }

    /**
     * @param codeOwners owners ({@code login} or {@code org/team}) of the changed schema files per the base
     *                   branch's CODEOWNERS; only used with {@code codeowners: true}
     */
    public ApprovalGate(Approvals policy, Directory directory, java.util.Collection<String> codeOwners) {
        this.policy = policy;
        this.directory = directory;
        this.codeOwners = List.copyOf(codeOwners);
    }

    /**
     * @param author            the pull request's author
     * @param reviews           all reviews, oldest first
     * @param headFingerprint   fingerprint of the schema files at the head
     * @param fingerprintAt     fingerprint of the schema files at a commit
     * @param losesData         the plan has data-loss findings
     * @param allowDataLoss     {@code /deploy --allow-data-loss} was given by a writer
     */
    public Decision decide(String author, List<Review> reviews, String headFingerprint,
                           java.util.function.Function<String, String> fingerprintAt, boolean losesData,
                           boolean allowDataLoss) {
        Map<String, Review> latest = new LinkedHashMap<>();
        for (Review r : reviews) {
            String state = r.state().toUpperCase(Locale.ROOT);
            if (state.equals("COMMENTED") || state.equals("PENDING")) {
                continue; // a comment neither grants nor withdraws
            }
            latest.put(r.author().toLowerCase(Locale.ROOT), r);
        }
        List<String> approvers = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        boolean dataLossApproved = false;
        for (Review r : latest.values()) {
            String state = r.state().toUpperCase(Locale.ROOT);
            if (state.equals("CHANGES_REQUESTED")) {
                reasons.add("@" + r.author() + " requested changes: they need to approve (or dismiss their review)");
                continue;
            }
            if (!state.equals("APPROVED")) {
                continue; // DISMISSED
            }
            if (r.byApp()) {
                notes.add("@" + r.author() + " is a GitHub App: approvals by apps never count");
                continue;
            }
            if (r.author().equalsIgnoreCase(author)) {
                notes.add("@" + r.author() + "'s own approval does not count");
                continue;
            }
            if (!mayApprove(r.author())) {
                notes.add("@" + r.author() + (policy.teams().isEmpty() ? " has no write access"
                        : " is not a member of " + String.join(", ", policy.teams()))
                        + (policy.codeowners() ? " and owns none of the changed schema files" : ""));
                continue;
            }
            if (!headFingerprint.equals(fingerprintAt.apply(r.commitId()))) {
                notes.add("@" + r.author() + "'s approval is stale: the schema files changed after "
                        + shortSha(r.commitId()));
                continue;
            }
            approvers.add(r.author());
            if (policy.dataLossTeams().stream().anyMatch(t -> directory.inTeam(r.author(), t))) {
                dataLossApproved = true;
            }
        }
        if (approvers.size() < policy.required()) {
            int missing = policy.required() - approvers.size();
            reasons.add("needs " + missing + " more approval" + (missing == 1 ? "" : "s") + " from "
                    + (policy.teams().isEmpty() ? "a user with write access" : "a member of "
                    + String.join(", ", policy.teams()))
                    + (policy.codeowners() ? codeOwners.isEmpty() ? " (CODEOWNERS name no owner of the changed schema files)"
                    : " or a code owner of the changed schema files (" + String.join(", ", codeOwners) + ")" : "")
                    + " other than the author, on the current schema files");
        }
        boolean dataLossOk = !losesData || allowDataLoss || dataLossApproved;
        if (!dataLossOk) {
            reasons.add("the plan destroys data: deploy with `/deploy --allow-data-loss`"
                    + (policy.dataLossTeams().isEmpty() ? "" : " or get an approval from " + String.join(", ",
                    policy.dataLossTeams())));
        }
        return new Decision(reasons.isEmpty(), approvers, dataLossOk, reasons, notes);
    }

    private boolean mayApprove(String login) {
        boolean eligible = policy.teams().isEmpty() ? WRITERS.contains(directory.permission(login))
                : policy.teams().stream().anyMatch(t -> directory.inTeam(login, t));
        return eligible || (policy.codeowners() && isCodeOwner(login));
    }

    private boolean isCodeOwner(String login) {
        for (String owner : codeOwners) {
            if (owner.contains("/") ? directory.inTeam(login, owner) : owner.equalsIgnoreCase(login)) {
                return true;
            }
        }
        return false;
    }

    /** Permissions that may run mutating commands and approve. */
    public static final Set<String> WRITERS = Set.of("admin", "maintain", "write");

    private static String shortSha(String sha) {
        return sha == null ? "?" : sha.substring(0, Math.min(7, sha.length()));
    }
}
