package dev.shadowbot.bot.gate;

import dev.shadowbot.bot.github.RepoApi;
import dev.shadowbot.bot.github.RepoApi.PullRequestInfo;
import dev.shadowbot.engine.config.ConfigException;
import dev.shadowbot.engine.config.ConfigLoader;
import dev.shadowbot.engine.config.ConfigProblem;
import dev.shadowbot.engine.config.DatabaseConfig;
import dev.shadowbot.engine.config.ShadowbotConfig;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The rules that judge a pull request: {@code .github/shadowbot.yml} read from the pull request's
 * <em>base branch</em> at the moment of the decision, never from its head. Approvals, teams,
 * data-loss rules, the revert window, lint severities and the folder → database map all come from
 * here, so no pull request can loosen the rules it is judged by; a change to the file in a pull
 * request takes effect once it is merged. The head supplies only the desired schema files.
 *
 * @param ref      the base branch the file was read from
 * @param text     the file's text; empty when the branch has none
 * @param config   the parsed policy; empty when the file is missing or has errors
 * @param problems the file's errors (lines of the base branch's version)
 */
public record BasePolicy(String ref, String text, Optional<ShadowbotConfig> config, List<ConfigProblem> problems) {
    public static final String PATH = ShadowbotConfig.DEFAULT_PATH;

    public BasePolicy {
        problems = List.copyOf(problems);
    }

    /** Reads and parses the policy at the head of the pull request's base branch. */
    public static BasePolicy load(RepoApi repo, PullRequestInfo pr) throws IOException {
        Optional<String> text = repo.file(PATH, pr.baseRef());
        if (text.isEmpty()) {
            return new BasePolicy(pr.baseRef(), "", Optional.empty(), List.of());
        }
        try {
            return new BasePolicy(pr.baseRef(), text.get(), Optional.of(ConfigLoader.parse(PATH, text.get())), List.of());
        } catch (ConfigException e) {
            return new BasePolicy(pr.baseRef(), text.get(), Optional.empty(), e.problems());
        }
    }

    /** The base branch has the file (valid or not). */
    public boolean present() {
        return !text.isEmpty() || !problems.isEmpty();
    }

    /** The schema folders of every database the policy maps, without trailing slashes, sorted. */
    public List<String> schemaDirs() {
        return config.map(BasePolicy::schemaDirs).orElse(List.of());
    }

    /** The schema folders of every database {@code config} maps, without trailing slashes, sorted. */
    public static List<String> schemaDirs(ShadowbotConfig config) {
        return config.databases().values().stream().map(DatabaseConfig::schemaDir)
                .map(d -> d.replaceAll("/+$", "")).sorted().toList();
    }
}
