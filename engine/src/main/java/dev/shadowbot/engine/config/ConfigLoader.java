package dev.shadowbot.engine.config;

import dev.shadowbot.engine.lint.LintCode;
import dev.shadowbot.engine.lint.LintSettings;
import dev.shadowbot.engine.lint.Severity;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import dev.shadowbot.engine.instant.InstantPolicy;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads {@code .github/shadowbot.yml}. Works on SnakeYAML's node tree so that every unknown key and
 * bad value is reported at its file:line:column together with the accepted values; all problems
 * are collected and reported at once.
 */
public final class ConfigLoader {
    private static final List<String> TOP_KEYS =
            List.of("databases", "lint", "approvals", "revert_window", "auto_deploy_on_approval", "instant");
    private static final List<String> DATABASE_KEYS = List.of("schema_dir");
    private static final List<String> APPROVAL_KEYS = List.of("required", "teams", "codeowners", "data_loss_teams");
    private static final List<String> CHARSET_KEYS = List.of("severity", "allow");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");
    private static final int MAX_BYTES = 1 << 20;

    private final String file;
    private final List<ConfigProblem> problems = new ArrayList<>();

    private ConfigLoader(String file) {
        this.file = file;
    }

    /** Loads a config file; a missing file gives the defaults. */
    public static ShadowbotConfig load(Path path) {
        if (!Files.exists(path)) {
            return ShadowbotConfig.DEFAULTS;
        }
        try {
            return parse(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigProblem(path.toString(), 1, 1, "cannot read: " + e.getMessage())));
        }
    }

    /** Parses config text; {@code file} is only used in messages. Throws {@link ConfigException}. */
    public static ShadowbotConfig parse(String file, String text) {
        return new ConfigLoader(file).run(text);
    }

    private ShadowbotConfig run(String text) {
        if (text.length() > MAX_BYTES) {
            fail(1, 1, "the file is larger than 1 MiB");
            throw new ConfigException(problems);
        }
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(20);
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = m == null ? 1 : m.getLine() + 1;
            int col = m == null ? 1 : m.getColumn() + 1;
            throw new ConfigException(List.of(new ConfigProblem(file, line, col, "not valid YAML: " + e.getProblem())));
        } catch (RuntimeException e) {
            throw new ConfigException(List.of(new ConfigProblem(file, 1, 1, "not valid YAML: " + e.getMessage())));
        }
        if (root == null) {
            return ShadowbotConfig.DEFAULTS;
        }
        Map<String, NodeTuple> top = mapping(root, "the file", TOP_KEYS);
        if (top == null) {
            throw new ConfigException(problems);
        }
        Map<String, DatabaseConfig> databases = databases(top.get("databases"));
        LintSettings lint = lint(top.get("lint"));
        Approvals approvals = approvals(top.get("approvals"));
        Duration window = ShadowbotConfig.DEFAULT_REVERT_WINDOW;
        NodeTuple w = top.get("revert_window");
        if (w != null) {
            String v = scalar(w.getValueNode(), "revert_window");
            if (v != null) {
                var parsed = Durations.parse(v);
                if (parsed.isEmpty()) {
                    fail(w.getValueNode(), "revert_window '" + v + "' is not a duration: use e.g. 30m, 1h, 90s or 0 (none)");
                } else {
                    window = parsed.get();
                }
            }
        }
        boolean auto = bool(top.get("auto_deploy_on_approval"), false);
        InstantPolicy instant = InstantPolicy.AUTO;
        NodeTuple in = top.get("instant");
        if (in != null) {
            String v = scalar(in.getValueNode(), "instant");
            if (v != null) {
                var parsed = InstantPolicy.parse(v);
                if (parsed.isEmpty()) {
                    fail(in.getValueNode(), "instant '" + v + "' is not a policy: use auto (the server decides, default)"
                            + " or never (always copy through shadow tables)");
                } else {
                    instant = parsed.get();
                }
            }
        }
        if (!problems.isEmpty()) {
            problems.sort(java.util.Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
            throw new ConfigException(problems);
        }
        return new ShadowbotConfig(databases, lint, approvals, window, auto, instant);
    }

    private Map<String, DatabaseConfig> databases(NodeTuple t) {
        Map<String, DatabaseConfig> out = new LinkedHashMap<>();
        if (t == null) {
            return out;
        }
        Map<String, NodeTuple> dbs = mapping(t.getValueNode(), "databases", null);
        if (dbs == null) {
            return out;
        }
        Set<String> dirs = new HashSet<>();
        for (Map.Entry<String, NodeTuple> e : dbs.entrySet()) {
            String name = e.getKey();
            if (!NAME.matcher(name).matches()) {
                fail(e.getValue().getKeyNode(), "database name '" + name
                        + "' must be letters, digits, '_', '.', '-' (at most 64)");
                continue;
            }
            Map<String, NodeTuple> d = mapping(e.getValue().getValueNode(), "databases." + name, DATABASE_KEYS);
            if (d == null) {
                continue;
            }
            NodeTuple dir = d.get("schema_dir");
            if (dir == null) {
                fail(e.getValue().getKeyNode(), "databases." + name + " needs schema_dir: the folder of its CREATE TABLE files");
                continue;
            }
            String v = scalar(dir.getValueNode(), "schema_dir");
            if (v == null) {
                continue;
            }
            String norm = v.strip().replaceAll("^\\./", "").replaceAll("/+$", "");
            if (norm.isEmpty() || norm.startsWith("/") || norm.contains("..")) {
                fail(dir.getValueNode(), "schema_dir '" + v + "' must be a folder inside the repository, e.g. db/schema");
                continue;
            }
            if (!dirs.add(norm)) {
                fail(dir.getValueNode(), "schema_dir '" + norm + "' is used by two databases");
                continue;
            }
            out.put(name, new DatabaseConfig(name, norm));
        }
        return out;
    }

    private LintSettings lint(NodeTuple t) {
        if (t == null) {
            return LintSettings.DEFAULTS;
        }
        Map<String, NodeTuple> entries = mapping(t.getValueNode(), "lint", null);
        if (entries == null) {
            return LintSettings.DEFAULTS;
        }
        Map<LintCode, Severity> overrides = new EnumMap<>(LintCode.class);
        List<String> allow = LintSettings.DEFAULTS.charsetAllow();
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            var code = LintCode.byId(e.getKey());
            Node keyNode = e.getValue().getKeyNode();
            if (code.isEmpty()) {
                fail(keyNode, "unknown lint code '" + e.getKey() + "' (accepted: " + LintCode.allIds() + ")");
                continue;
            }
            if (!code.get().configurable()) {
                fail(keyNode, "'" + e.getKey() + "' cannot be configured: a schema that does not load has nothing to deploy");
                continue;
            }
            Node value = e.getValue().getValueNode();
            if (code.get() == LintCode.CHARSET && value instanceof MappingNode) {
                Map<String, NodeTuple> cs = mapping(value, "lint.charset", CHARSET_KEYS);
                if (cs == null) {
                    continue;
                }
                if (cs.containsKey("severity")) {
                    severity(cs.get("severity").getValueNode(), code.get(), overrides);
                }
                if (cs.containsKey("allow")) {
                    List<String> list = stringList(cs.get("allow").getValueNode(), "lint.charset.allow");
                    if (list != null) {
                        allow = list;
                    }
                }
                continue;
            }
            severity(value, code.get(), overrides);
        }
        return new LintSettings(overrides, allow);
    }

    private void severity(Node value, LintCode code, Map<LintCode, Severity> into) {
        // YAML 1.1 reads a bare `off` as the boolean false.
        String v = value instanceof ScalarNode s ? s.getValue() : null;
        if (v == null) {
            fail(value, "lint." + code.id() + " must be one of: error, warning, info, off");
            return;
        }
        if (v.equalsIgnoreCase("false") || v.equalsIgnoreCase("no")) {
            v = "off";
        }
        var sev = Severity.parse(v);
        if (sev.isEmpty()) {
            fail(value, "lint." + code.id() + " severity '" + v + "' is not one of: error, warning, info, off");
            return;
        }
        into.put(code, sev.get());
    }

    private Approvals approvals(NodeTuple t) {
        if (t == null) {
            return Approvals.DEFAULTS;
        }
        Map<String, NodeTuple> a = mapping(t.getValueNode(), "approvals", APPROVAL_KEYS);
        if (a == null) {
            return Approvals.DEFAULTS;
        }
        int required = Approvals.DEFAULTS.required();
        if (a.containsKey("required")) {
            Node n = a.get("required").getValueNode();
            String v = scalar(n, "approvals.required");
            try {
                required = v == null ? required : Integer.parseInt(v.trim());
                if (required < 0 || required > 20) {
                    fail(n, "approvals.required must be a number from 0 to 20, not " + required);
                }
            } catch (NumberFormatException e) {
                fail(n, "approvals.required must be a number from 0 to 20, not '" + v + "'");
            }
        }
        List<String> teams = a.containsKey("teams") ? teamList(a.get("teams").getValueNode(), "approvals.teams") : null;
        List<String> dl = a.containsKey("data_loss_teams")
                ? teamList(a.get("data_loss_teams").getValueNode(), "approvals.data_loss_teams") : null;
        boolean codeowners = bool(a.get("codeowners"), false);
        return new Approvals(required, teams == null ? List.of() : teams, codeowners, dl == null ? List.of() : dl);
    }

    private boolean bool(NodeTuple t, boolean dflt) {
        if (t == null) {
            return dflt;
        }
        String v = scalar(t.getValueNode(), ((ScalarNode) t.getKeyNode()).getValue());
        if (v == null) {
            return dflt;
        }
        return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> {
                fail(t.getValueNode(), ((ScalarNode) t.getKeyNode()).getValue() + " must be true or false, not '" + v + "'");
                yield dflt;
            }
        };
    }

    /** A mapping's entries by key; reports non-mappings and (when {@code allowed} is given) unknown keys. */
    private Map<String, NodeTuple> mapping(Node node, String where, List<String> allowed) {
        if (!(node instanceof MappingNode m)) {
            fail(node, where + " must be a mapping of key: value" + (allowed == null ? "" : " (keys: "
                    + String.join(", ", allowed) + ")"));
            return null;
        }
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                fail(t.getKeyNode(), "keys in " + where + " must be plain names");
                continue;
            }
            if (allowed != null && !allowed.contains(k.getValue())) {
                fail(k, "unknown key '" + k.getValue() + "' in " + where + " (accepted: " + String.join(", ", allowed) + ")");
                continue;
            }
            if (out.containsKey(k.getValue())) {
                fail(k, "duplicate key '" + k.getValue() + "' in " + where);
                continue;
            }
            out.put(k.getValue(), t);
        }
        return out;
    }

    private String scalar(Node node, String where) {
        if (node instanceof ScalarNode s) {
            return s.getValue();
        }
        fail(node, where + " must be a single value");
        return null;
    }

    private List<String> stringList(Node node, String where) {
        if (!(node instanceof SequenceNode seq)) {
            fail(node, where + " must be a list, e.g. [a, b]");
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Node n : seq.getValue()) {
            String v = scalar(n, where + " entries");
            if (v != null && !v.isBlank()) {
                out.add(v.trim());
            }
        }
        return out;
    }

    private static final java.util.regex.Pattern TEAM =
            java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*(/[A-Za-z0-9][A-Za-z0-9_.-]*)?");

    /** Team slugs: {@code dba} (in the repository's organization) or {@code org/dba}; a leading @ is dropped. */
    private List<String> teamList(Node node, String where) {
        if (!(node instanceof SequenceNode seq)) {
            fail(node, where + " must be a list of team slugs, e.g. [dba] or [acme/dba]");
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Node n : seq.getValue()) {
            String v = scalar(n, where + " entries");
            if (v == null || v.isBlank()) {
                continue;
            }
            String t = v.trim().startsWith("@") ? v.trim().substring(1) : v.trim();
            if (!TEAM.matcher(t).matches()) {
                fail(n, where + " entry '" + v.trim() + "' is not a team slug: use the slug as in the team's URL,"
                        + " e.g. dba, or org/slug for a team of another organization, e.g. acme/dba");
                continue;
            }
            out.add(t);
        }
        return out;
    }

    private void fail(Node node, String message) {
        Mark m = node.getStartMark();
        fail(m.getLine() + 1, m.getColumn() + 1, message);
    }

    private void fail(int line, int column, String message) {
        problems.add(new ConfigProblem(file, line, column, message));
    }
}
