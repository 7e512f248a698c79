package dev.shadowbot.action.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A stateful stand-in for the slice of GitHub's REST API a workflow step uses: a repository, its
 * pull requests as issues, and their comments (list, create, edit). Records every request.
 */
final class FakeIssueComments extends Dispatcher {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String BOT = "github-actions[bot]";

    final Map<Long, String> comments = new ConcurrentHashMap<>();
    final Map<Long, Integer> commentIssue = new ConcurrentHashMap<>();
    /** Who wrote each comment; absent: the workflow token's identity, {@code github-actions[bot]}. */
    final Map<Long, String> commentAuthor = new ConcurrentHashMap<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong(1000);
    private final String repo;
    private final String base;
    volatile int forceStatusOnWrite;

    FakeIssueComments(String repo, String base) {
        this.repo = repo;
        this.base = base.replaceAll("/$", "");
    }

    @Override
    public MockResponse dispatch(RecordedRequest r) {
        String method = r.getMethod();
        String path = r.getUrl().encodedPath();
        requests.add(method + " " + path);
        try {
            if (method.equals("GET") && path.equals("/user")) {
                // GITHUB_TOKEN is an installation token: GitHub refuses it /user.
                return error(403);
            }
            if (method.equals("GET") && path.equals("/repos/" + repo)) {
                ObjectNode o = JSON.createObjectNode();
                o.put("id", 1).put("name", repo.split("/")[1]).put("full_name", repo)
                        .put("url", base + "/repos/" + repo).put("html_url", "https://github.test/" + repo);
                o.putObject("owner").put("login", repo.split("/")[0]).put("id", 2);
                return json(200, o);
            }
            String issuePrefix = "/repos/" + repo + "/issues/";
            if (method.equals("GET") && path.matches("/repos/" + repo + "/issues/\\d+")) {
                int n = Integer.parseInt(path.substring(issuePrefix.length()));
                ObjectNode o = JSON.createObjectNode();
                o.put("id", 500 + n).put("number", n).put("title", "PR " + n).put("state", "open")
                        .put("url", base + issuePrefix + n);
                o.putObject("pull_request").put("url", base + "/repos/" + repo + "/pulls/" + n);
                return json(200, o);
            }
            if (path.matches("/repos/" + repo + "/issues/\\d+/comments")) {
                int n = Integer.parseInt(path.substring(issuePrefix.length(), path.lastIndexOf('/')));
                if (method.equals("GET")) {
                    ArrayNode list = JSON.createArrayNode();
                    List<Long> sorted = new ArrayList<>(comments.keySet());
                    sorted.sort(Long::compare);
                    for (Long id : sorted) {
                        if (commentIssue.get(id) == n) {
                            list.add(comment(id));
                        }
                    }
                    return json(200, list);
                }
                if (method.equals("POST")) {
                    if (forceStatusOnWrite != 0) {
                        return error(forceStatusOnWrite);
                    }
                    String body = JSON.readTree(r.getBody().utf8()).path("body").asText();
                    long id = ids.incrementAndGet();
                    comments.put(id, body);
                    commentIssue.put(id, n);
                    return json(201, comment(id));
                }
            }
            if (method.equals("PATCH") && path.matches("/repos/" + repo + "/issues/comments/\\d+")) {
                if (forceStatusOnWrite != 0) {
                    return error(forceStatusOnWrite);
                }
                long id = Long.parseLong(path.substring(path.lastIndexOf('/') + 1));
                comments.put(id, JSON.readTree(r.getBody().utf8()).path("body").asText());
                return json(200, comment(id));
            }
            return error(404);
        } catch (Exception e) {
            return error(500);
        }
    }

    private ObjectNode comment(long id) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", id).put("body", comments.get(id)).put("url", base + "/repos/" + repo + "/issues/comments/" + id)
                .put("created_at", "2026-11-21T05:00:00Z").put("updated_at", "2026-11-21T05:00:00Z");
        String author = commentAuthor.getOrDefault(id, BOT);
        o.putObject("user").put("login", author).put("id", author.equals(BOT) ? 41898282 : 583231)
                .put("type", author.endsWith("[bot]") ? "Bot" : "User");
        return o;
    }

    private static MockResponse json(int code, Object body) throws Exception {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json")
                .body(JSON.writeValueAsString(body)).build();
    }

    private static MockResponse error(int code) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json")
                .body("{\"message\":\"" + (code == 403 ? "Resource not accessible by integration" : "Not Found")
                        + "\",\"documentation_url\":\"https://docs.github.com/rest\"}").build();
    }
}
