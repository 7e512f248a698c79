package dev.shadowbot.bot.deploy;

/**
 * The check run's conclusion, failing closed: errors anywhere → FAILURE; changes awaiting approval and
 * deploy, or a fork's schema change nobody planned yet → ACTION_REQUIRED; SUCCESS only when nothing
 * blocks (no schema change, or nothing to apply).
 */
public enum Verdict {
    SUCCESS("success"), ACTION_REQUIRED("action_required"), FAILURE("failure");

    private final String conclusion;

    Verdict(String conclusion) {
        this.conclusion = conclusion;
    }

    /** The GitHub API's conclusion value. */
    public String conclusion() {
        return conclusion;
    }

    public static Verdict of(PrReview review) {
        if (review.hasConfigErrors() || review.databases().stream().anyMatch(PrReview.DbResult::blocked)) {
            return FAILURE;
        }
        if (review.anyChanges() || !review.held().isEmpty()) {
            return ACTION_REQUIRED;
        }
        return SUCCESS;
    }
}
