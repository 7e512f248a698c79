package dev.shadowbot.bot.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.db.DatabaseUrl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a {@link BotConfig} from an optional YAML file and the environment. Every setting has an
 * environment variable ({@code SHADOWBOT_PORT}, {@code SHADOWBOT_WEBHOOK_SECRET} or
 * {@code SHADOWBOT_WEBHOOK_SECRET_FILE}, {@code SHADOWBOT_APP_ID}, {@code SHADOWBOT_PRIVATE_KEY_FILE},
 * {@code SHADOWBOT_GITHUB_API_URL}, {@code SHADOWBOT_STATE_DB_URL}, {@code SHADOWBOT_DATABASES} as
 * {@code name=url,name=url}, {@code SHADOWBOT_WORKERS}, {@code SHADOWBOT_MAX_ATTEMPTS},
 * {@code SHADOWBOT_RETRY_BASE}, {@code SHADOWBOT_RETRY_MAX}, {@code SHADOWBOT_DOCS_URL}); a set variable overrides the file.
 * Which repositories may use each database: {@code databases.NAME.repositories} in the file, or
 * {@code SHADOWBOT_DATABASE_REPOS} as {@code name=owner/repo[:branch] owner/repo2,name2=…}.
 * Error messages name the setting, never its secret value.
 */
