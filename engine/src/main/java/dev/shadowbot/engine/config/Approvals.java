package dev.shadowbot.engine.config;

import java.util.List;

/**
 * The approval gate.
 *
 * @param required      approvals needed (default 1)
 * @param teams         teams whose members' approvals count, beside users with write access
 * @param codeowners    also count CODEOWNERS of the base branch
 * @param dataLossTeams a team's approval that stands in for {@code /deploy --allow-data-loss}
 */
public record Approvals(int required, List<String> teams, boolean codeowners, List<String> dataLossTeams) {
    public static final Approvals DEFAULTS = new Approvals(1, List.of(), false, List.of());

    public Approvals {
        teams = List.copyOf(teams);
        dataLossTeams = List.copyOf(dataLossTeams);
    }
}
