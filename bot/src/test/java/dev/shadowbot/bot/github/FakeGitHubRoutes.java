package dev.shadowbot.bot.github;

import static dev.shadowbot.bot.github.FakeGitHub.json;
import static dev.shadowbot.bot.github.FakeGitHub.notFound;
import static dev.shadowbot.bot.github.FakeGitHub.user;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;

/** The repository endpoints of {@link FakeGitHub}, with JSON shaped like GitHub's. */
final class FakeGitHubRoutes {
    static final String BOT_LOGIN = "shadowbot[bot]";

    private FakeGitHubRoutes() {
    }

    @SuppressWarnings("unchecked")
    static MockResponse repo(FakeGitHub gh, FakeRepo repo, String method, String rest, okhttp3.HttpUrl url,
                             Map<String, Object> in) {
        String ref = url.queryParameter("ref");
        String api = gh.apiUrl() + "/repos/" + repo.fullName();
        Matcher m;
        if (rest.isEmpty() && method.equals("GET")) {
            return json(200, repoJson(gh, repo));
        }
        if ((m = match("^/contents/(.*)$", rest)) != null && method.equals("GET")) {
            return FakeGitData.contents(gh, repo, m.group(1), ref);
        }
        if ((m = match("^/git/trees/(.+)$", rest)) != null && method.equals("GET")) {
            return FakeGitData.tree(gh, repo, m.group(1), url.queryParameter("recursive") != null);
        }
        if ((m = match("^/git/blobs/([0-9a-f]{40})$", rest)) != null && method.equals("GET")) {
            return FakeGitData.blob(gh, repo, m.group(1));
        }
        if ((m = match("^/pulls/(\\d+)$", rest)) != null && method.equals("GET")) {
            FakeRepo.Pr pr = repo.pull(Integer.parseInt(m.group(1)));
            return pr == null ? notFound() : json(200, prJson(gh, repo, pr));
        }
        if ((m = match("^/pulls/(\\d+)/files$", rest)) != null && method.equals("GET")) {
            FakeRepo.Pr pr = repo.pull(Integer.parseInt(m.group(1)));
            if (pr == null) {
                return notFound();
            }
            List<Object> files = new ArrayList<>();
            for (String f : pr.files) {
                files.add(Map.of("sha", "0".repeat(40), "filename", f, "status", "modified", "additions", 1,
                        "deletions", 0, "changes", 1, "blob_url", "https://github.com/" + repo.fullName() + "/blob/x/" + f));
            }
            return page(url, files);
        }
        if ((m = match("^/pulls/(\\d+)/reviews$", rest)) != null && method.equals("GET")) {
            List<Object> out = new ArrayList<>();
            for (FakeRepo.Review r : repo.reviews.getOrDefault(Integer.parseInt(m.group(1)), List.of())) {
                out.add(Map.of("id", r.id(), "user", user(r.login(), 7), "body", "", "state", r.state(),
                        "commit_id", r.commitId(), "submitted_at", "2026-11-21T06:00:00Z",
                        "html_url", "https://github.com/" + repo.fullName() + "/pull/" + m.group(1)));
            }
            return page(url, out);
        }
        if ((m = match("^/issues/(\\d+)/comments$", rest)) != null) {
            int issue = Integer.parseInt(m.group(1));
            synchronized (repo) {
                if (method.equals("GET")) {
                    List<Object> out = new ArrayList<>();
                    repo.comments.values().stream().filter(c -> c.issue == issue)
                            .forEach(c -> out.add(commentJson(api, repo, c)));
                    return page(url, out);
                }
                if (method.equals("POST")) {
                    FakeRepo.Comment c = new FakeRepo.Comment(gh.nextId(), issue, BOT_LOGIN, (String) in.get("body"));
                    repo.comments.put(c.id, c);
                    return json(201, commentJson(api, repo, c));
                }
            }
        }
        if ((m = match("^/issues/comments/(\\d+)$", rest)) != null) {
            long id = Long.parseLong(m.group(1));
            synchronized (repo) {
                FakeRepo.Comment c = repo.comments.get(id);
                if (c == null) {
                    return notFound();
                }
                if (method.equals("PATCH")) {
                    c.body = (String) in.get("body");
                    c.edits++;
                    return json(200, commentJson(api, repo, c));
                }
                if (method.equals("DELETE")) {
                    repo.comments.remove(id);
                    return new MockResponse.Builder().code(204).build();
                }
                if (method.equals("GET")) {
                    return json(200, commentJson(api, repo, c));
                }
            }
        }
        if ((m = match("^/issues/comments/(\\d+)/reactions$", rest)) != null && method.equals("POST")) {
            long id = Long.parseLong(m.group(1));
            synchronized (repo) {
                repo.reactions.add(new FakeRepo.Reaction(id, (String) in.get("content")));
            }
            return json(201, Map.of("id", gh.nextId(), "content", in.get("content"), "user", user(BOT_LOGIN, 9),
                    "created_at", "2026-11-21T06:00:00Z"));
        }
        if (rest.equals("/check-runs") && method.equals("POST")) {
            synchronized (repo) {
                FakeRepo.CheckRun run = new FakeRepo.CheckRun(gh.nextId());
                run.fields.putAll(in);
                run.fields.putIfAbsent("status", "queued");
                repo.checkRuns.put(run.id, run);
                return json(201, checkJson(api, run));
            }
        }
        if ((m = match("^/check-runs/(\\d+)$", rest)) != null && method.equals("PATCH")) {
            synchronized (repo) {
                FakeRepo.CheckRun run = repo.checkRuns.get(Long.parseLong(m.group(1)));
                if (run == null) {
                    return notFound();
                }
                if (!in.containsKey("conclusion")) {
                    run.fields.remove("conclusion");
                }
                run.fields.putAll(in);
                run.updates++;
                return json(200, checkJson(api, run));
            }
        }
        if ((m = match("^/collaborators/([^/]+)/permission$", rest)) != null && method.equals("GET")) {
            return json(200, permissionJson(m.group(1), repo.permissions.getOrDefault(m.group(1), "none")));
        }
        return notFound();
    }

