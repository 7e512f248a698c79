package dev.shadowbot.engine.schema;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import java.util.List;

/**
 * The workspace server refused one or more desired CREATE TABLE statements. Each refusal is a
 * {@link SourceProblem} with the server's own message at the statement's file:line:column.
 */
public final class SchemaRejectedException extends ShadowbotException {
    private static final long serialVersionUID = 1L;

    private final transient List<SourceProblem> problems;

    SchemaRejectedException(List<SourceProblem> problems) {
        super(ErrorCode.BAD_INPUT, summary(problems), "fix the statement" + (problems.size() > 1 ? "s" : "")
                + " at the location" + (problems.size() > 1 ? "s" : "") + " the server named; it checks every"
                + " table before anything is planned");
        this.problems = List.copyOf(problems);
    }

    /** Every refusal, in file order. */
    public List<SourceProblem> problems() {
        return problems;
    }

    private static String summary(List<SourceProblem> problems) {
        int more = problems.size() - 1;
        return problems.get(0).render() + (more > 0 ? " (and " + more + " more)" : "");
    }
}
