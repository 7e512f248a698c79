package dev.shadowbot.engine.migration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.instant.InstantPlan;
import dev.shadowbot.engine.instant.InstantPolicy;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What one deploy request changes in one schema. The schema planner's
 * {@code TableChange.alterClauses()} maps onto {@link TableSpec}; CREATE TABLE statements for new
 * tables go to {@code directDdl} and run as they are (a new table has no rows to keep in sync).
 *
 * @param schema    the target schema
 * @param alters    tables changed through shadows
 * @param directDdl complete CREATE TABLE statements for new tables
 * @param drops     tables the plan drops: renamed into quarantine ({@code <table>_shadowbot_<id>_old}) in the
 *                  cutover's RENAME, restored by a revert, dropped in small steps when the window closes
 * @param instant   the instant policy ({@code auto} or {@code never}); null means {@code never}, which keeps
 *                  requests stored before the instant path (and engine callers that name none) on the copy path.
 *                  The config and the CLI default to {@code auto}
 * @param instantPlan the path the server decided when the request was started (null before; see
 *                  {@link dev.shadowbot.engine.instant.InstantProbe})
 */
public record DeploySpec(String schema, List<TableSpec> alters, List<String> directDdl, List<String> drops,
                         String instant, InstantPlan instantPlan) {
    private static final ObjectMapper JSON = new ObjectMapper();

    @com.fasterxml.jackson.annotation.JsonCreator
    public DeploySpec {
        alters = List.copyOf(alters);
        directDdl = List.copyOf(directDdl);
        drops = drops == null ? List.of() : List.copyOf(drops);
    }

    /** A spec without an instant policy (the copy path). */
    public DeploySpec(String schema, List<TableSpec> alters, List<String> directDdl, List<String> drops) {
        this(schema, alters, directDdl, drops, null, null);
    }

    /** This spec with the instant policy {@code policy}. */
    public DeploySpec withInstant(InstantPolicy policy) {
        return new DeploySpec(schema, alters, directDdl, drops, policy.word(), instantPlan);
    }

    /** This spec with the path the server decided. */
    public DeploySpec withInstantPlan(InstantPlan plan) {
        return new DeploySpec(schema, alters, directDdl, drops, instant, plan);
    }

    /** The policy, {@code never} when none was named. */
    public InstantPolicy instantPolicy() {
        return InstantPolicy.parse(instant).orElse(InstantPolicy.NEVER);
    }

    /** True when the request takes the instant path (decided at start). */
    public boolean takesInstantPath() {
        return instantPlan != null && instantPlan.isInstant();
    }

    /** A spec without drops. */
    public DeploySpec(String schema, List<TableSpec> alters, List<String> directDdl) {
        this(schema, alters, directDdl, List.of());
    }

    /** Refuses an empty spec, a table named twice and DDL that is not a CREATE TABLE. */
    public void validate() {
        if (schema == null || schema.isBlank()) {
            throw ShadowbotException.badInput("the deploy request names no schema", "pass a database URL with a database");
        }
        if (instant != null && InstantPolicy.parse(instant).isEmpty()) {
            throw ShadowbotException.badInput("instant policy '" + instant + "' is not auto or never",
                    "use instant: auto or instant: never");
        }
        if (alters.isEmpty() && directDdl.isEmpty() && drops.isEmpty()) {
            throw ShadowbotException.badInput("the deploy request changes nothing", "change a schema file first");
        }
        Set<String> seen = new HashSet<>();
        for (TableSpec t : alters) {
            if (!seen.add(t.table().toLowerCase(Locale.ROOT))) {
                throw ShadowbotException.badInput("table " + t.table() + " appears twice in the deploy request",
                        "merge its changes into one ALTER");
            }
            if (t.alterClauses().isBlank()) {
                throw ShadowbotException.badInput("table " + t.table() + " has an empty ALTER", "remove it from the request");
            }
        }
        for (String d : drops) {
            if (!seen.add(d.toLowerCase(Locale.ROOT))) {
                throw ShadowbotException.badInput("table " + d + " is both changed and dropped, or dropped twice",
                        "keep one change per table");
            }
        }
        for (String ddl : directDdl) {
            if (!ddl.strip().toUpperCase(Locale.ROOT).startsWith("CREATE TABLE")) {
                throw ShadowbotException.badInput("only CREATE TABLE runs directly, not: " + firstLine(ddl),
                        "express table changes as ALTER clauses");
            }
        }
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static DeploySpec fromJson(String json) {
        try {
            return JSON.readValue(json, DeploySpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt deploy spec in the sidecar store: " + e.getMessage(), e);
        }
    }
}
