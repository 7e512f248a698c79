package dev.shadowbot.action;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.schema.SourceProblem;
import java.util.List;

/** Bad input in the schema files (exit 2), carrying each problem so that {@code --format json} can list them. */
final class SchemaProblems extends ShadowbotException {
    private static final long serialVersionUID = 1L;
    private final transient List<SourceProblem> problems;

    SchemaProblems(String message, String nextStep, List<SourceProblem> problems) {
        super(ErrorCode.BAD_INPUT, message, nextStep);
        this.problems = List.copyOf(problems);
    }

    List<SourceProblem> problems() {
        return problems;
    }
}
