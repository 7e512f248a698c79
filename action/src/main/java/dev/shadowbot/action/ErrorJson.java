package dev.shadowbot.action;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowbot.engine.ErrorCode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * With {@code --format json}, every outcome is JSON on stdout, refusals and usage errors included:
 * {@code {"error": {"code": "conflict", "exit": 4, "message": "…", "next": "…"}}}. The human text stays
 * on stderr.
 */
final class ErrorJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorJson() {
    }

    /** True when the raw arguments ask for JSON ({@code --format json} or {@code --format=json}). */
    static boolean asked(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--format=json") || args[i].equals("--format") && i + 1 < args.length
                    && args[i + 1].equals("json")) {
                return true;
            }
        }
        return false;
    }

    static void printIfAsked(String[] args, PrintWriter out, ErrorCode code, String message, String next) {
        printIfAsked(args, out, code, message, next, Map.of());
    }

    /** With what the refusal is about (e.g. {@code problems}, {@code findings}) beside the message. */
    static void printIfAsked(String[] args, PrintWriter out, ErrorCode code, String message, String next,
                             Map<String, Object> details) {
        if (!asked(args)) {
            return;
        }
        out.println(render(code, message, next, details));
        out.flush();
    }

    static String render(ErrorCode code, String message, String next, Map<String, Object> details) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("code", code.name().toLowerCase(Locale.ROOT));
        e.put("exit", code.exitCode());
        e.put("message", message);
        e.put("next", next == null ? "" : next);
        e.putAll(details);
        try {
            return JSON.writeValueAsString(Map.of("error", e));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
