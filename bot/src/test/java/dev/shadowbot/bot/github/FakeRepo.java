package dev.shadowbot.bot.github;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** State of one repository inside {@link FakeGitHub}: commits, pull requests, comments, checks, reviews. */
public final class FakeRepo {
    final String owner;
    final String name;
    final Map<String, Map<String, String>> commits = new ConcurrentHashMap<>();
    final Map<Integer, Pr> pulls = new ConcurrentHashMap<>();
    final Map<Long, Comment> comments = new LinkedHashMap<>();
    final Map<Long, CheckRun> checkRuns = new LinkedHashMap<>();
    final Map<Integer, List<Review>> reviews = new ConcurrentHashMap<>();
    final Map<String, String> permissions = new ConcurrentHashMap<>();
    final List<Reaction> reactions = new ArrayList<>();
    volatile String defaultBranch = "main";
    /** Paths (in any commit) stored as symbolic links (mode 120000): their content is the link target. */
    /** Blob bytes by git object id, filled as trees are listed (the blobs API finds them here). */
    final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    final java.util.Set<String> symlinks = ConcurrentHashMap.newKeySet();
    /** Git trees API: entries beyond this are cut and {@code truncated} is true (GitHub: 100,000 entries or 7 MB). */
    volatile int treeEntryLimit = 100_000;
    /** Git blobs API: larger blobs get 403 {@code too_large} (GitHub: 100 MB). */
    volatile long blobByteLimit = 100L * 1024 * 1024;

    FakeRepo(String fullName) {
        int slash = fullName.indexOf('/');
        this.owner = fullName.substring(0, slash);
        this.name = fullName.substring(slash + 1);
    }

    public String fullName() {
        return owner + "/" + name;
    }

    /**
     * Adds a commit: its full file tree (path → content). A branch is a commit keyed by its name
     * ({@code commit("main", …)} is the tip of {@code main}), as the contents API takes either as {@code ref}.
     */
    public FakeRepo commit(String sha, Map<String, String> tree) {
        commits.put(sha, new LinkedHashMap<>(tree));
        return this;
    }

    /** Makes a commit unreadable (force-pushed away and collected): the contents API answers 404 for it. */
    public FakeRepo forget(String sha) {
        commits.remove(sha);
        return this;
    }

    /** Stores {@code path} as a symbolic link to {@code target} (in every commit that has the path). */
    public FakeRepo symlink(String path) {
        symlinks.add(path);
        return this;
    }

    /** The git trees API truncates recursive listings longer than {@code entries} (GitHub's limit is 100,000). */
    public FakeRepo treeEntryLimit(int entries) {
        this.treeEntryLimit = entries;
        return this;
    }

    /** The git blobs API refuses blobs larger than {@code bytes} (GitHub's limit is 100 MB). */
    public FakeRepo blobByteLimit(long bytes) {
        this.blobByteLimit = bytes;
        return this;
    }

    /** The repository's default branch ({@code default_branch}, "main" unless set). */
    public FakeRepo defaultBranch(String branch) {
        this.defaultBranch = branch;
        return this;
    }

    /** Opens (or moves) a pull request to {@code headSha}, changing {@code files} relative to base. */
    public synchronized Pr pullRequest(int number, String author, String headSha, List<String> files) {
        Pr pr = pulls.computeIfAbsent(number, n -> {
            Pr p = new Pr(n, author);
            p.headRepo = fullName();
            return p;
        });
        if (pr.headSha != null && !pr.headSha.equals(headSha)) {
            pr.previousHeadSha = pr.headSha;
            pr.previousUpdatedAt = pr.updatedAt;
        }
        pr.headSha = headSha;
        pr.updatedAt = java.time.Instant.now();
        pr.files = List.copyOf(files);
        return pr;
    }

    public Pr pull(int number) {
        return pulls.get(number);
    }

    public synchronized List<Comment> comments() {
        return List.copyOf(comments.values());
    }

    public synchronized List<CheckRun> checkRuns() {
        return List.copyOf(checkRuns.values());
    }

    public synchronized List<Reaction> reactions() {
        return List.copyOf(reactions);
    }

    /** A comment a user wrote (as GitHub stores it before sending the issue_comment webhook). */
    public synchronized Comment userComment(long id, int issue, String author, String body) {
        Comment c = new Comment(id, issue, author, body);
        comments.put(id, c);
        return c;
    }

    /** The author edits their comment (before GitHub sends {@code issue_comment} {@code edited}). */
    public synchronized void userEdit(long id, String body) {
        comments.get(id).body = body;
    }

    /** The author deletes their comment (before GitHub sends {@code issue_comment} {@code deleted}). */
    public synchronized void userDelete(long id) {
        comments.remove(id);
    }

    /**
     * The user's role on the repository: {@code admin}, {@code maintain}, {@code write}, {@code triage},
     * {@code read}; anyone else has none. Served as GitHub does (see {@link FakeGitHubRoutes}).
     */
    public FakeRepo permission(String login, String role) {
        permissions.put(login, role);
        return this;
    }

    public synchronized FakeRepo review(int pr, String login, String state, String commitId) {
        reviews.computeIfAbsent(pr, n -> new ArrayList<>()).add(new Review(reviews.values().stream()
                .mapToInt(List::size).sum() + 1L, login, state, commitId));
        return this;
    }

    /** A pull request. Mutable by the test (close, merge, push). */
    public static final class Pr {
        public final int number;
        public final String author;
        public volatile String state = "open";
        public volatile boolean merged;
        public volatile String headSha;
        public volatile String title = "Change the schema";
        public volatile String baseRef = "main";
        public volatile List<String> files = List.of();
        /** {@code owner/name} of the head's repository: this one, a fork's, or null when the fork was deleted. */
        public volatile String headRepo;
        /** {@code updated_at}: set by every push. */
        public volatile java.time.Instant updatedAt = java.time.Instant.now();
        volatile String previousHeadSha;
        volatile java.time.Instant previousUpdatedAt;
        /** How many more reads of this PR still show the previous head (GitHub's replicas lag after a push). */
        public final java.util.concurrent.atomic.AtomicInteger staleReads = new java.util.concurrent.atomic.AtomicInteger();

        Pr(int number, String author) {
            this.number = number;
            this.author = author;
        }
    }

    /** An issue comment; {@code edits} counts PATCHes. */
    public static final class Comment {
        public final long id;
        public final int issue;
        public final String author;
        public volatile String body;
        public volatile int edits;

        Comment(long id, int issue, String author, String body) {
            this.id = id;
            this.issue = issue;
            this.author = author;
            this.body = body;
        }
    }

    /** A check run as last written (creation plus every update merged). */
    public static final class CheckRun {
        public final long id;
        public final Map<String, Object> fields = new LinkedHashMap<>();
        public volatile int updates;

        CheckRun(long id) {
            this.id = id;
        }

        public String headSha() {
            return (String) fields.get("head_sha");
        }

        public String status() {
            return (String) fields.get("status");
        }

        public String conclusion() {
            return (String) fields.get("conclusion");
        }

        @SuppressWarnings("unchecked")
        public Map<String, Object> output() {
            return (Map<String, Object>) fields.getOrDefault("output", Map.of());
        }

        @SuppressWarnings("unchecked")
        public List<Map<String, Object>> annotations() {
            return (List<Map<String, Object>>) output().getOrDefault("annotations", List.of());
        }
    }

    public record Review(long id, String login, String state, String commitId) {
    }

    public record Reaction(long commentId, String content) {
    }
}
