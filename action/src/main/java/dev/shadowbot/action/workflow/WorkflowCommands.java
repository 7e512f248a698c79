package dev.shadowbot.action.workflow;

/**
 * GitHub Actions workflow commands ({@code ::error file=…,line=…::message}), escaped as the runner
 * expects, so a finding shows as an annotation at the schema file's line.
 */
public final class WorkflowCommands {
    /** Annotation levels the runner understands. */
    public enum Level {
        error,
        warning,
        notice
    }

    private WorkflowCommands() {
    }

    /** One annotation line; {@code file} may be null and {@code line} ≤ 0 to omit them. */
    public static String annotation(Level level, String file, int line, String title, String message) {
        StringBuilder props = new StringBuilder();
        if (file != null && !file.isBlank()) {
            props.append("file=").append(escapeProperty(file));
            if (line > 0) {
                props.append(",line=").append(line);
            }
        }
        if (title != null && !title.isBlank()) {
            if (props.length() > 0) {
                props.append(',');
            }
            props.append("title=").append(escapeProperty(title));
        }
        return "::" + level + (props.length() > 0 ? " " + props : "") + "::" + escapeData(message);
    }

    static String escapeData(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    static String escapeProperty(String s) {
        return escapeData(s).replace(":", "%3A").replace(",", "%2C");
    }
}