public final class BotConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<String, String> env;

    public BotConfigLoader(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** Loads settings; {@code file} may be null. Throws BAD_INPUT listing every missing or bad setting. */
    public BotConfig load(Path file) {
        Map<String, String> settings = new LinkedHashMap<>();
        Map<String, String> databases = new LinkedHashMap<>();
        Map<String, List<String>> repos = new LinkedHashMap<>();
        if (file != null) {
            readFile(file, settings, databases, repos);
        }
        overlayEnv(settings, databases, repos);
        List<String> errors = new ArrayList<>();
        int port = intSetting(settings, "port", 8080, errors);
        String secret = secret(settings, errors);
        long appId = longSetting(settings, "app_id", errors);
        String keyFile = settings.getOrDefault("private_key_file", "");
        if (keyFile.isBlank()) {
            errors.add("private_key_file (SHADOWBOT_PRIVATE_KEY_FILE) is not set");
        } else if (!Files.isReadable(Path.of(keyFile))) {
            errors.add("private_key_file " + keyFile + " is not a readable file");
        }
        String api = settings.getOrDefault("github_api_url", BotConfig.DEFAULT_API_URL).replaceAll("/+$", "");
        Optional<DatabaseUrl> state = Optional.empty();
        String stateUrl = settings.getOrDefault("state_db_url", "");
        if (!stateUrl.isBlank()) {
            state = Optional.of(parseUrl("state_db_url", stateUrl, errors));
        }
        Map<String, DatabaseUrl> dbs = new LinkedHashMap<>();
        databases.forEach((name, url) -> dbs.put(name, parseUrl("databases." + name, url, errors)));
        Map<String, List<RepoBinding>> bindings = bindings(repos, databases.keySet(), errors);
        int workers = intSetting(settings, "workers", 4, errors);
        int maxAttempts = intSetting(settings, "max_attempts", 8, errors);
        Duration retryBase = duration(settings, "retry_base", Duration.ofSeconds(2), errors);
        Duration retryMax = duration(settings, "retry_max", Duration.ofMinutes(5), errors);
        if (!errors.isEmpty()) {
            throw ShadowbotException.badInput("bot settings are incomplete or invalid: " + String.join("; ", errors),
                    "set them in bot.yml (--config) or through SHADOWBOT_* environment variables (see docs/bot.md)");
        }
        return new BotConfig(port, secret, appId, keyFile.isBlank() ? null : Path.of(keyFile), api, state, dbs,
                bindings, Math.max(1, workers), Math.max(1, maxAttempts), retryBase, retryMax,
                settings.getOrDefault("docs_url", ""));
    }

    private static void readFile(Path file, Map<String, String> settings, Map<String, String> databases,
                                 Map<String, List<String>> repos) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw ShadowbotException.badInput("cannot read bot settings " + file + ": " + firstLine(e.getMessage()),
                    "check that the file exists and is valid YAML");
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return;
        }
        if (!root.isObject()) {
            throw ShadowbotException.badInput(file + ": expected a mapping of settings", "see docs/bot.md for the keys");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("databases")) {
                if (!e.getValue().isObject()) {
                    throw ShadowbotException.badInput(file + ": 'databases' must map names to URLs",
                            "write databases: {app: mysql://user:pass@host:3306/app}");
                }
                e.getValue().fields().forEachRemaining(d -> database(file, d.getKey(), d.getValue(), databases, repos));
            } else if (e.getValue().isValueNode()) {
                settings.put(e.getKey(), e.getValue().asText());
            } else {
                throw ShadowbotException.badInput(file + ": setting '" + e.getKey() + "' must be a single value",
                        "see docs/bot.md for the keys");
            }
        }
    }

    /** {@code name: URL} (bound to no repository), or {@code name: {url: URL, repositories: [owner/repo, …]}}. */
    private static void database(Path file, String name, JsonNode value, Map<String, String> databases,
                                 Map<String, List<String>> repos) {
        if (value.isValueNode()) {
            databases.put(name, value.asText());
            return;
        }
        String where = file + ": databases." + name;
        if (!value.isObject()) {
            throw ShadowbotException.badInput(where + " must be a URL or a mapping with url and repositories",
                    "write databases: {" + name + ": {url: mysql://user:pass@host:3306/" + name
                            + ", repositories: [owner/repo]}}");
        }
        for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!key.equals("url") && !key.equals("repositories")) {
                throw ShadowbotException.badInput(where + " has an unknown key '" + key + "'",
                        "the keys are url and repositories (see docs/deploy.md)");
            }
        }
        databases.put(name, value.path("url").asText(""));
        JsonNode list = value.path("repositories");
        if (list.isMissingNode() || list.isNull()) {
            return;
        }
        if (!list.isArray()) {
            throw ShadowbotException.badInput(where + ".repositories must be a list",
                    "write repositories: [owner/repo, owner/repo:branch]");
        }
        List<String> entries = new ArrayList<>();
        list.forEach(n -> entries.add(n.asText()));
        repos.put(name, entries);
    }

    private static Map<String, List<RepoBinding>> bindings(Map<String, List<String>> repos, java.util.Set<String> names,
                                                           List<String> errors) {
        Map<String, List<RepoBinding>> out = new LinkedHashMap<>();
        repos.forEach((name, entries) -> {
            if (!names.contains(name)) {
                errors.add("databases." + name + ".repositories binds a database that has no URL");
                return;
            }
            List<RepoBinding> list = new ArrayList<>();
            for (String entry : entries) {
                RepoBinding.parse(entry).ifPresentOrElse(list::add, () -> errors.add("databases." + name
                        + ".repositories entry '" + entry + "' is not owner/repo or owner/repo:branch"));
            }
            out.put(name, list);
        });
        return out;
    }

    private void overlayEnv(Map<String, String> settings, Map<String, String> databases,
                            Map<String, List<String>> repos) {
        for (String key : List.of("port", "webhook_secret", "webhook_secret_file", "app_id", "private_key_file",
                "github_api_url", "state_db_url", "workers", "max_attempts", "retry_base", "retry_max", "docs_url")) {
            String v = env.get("SHADOWBOT_" + key.toUpperCase(Locale.ROOT));
            if (v != null && !v.isBlank()) {
                settings.put(key, v.trim());
            }
        }
        Map<String, String> urls = named("SHADOWBOT_DATABASES", "app=mysql://…,analytics=mysql://…");
        if (!urls.isEmpty()) {
            databases.clear();
            databases.putAll(urls);
        }
        Map<String, String> bound = named("SHADOWBOT_DATABASE_REPOS", "app=acme/shop acme/admin:main,analytics=…");
        if (!bound.isEmpty()) {
            repos.clear();
            bound.forEach((name, list) -> repos.put(name, List.of(list.split("\\s+"))));
        }
    }

    /** {@code name=value,name=value} from an environment variable; empty when it is unset. */
    private Map<String, String> named(String variable, String example) {
        Map<String, String> out = new LinkedHashMap<>();
        String text = env.get(variable);
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String pair : text.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw ShadowbotException.badInput(variable + " entry #" + (out.size() + 1) + " has no name=",
                        "write " + variable + "=" + example);
            }
            out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return out;
    }

    private static String secret(Map<String, String> settings, List<String> errors) {
        String inline = settings.getOrDefault("webhook_secret", "");
        String file = settings.getOrDefault("webhook_secret_file", "");
        if (!file.isBlank()) {
            try {
                return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                errors.add("webhook_secret_file " + file + " cannot be read");
                return "";
            }
        }
        if (inline.isBlank()) {
            errors.add("webhook_secret (SHADOWBOT_WEBHOOK_SECRET or SHADOWBOT_WEBHOOK_SECRET_FILE) is not set");
        }
        return inline;
    }

    private static DatabaseUrl parseUrl(String name, String url, List<String> errors) {
        try {
            return DatabaseUrl.parse(url);
        } catch (ShadowbotException e) {
            errors.add(name + ": " + e.getMessage());
            return null;
        }
    }

    private static int intSetting(Map<String, String> s, String key, int dflt, List<String> errors) {
        String v = s.get(key);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            errors.add(key + " '" + v + "' is not a whole number");
            return dflt;
        }
    }

    private static long longSetting(Map<String, String> s, String key, List<String> errors) {
        String v = s.get(key);
        if (v == null || v.isBlank()) {
            errors.add(key + " (SHADOWBOT_" + key.toUpperCase(Locale.ROOT) + ") is not set");
            return 0;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            errors.add(key + " '" + v + "' is not a whole number");
            return 0;
        }
    }

    /** The one duration syntax ({@link dev.shadowbot.engine.config.Durations}): 500ms, 2s, 5m, 1h, ISO-8601 (PT2S). */
    static Duration duration(Map<String, String> s, String key, Duration dflt, List<String> errors) {
        String v = s.get(key);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        java.util.Optional<Duration> d = dev.shadowbot.engine.config.Durations.parse(v.trim());
        if (d.isPresent()) {
            return d.get();
        }
        errors.add(key + " '" + v + "' is not a duration like 500ms, 2s or 5m");
        return dflt;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl >= 0 ? s.substring(0, nl) : s;
    }
}
