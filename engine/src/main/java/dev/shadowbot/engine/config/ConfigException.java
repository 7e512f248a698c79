package dev.shadowbot.engine.config;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import java.util.List;

/** A config file with problems; every problem names file:line:column. Nothing was applied. */
public final class ConfigException extends ShadowbotException {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(ErrorCode.BAD_INPUT, summary(problems), "fix the config file; see docs/config.md for every key");
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String summary(List<ConfigProblem> problems) {
        StringBuilder sb = new StringBuilder();
        for (ConfigProblem p : problems) {
            if (sb.length() > 0) {
                sb.append("\n");
            }
            sb.append(p);
        }
        return sb.toString();
    }
}