    /**
     * {@code GET /repos/{o}/{r}/collaborators/{u}/permission} as GitHub answers it: {@code permission}
     * holds the legacy base role (admin, write, read, none; maintain is mapped to write and triage to
     * read), {@code role_name} the real role. Someone with no access at all gets 200 with
     * {@code "permission": "none"}, not 404.
     */
    static Map<String, Object> permissionJson(String login, String role) {
        String legacy = switch (role) {
            case "admin" -> "admin";
            case "maintain", "write" -> "write";
            case "triage", "read" -> "read";
            default -> "none";
        };
        Map<String, Object> u = user(login, 5);
        u.put("permissions", Map.of("admin", role.equals("admin"), "maintain", List.of("admin", "maintain").contains(role),
                "push", legacy.equals("admin") || legacy.equals("write"), "triage",
                List.of("admin", "maintain", "write", "triage").contains(role), "pull", !legacy.equals("none")));
        u.put("role_name", role);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("permission", legacy);
        out.put("role_name", role);
        out.put("user", u);
        return out;
    }

    /**
     * A list answer as GitHub pages it: {@code per_page} (default 30, at most 100) items of {@code page}
     * (default 1), with a {@code Link} header naming the next and last pages, which github-api follows.
     */
    static MockResponse page(okhttp3.HttpUrl url, List<Object> all) {
        int per = 30;
        int page = 1;
        try {
            if (url.queryParameter("per_page") != null) {
                per = Math.max(1, Math.min(100, Integer.parseInt(url.queryParameter("per_page"))));
            }
            if (url.queryParameter("page") != null) {
                page = Math.max(1, Integer.parseInt(url.queryParameter("page")));
            }
        } catch (NumberFormatException e) {
            return json(422, Map.of("message", "Invalid request."));
        }
        int last = Math.max(1, (all.size() + per - 1) / per);
        List<Object> items = all.subList(Math.min(all.size(), (page - 1) * per), Math.min(all.size(), page * per));
        MockResponse r = json(200, new ArrayList<>(items));
        if (last > 1) {
            List<String> links = new ArrayList<>();
            if (page < last) {
                links.add("<" + url.newBuilder().setQueryParameter("page", Integer.toString(page + 1))
                        .setQueryParameter("per_page", Integer.toString(per)).build() + ">; rel=\"next\"");
                links.add("<" + url.newBuilder().setQueryParameter("page", Integer.toString(last))
                        .setQueryParameter("per_page", Integer.toString(per)).build() + ">; rel=\"last\"");
            }
            if (page > 1) {
                links.add("<" + url.newBuilder().setQueryParameter("page", "1")
                        .setQueryParameter("per_page", Integer.toString(per)).build() + ">; rel=\"first\"");
            }
            if (!links.isEmpty()) {
                r = r.newBuilder().setHeader("Link", String.join(", ", links)).build();
            }
        }
        return r;
    }

