package dev.shadowbot.action;

import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.db.EmbeddedMariaDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts {@code shadowbot resume --id N} as a background JVM with the same class path. The database
 * URL (with its password) travels in the child's environment, never on its command line, where any
 * user could read it with {@code ps}.
 *
 * @param pid the child's process id
 * @param log where its output goes
 */
record Detached(long pid, Path log) {
    static Detached resume(DatabaseUrl url, long id, int leaseSeconds, boolean debug) {
        // --verbose: its log file gets the engine's lines.
        return start(url, List.of("resume", "--id", Long.toString(id), "--lease-seconds", Integer.toString(leaseSeconds),
                "--verbose"), "deploy-request-" + id, debug);
    }

    /** Starts {@code shadowbot <args>} in the background, its output appended to {@code <logName>.log}. */
    static Detached start(DatabaseUrl url, List<String> args, String logName, boolean debug) {
        try {
            Path logs = Files.createDirectories(EmbeddedMariaDb.cacheDir().resolve("logs"));
            // Request ids are per server: the log's name says which server and database too.
            Path log = logs.resolve((url.host() + "-" + url.port() + "-" + url.database() + "-" + logName)
                    .replaceAll("[^A-Za-z0-9._-]", "_") + ".log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                    Main.class.getName()));
            cmd.addAll(args);
            if (debug) {
                cmd.add("--debug");
            }
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().put("SHADOWBOT_DATABASE_URL", jdbcLikeUrl(url));
            Process p = pb.start();
            return new Detached(p.pid(), log);
        } catch (IOException e) {
            throw new ShadowbotException(dev.shadowbot.engine.ErrorCode.INTERNAL,
                    "could not start the background process: " + e.getMessage(), "run without --detach", e);
        }
    }

    /** A mysql:// URL with the password, for the child's environment only. */
    private static String jdbcLikeUrl(DatabaseUrl u) {
        String enc = u.user().isEmpty() ? "" : java.net.URLEncoder.encode(u.user(), java.nio.charset.StandardCharsets.UTF_8)
                + (u.password().isEmpty() ? "" : ":" + java.net.URLEncoder.encode(u.password(),
                java.nio.charset.StandardCharsets.UTF_8)) + "@";
        String host = u.host().contains(":") ? "[" + u.host() + "]" : u.host();
        StringBuilder q = new StringBuilder();
        u.params().forEach((k, v) -> q.append(q.length() == 0 ? "?" : "&")
                .append(java.net.URLEncoder.encode(k, java.nio.charset.StandardCharsets.UTF_8)).append('=')
                .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)));
        return "mysql://" + enc + host + ":" + u.port() + "/" + u.database() + q;
    }
}
