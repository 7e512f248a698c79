package dev.shadowbot.action;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.schema.SourceProblem;
import java.util.List;

/**
 * A refusal that carries what it refuses, so that {@code --format json} can list it: the schema files'
 * problems (bad input, exit 2) or the blocking lint findings (exit 1).
 */
final class DetailedRefusal extends ShadowbotException {
    private static final long serialVersionUID = 1L;
    private final transient List<SourceProblem> problems;
    private final transient List<dev.shadowbot.engine.lint.Finding> findings;

    DetailedRefusal(String message, String nextStep, List<SourceProblem> problems) {
        super(ErrorCode.BAD_INPUT, message, nextStep);
        this.problems = List.copyOf(problems);
        this.findings = List.of();
    }

    /** The plan's blocking findings (exit 1). */
    DetailedRefusal(List<dev.shadowbot.engine.lint.Finding> findings, String message, String nextStep) {
        super(ErrorCode.BLOCKED, message, nextStep);
        this.problems = List.of();
        this.findings = List.copyOf(findings);
    }

    List<SourceProblem> problems() {
        return problems;
    }

    /** As JSON-ready maps: each problem (file, line, column, code, message) or finding (code, severity, table, …). */
    java.util.Map<String, Object> details() {
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        if (!problems.isEmpty()) {
            out.put("problems", problems.stream().map(p -> {
                java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("file", p.file());
                m.put("line", p.line());
                m.put("column", p.column());
                m.put("code", p.code());
                m.put("message", p.message());
                return m;
            }).toList());
        }
        if (!findings.isEmpty()) {
            out.put("findings", findings.stream().map(f -> {
                java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("code", f.code().id());
                m.put("severity", f.severity().name());
                m.put("table", f.table());
                m.put("file", f.file());
                m.put("line", f.line());
                m.put("message", f.message());
                return m;
            }).toList());
        }
        return out;
    }
}