    private static Matcher match(String regex, String s) {
        Matcher m = Pattern.compile(regex).matcher(s);
        return m.matches() ? m : null;
    }

    static Map<String, Object> repoJson(FakeGitHub gh, FakeRepo repo) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", Math.abs(repo.fullName().hashCode()));
        r.put("node_id", "R_fake");
        r.put("name", repo.name);
        r.put("full_name", repo.fullName());
        r.put("private", true);
        r.put("owner", user(repo.owner, 1));
        r.put("html_url", "https://github.com/" + repo.fullName());
        r.put("url", gh.apiUrl() + "/repos/" + repo.fullName());
        r.put("default_branch", repo.defaultBranch);
        r.put("fork", false);
        r.put("permissions", Map.of("admin", false, "push", true, "pull", true));
        return r;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> prJson(FakeGitHub gh, FakeRepo repo, FakeRepo.Pr pr) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("url", gh.apiUrl() + "/repos/" + repo.fullName() + "/pulls/" + pr.number);
        p.put("id", 90_000L + pr.number);
        p.put("number", pr.number);
        p.put("state", pr.state);
        p.put("title", pr.title);
        p.put("user", user(pr.author, 3));
        p.put("body", "");
        p.put("html_url", "https://github.com/" + repo.fullName() + "/pull/" + pr.number);
        p.put("merged", pr.merged);
        p.put("mergeable", true);
        p.put("mergeable_state", "clean");
        p.put("draft", false);
        p.put("head", head(gh, repo, pr));
        p.put("base", Map.of("label", repo.owner + ":" + pr.baseRef, "ref", pr.baseRef, "sha", "b".repeat(40),
                "user", user(repo.owner, 1), "repo", repoJson(gh, repo)));
        p.put("created_at", "2026-11-21T05:00:00Z");
        p.put("updated_at", pr.updatedAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        if (pr.previousHeadSha != null && pr.staleReads.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            ((Map<String, Object>) p.get("head")).put("sha", pr.previousHeadSha);
            p.put("updated_at", pr.previousUpdatedAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        }
        return p;
    }

    /**
     * The PR's {@code head}: in the same repository, in a fork ({@code head.repo} is the fork, with
     * {@code fork: true}), or in a deleted fork ({@code head.repo} is null, as GitHub then shows it).
     */
    private static Map<String, Object> head(FakeGitHub gh, FakeRepo repo, FakeRepo.Pr pr) {
        Map<String, Object> h = new LinkedHashMap<>();
        String owner = pr.headRepo == null ? pr.author : pr.headRepo.substring(0, pr.headRepo.indexOf('/'));
        h.put("label", owner + ":feature");
        h.put("ref", "feature");
        h.put("sha", pr.headSha);
        h.put("user", user(owner, 1));
        if (pr.headRepo == null) {
            h.put("repo", null);
        } else if (pr.headRepo.equalsIgnoreCase(repo.fullName())) {
            h.put("repo", repoJson(gh, repo));
        } else {
            Map<String, Object> fork = repoJson(gh, new FakeRepo(pr.headRepo));
            fork.put("fork", true);
            fork.put("private", false);
            h.put("repo", fork);
        }
        return h;
    }

    private static Map<String, Object> commentJson(String api, FakeRepo repo, FakeRepo.Comment c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id);
        m.put("node_id", "IC_" + c.id);
        m.put("url", api + "/issues/comments/" + c.id);
        m.put("html_url", "https://github.com/" + repo.fullName() + "/pull/" + c.issue + "#issuecomment-" + c.id);
        m.put("issue_url", api + "/issues/" + c.issue);
        m.put("body", c.body);
        m.put("user", user(c.author, 11));
        m.put("author_association", c.author.endsWith("[bot]") ? "NONE" : "CONTRIBUTOR");
        // Set for comments an App wrote with its installation token; null for a person's comment.
        m.put("performed_via_github_app", c.author.endsWith("[bot]") ? FakeGitHub.appJson(c.author) : null);
        m.put("created_at", "2026-11-21T05:00:00Z");
        m.put("updated_at", "2026-11-21T05:00:00Z");
        return m;
    }

    private static Map<String, Object> checkJson(String api, FakeRepo.CheckRun run) {
        Map<String, Object> m = new LinkedHashMap<>(run.fields);
        m.put("id", run.id);
        m.put("url", api + "/check-runs/" + run.id);
        m.put("html_url", "https://github.com/runs/" + run.id);
        m.remove("output");
        m.remove("actions");
        return m;
    }
}
