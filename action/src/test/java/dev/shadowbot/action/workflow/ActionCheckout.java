package dev.shadowbot.action.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.shadowbot.engine.testing.WebhookExamples;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the runner has on disk for {@code uses: owner/repo/action@ref}: the repository's files at that ref
 * under {@code <work>/_actions/<owner>/<repo>/<ref>/} (here: this checkout's build files, main sources and
 * action folder, with the project version set), a local stand-in for the repository's release downloads
 * serving the real built CLI with its SHA256SUMS, and the webhook payloads GitHub sends.
 */
final class ActionCheckout {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The module folder ({@code action/}) of this checkout: failsafe runs in it. */
    static final Path MODULE = Path.of("").toAbsolutePath();
    static final Path ROOT = MODULE.getParent();
    static final Path BUILT_JAR = MODULE.resolve("target/shadowbot.jar");

    private ActionCheckout() {
    }

    /** Lays out the repository at {@code ref} with the project version {@code version}; returns the action's path. */
    static Path layOut(Path work, String owner, String repo, String ref, String version) throws IOException {
        Path root = work.resolve("_actions").resolve(owner).resolve(repo).resolve(ref);
        for (String dir : List.of("engine/src/main", "action/src/main")) {
            ActionRunner.copyTree(ROOT.resolve(dir), root.resolve(dir));
        }
        for (String file : List.of("pom.xml", "engine/pom.xml", "action/pom.xml")) {
            String pom = Files.readString(ROOT.resolve(file)).replace("0.1.0-SNAPSHOT", version);
            Files.createDirectories(root.resolve(file).getParent());
            Files.writeString(root.resolve(file), pom);
        }
        try (var files = Files.list(MODULE)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".sh") || p.toString().endsWith(".yml")).toList()) {
                Files.copy(f, root.resolve("action").resolve(f.getFileName().toString()));
            }
        }
        return root.resolve("action");
    }

    /** The release assets of {@code version}, made by the script the release workflow runs; returns the downloads root. */
    static Path releaseAssets(Path dir, String version) throws Exception {
        Path assets = dir.resolve("v" + version);
        Process p = new ProcessBuilder("bash", MODULE.resolve("release-assets.sh").toString(), assets.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("release-assets.sh failed: " + out);
        }
        return dir;
    }

    static String sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Serves a folder over HTTP on the loopback address, as the release download URLs do; records each path. */
    static final class Downloads implements AutoCloseable {
        final List<String> requests = new CopyOnWriteArrayList<>();
        private final HttpServer server;

        Downloads(Path root) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                requests.add(path);
                Path file = root.resolve(path.substring(1)).normalize();
                if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                    exchange.sendResponseHeaders(404, -1);
                    exchange.close();
                    return;
                }
                exchange.sendResponseHeaders(200, Files.size(file));
                try (var out = exchange.getResponseBody()) {
                    Files.copy(file, out);
                }
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /**
     * GitHub's own example payload {@code <event>.<action>.payload.json} (from {@link WebhookExamples}: the
     * first example of that event and action), to patch.
     */
    static ObjectNode payload(String name) {
        String[] parts = name.split("\\.");
        return WebhookExamples.first(parts[0], parts[1]);
    }

    /** {@code pull_request} (synchronize) on {@code number}. */
    static Path pullRequestEvent(Path dir, int number) throws IOException {
        ObjectNode p = payload("pull_request.synchronize.payload.json");
        p.put("number", number);
        ((ObjectNode) p.get("pull_request")).put("number", number);
        return write(dir.resolve("pull_request.json"), p);
    }

    /** {@code pull_request} closed and merged. */
    static Path mergedEvent(Path dir, int number) throws IOException {
        ObjectNode p = payload("pull_request.closed.payload.json");
        p.put("number", number);
        ObjectNode pr = (ObjectNode) p.get("pull_request");
        pr.put("number", number);
        pr.put("merged", true);
        pr.put("merged_at", "2019-05-15T15:21:00Z");
        return write(dir.resolve("pull_request_closed.json"), p);
    }

    /** {@code issue_comment} (created) with {@code body} on pull request {@code number}. */
    static Path commentEvent(Path dir, int number, String body) throws IOException {
        ObjectNode p = payload("issue_comment.created.payload.json");
        ObjectNode issue = (ObjectNode) p.get("issue");
        issue.put("number", number);
        String repo = p.path("repository").path("full_name").asText();
        // An issue that is a pull request carries these links (the example payload's issue is a plain issue).
        issue.putObject("pull_request").put("url", "https://api.github.com/repos/" + repo + "/pulls/" + number)
                .put("html_url", "https://github.com/" + repo + "/pull/" + number)
                .put("diff_url", "https://github.com/" + repo + "/pull/" + number + ".diff")
                .put("patch_url", "https://github.com/" + repo + "/pull/" + number + ".patch");
        ((ObjectNode) p.get("comment")).put("body", body);
        return write(dir.resolve("issue_comment-" + body.replaceAll("\\W", "") + ".json"), p);
    }

    private static Path write(Path file, ObjectNode payload) throws IOException {
        Files.createDirectories(file.getParent());
        JSON.writeValue(file.toFile(), payload);
        return file;
    }
}
