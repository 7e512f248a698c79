package dev.shadowbot.bot.deploy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.shadowbot.bot.deploy.RepoConfig.ConfigError;
import dev.shadowbot.bot.deploy.RepoConfig.Database;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses {@code .github/shadowbot.yml} keeping the line of every key, so each error names
 * {@code file:line}. Keys of the deploy lifecycle ({@code approvals}, {@code revert_window},
 * {@code auto_deploy_on_approval}) are accepted here and read by the lifecycle.
 */
public final class RepoConfigParser {
    private static final YAMLFactory YAML = new YAMLFactory();
    private static final Set<String> TOP_LEVEL = Set.of("databases", "approvals", "revert_window",
            "auto_deploy_on_approval");
    private static final Set<String> DATABASE_KEYS = Set.of("schema_dir");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final int MAX_BYTES = 256 * 1024;

    private RepoConfigParser() {
    }

    /** A YAML value with the line it starts on: a Map, a List or a scalar String (null for YAML null). */
    private record Node(Object value, int line) {
    }

    public static RepoConfig parse(String text) {
        String file = RepoConfig.PATH;
        List<ConfigError> errors = new ArrayList<>();
        Map<String, Database> dbs = new LinkedHashMap<>();
        if (text.length() > MAX_BYTES) {
            errors.add(new ConfigError(file, 1, "the file is larger than 256 KB"));
            return new RepoConfig(dbs, errors);
        }
        Node root;
        try (JsonParser p = YAML.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                errors.add(new ConfigError(file, 1, "the file is empty; declare databases: {name: {schema_dir: …}}"));
                return new RepoConfig(dbs, errors);
            }
            root = read(p, errors, file);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            errors.add(new ConfigError(file, at == null ? 1 : Math.max(1, at.getLineNr()),
                    "invalid YAML: " + e.getOriginalMessage().lines().findFirst().orElse("")));
            return new RepoConfig(dbs, errors);
        } catch (IOException e) {
            errors.add(new ConfigError(file, 1, "cannot read: " + e.getMessage()));
            return new RepoConfig(dbs, errors);
        }
        if (!(root.value() instanceof Map<?, ?> top)) {
            errors.add(new ConfigError(file, root.line(), "expected a mapping with a 'databases' key"));
            return new RepoConfig(dbs, errors);
        }
        for (Map.Entry<?, ?> e : top.entrySet()) {
            Node n = (Node) e.getValue();
            if (!TOP_LEVEL.contains((String) e.getKey())) {
                errors.add(new ConfigError(file, n.line(), "unknown key '" + e.getKey() + "' (known: "
                        + String.join(", ", TOP_LEVEL.stream().sorted().toList()) + ")"));
            }
        }
        Node databases = (Node) top.get("databases");
        if (databases == null) {
            errors.add(new ConfigError(file, root.line(), "no 'databases' key; declare databases: {name: {schema_dir: …}}"));
        } else if (!(databases.value() instanceof Map<?, ?> entries) || entries.isEmpty()) {
            errors.add(new ConfigError(file, databases.line(), "'databases' must map database names to {schema_dir: …}"));
        } else {
            for (Map.Entry<?, ?> e : entries.entrySet()) {
                database((String) e.getKey(), (Node) e.getValue(), file, errors).ifPresent(d -> dbs.put(d.name(), d));
            }
        }
        return new RepoConfig(dbs, errors);
    }

    private static java.util.Optional<Database> database(String name, Node node, String file, List<ConfigError> errors) {
        if (!NAME.matcher(name).matches()) {
            errors.add(new ConfigError(file, node.line(), "database name '" + name
                    + "' may only use letters, digits, '_' and '-' (at most 64)"));
            return java.util.Optional.empty();
        }
        if (!(node.value() instanceof Map<?, ?> fields)) {
            errors.add(new ConfigError(file, node.line(), "database '" + name + "' must be a mapping with schema_dir"));
            return java.util.Optional.empty();
        }
        for (Map.Entry<?, ?> f : fields.entrySet()) {
            if (!DATABASE_KEYS.contains((String) f.getKey())) {
                errors.add(new ConfigError(file, ((Node) f.getValue()).line(), "unknown key '" + f.getKey()
                        + "' in database '" + name + "' (known: schema_dir)"));
            }
        }
        Node dir = (Node) fields.get("schema_dir");
        if (dir == null || !(dir.value() instanceof String s) || s.isBlank()) {
            errors.add(new ConfigError(file, dir == null ? node.line() : dir.line(),
                    "database '" + name + "' needs schema_dir: the folder of its CREATE TABLE files"));
            return java.util.Optional.empty();
        }
        String clean = s.trim().replaceAll("^\\./", "").replaceAll("/+$", "");
        if (clean.startsWith("/") || clean.equals("..") || clean.startsWith("../") || clean.contains("/../")
                || clean.isEmpty()) {
            errors.add(new ConfigError(file, dir.line(), "schema_dir '" + s + "' must be a folder inside the repository"));
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Database(name, clean, node.line()));
    }

    /** Reads the value at the current token (already advanced to). */
    private static Node read(JsonParser p, List<ConfigError> errors, String file) throws IOException {
        int line = p.currentTokenLocation().getLineNr();
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            Map<String, Node> map = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                int keyLine = p.currentTokenLocation().getLineNr();
                p.nextToken();
                Node value = read(p, errors, file);
                if (map.containsKey(key)) {
                    errors.add(new ConfigError(file, keyLine, "duplicate key '" + key + "'"));
                }
                // Entries carry the key's line: that is where a reader looks for them.
                map.put(key, new Node(value.value(), keyLine));
            }
            return new Node(map, line);
        }
        if (t == JsonToken.START_ARRAY) {
            List<Node> list = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                list.add(read(p, errors, file));
            }
            return new Node(list, line);
        }
        return new Node(t == JsonToken.VALUE_NULL ? null : p.getText(), line);
    }
}
