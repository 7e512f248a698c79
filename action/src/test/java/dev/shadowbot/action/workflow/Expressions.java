package dev.shadowbot.action.workflow;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The slice of GitHub's expression language ({@code ${{ … }}}) that action.yml uses: context paths
 * ({@code inputs.x}, {@code github.action_path}, {@code steps.id.outputs.k}, {@code runner.os}), string
 * literals, {@code ==}, {@code !=}, {@code &&}, {@code ||}, {@code success()}, {@code contains(a, b)} and
 * {@code startsWith(a, b)}. Anything else throws, so
 * an expression the test runner cannot evaluate the way GitHub does fails the test instead of passing
 * as a guess. As on GitHub, a missing property is the empty string and comparisons of strings ignore case.
 */
final class Expressions {
    private static final Pattern TEMPLATE = Pattern.compile("\\$\\{\\{\\s*(.*?)\\s*}}");
    private static final Pattern CALL = Pattern.compile("(contains|startsWith)\\((.*)\\)");
    private static final Pattern PATH = Pattern.compile("[A-Za-z_][\\w-]*(\\.[A-Za-z_][\\w-]*)*");

    private final Map<String, Map<String, String>> contexts;

    /** @param contexts context name → flat property map; {@code steps} holds keys like {@code cli.outputs.dir} */
    Expressions(Map<String, Map<String, String>> contexts) {
        this.contexts = contexts;
    }

    /** Replaces every {@code ${{ expr }}} in {@code text}. */
    String interpolate(String text) {
        Matcher m = TEMPLATE.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(eval(m.group(1))));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** An {@code if:} condition (with or without {@code ${{ }}}); GitHub's default is {@code success()}. */
    boolean condition(String expr, boolean failedBefore) {
        if (expr == null || expr.isBlank()) {
            return !failedBefore;
        }
        String e = expr.strip();
        Matcher m = TEMPLATE.matcher(e);
        if (m.matches()) {
            e = m.group(1);
        }
        boolean usesStatus = e.contains("success()") || e.contains("failure()") || e.contains("always()");
        boolean value = truthy(eval(e.replace("success()", failedBefore ? "false" : "true")));
        return usesStatus ? value : value && !failedBefore;
    }

    String eval(String expr) {
        String e = expr.strip();
        int or = topLevel(e, "||");
        if (or >= 0) {
            String left = eval(e.substring(0, or));
            return truthy(left) ? left : eval(e.substring(or + 2));
        }
        int and = topLevel(e, "&&");
        if (and >= 0) {
            String left = eval(e.substring(0, and));
            return !truthy(left) ? left : eval(e.substring(and + 2));
        }
        for (String op : new String[] {"!=", "=="}) {
            int at = topLevel(e, op);
            if (at >= 0) {
                boolean equal = eval(e.substring(0, at)).equalsIgnoreCase(eval(e.substring(at + 2)));
                return String.valueOf(op.equals("==") == equal);
            }
        }
        Matcher call = CALL.matcher(e);
        if (call.matches()) {
            String inner = call.group(2);
            int comma = topLevel(inner, ",");
            if (comma < 0) {
                throw new IllegalArgumentException("expression the test runner does not evaluate: " + expr);
            }
            String a = eval(inner.substring(0, comma)).toLowerCase(java.util.Locale.ROOT);
            String b = eval(inner.substring(comma + 1)).toLowerCase(java.util.Locale.ROOT);
            return String.valueOf(call.group(1).equals("contains") ? a.contains(b) : a.startsWith(b));
        }
        if (e.equals("true") || e.equals("false")) {
            return e;
        }
        if (e.length() >= 2 && e.startsWith("'") && e.endsWith("'")) {
            return e.substring(1, e.length() - 1).replace("''", "'");
        }
        if (PATH.matcher(e).matches()) {
            int dot = e.indexOf('.');
            if (dot < 0 || !contexts.containsKey(e.substring(0, dot))) {
                throw new IllegalArgumentException("unknown context in expression: " + expr);
            }
            return contexts.get(e.substring(0, dot)).getOrDefault(e.substring(dot + 1), "");
        }
        throw new IllegalArgumentException("expression the test runner does not evaluate: " + expr);
    }

    private static boolean truthy(String v) {
        return !v.isEmpty() && !v.equals("false") && !v.equals("0");
    }

    /** Index of {@code op} outside string literals, or -1. */
    private static int topLevel(String e, String op) {
        boolean inString = false;
        for (int i = 0; i + op.length() <= e.length(); i++) {
            char c = e.charAt(i);
            if (c == '\'') {
                inString = !inString;
            } else if (!inString && e.startsWith(op, i)) {
                return i;
            }
        }
        return -1;
    }
}
