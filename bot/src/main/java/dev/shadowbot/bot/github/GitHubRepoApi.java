package dev.shadowbot.bot.github;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.kohsuke.github.GHBlob;
import org.kohsuke.github.GHCheckRun;
import org.kohsuke.github.GHCheckRunBuilder;
import org.kohsuke.github.GHContent;
import org.kohsuke.github.GHFileNotFoundException;
import org.kohsuke.github.GHIssueComment;
import org.kohsuke.github.GHPullRequest;
import org.kohsuke.github.GHPullRequestFileDetail;
import org.kohsuke.github.GHPullRequestReview;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GHTeam;
import org.kohsuke.github.GHTree;
import org.kohsuke.github.GHTreeEntry;
import org.kohsuke.github.GHUser;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.HttpException;
import org.kohsuke.github.ReactionContent;

/**
 * {@link RepoApi} through github-api, as an App installation. Not thread-safe per instance; cheap to
 * create. Every text it sends to GitHub passes the {@link Redactor}; it edits only comments this App
 * wrote ({@link AppIdentity}).
 */
public final class GitHubRepoApi implements RepoApi {
    /** GitHub accepts at most 50 annotations per check-run request. */
    static final int MAX_ANNOTATIONS = 50;
    private static final int MAX_FILES = 2000;

    private final GitHub gh;
    private final String fullName;
    private final AppIdentity identity;
    private final Redactor redactor;
    private GHRepository repo;

    public GitHubRepoApi(GitHub gh, String fullName, AppIdentity identity, Redactor redactor) {
        this.gh = gh;
        this.fullName = fullName;
        this.identity = identity;
        this.redactor = redactor;
    }

    private GHRepository repo() throws IOException {
        if (repo == null) {
            repo = gh.getRepository(fullName);
        }
        return repo;
    }

    @Override
    public String fullName() {
        return fullName;
    }

    @Override
    public Optional<String> file(String path, String ref) throws IOException {
        GHContent content;
        try {
            content = repo().getFileContent(path, ref);
        } catch (GHFileNotFoundException e) {
            return Optional.empty();
        }
        if ("none".equals(content.getEncoding())) {
            // Files over 1 MB come back from the contents API without content; the blobs API has them.
            return Optional.of(blob(path, content.getSha()));
        }
        try (InputStream in = content.read()) {
            return Optional.of(utf8(path, in.readAllBytes()));
        }
    }

    /**
     * Reads the folder through the git trees API (one recursive listing, not the contents API, which lists
     * at most 1,000 entries per directory) and each file through the blobs API (up to 100 MB; the contents
     * API gives files over 1 MB without content). Anything incomplete throws {@link UnreadableSchemaFile}.
     */
    @Override
    public Map<String, String> files(String dir, String suffix, String ref) throws IOException {
        String root = dir.replaceAll("^/+|/+$", "");
        String prefix = root.isEmpty() ? "" : root + "/";
        GHTree tree;
        try {
            tree = repo().getTreeRecursive(ref, 1);
        } catch (GHFileNotFoundException e) {
            return Map.of(); // no such commit (force-pushed away and collected)
        }
        if (tree.isTruncated()) {
            throw new UnreadableSchemaFile(root, "GitHub truncated the file list of commit " + ref
                    + " (the repository has more files than the trees API returns in one answer), so the bot "
                    + "cannot be sure it sees every schema file");
        }
        Map<String, String> out = new TreeMap<>();
        for (GHTreeEntry e : tree.getTree()) {
            String path = e.getPath();
            if (!path.startsWith(prefix)) {
                continue;
            }
            if ("commit".equals(e.getType())) {
                throw new UnreadableSchemaFile(path, "is a git submodule; the bot cannot read files inside it");
            }
            if (!"blob".equals(e.getType()) || !path.endsWith(suffix)) {
                continue;
            }
            if ("120000".equals(e.getMode())) {
                throw new UnreadableSchemaFile(path, "is a symbolic link; schema files must be regular files");
            }
            if (out.size() >= MAX_FILES) {
                throw new UnreadableSchemaFile(root, "has more than " + MAX_FILES + " " + suffix + " files");
            }
            out.put(path.substring(prefix.length()), blob(path, e.getSha()));
        }
        return new LinkedHashMap<>(out);
    }

    private String blob(String path, String sha) throws IOException {
        GHBlob blob;
        try {
            blob = repo().getBlob(sha);
        } catch (GHFileNotFoundException e) {
            throw new UnreadableSchemaFile(path, "GitHub did not find its content (blob " + sha + ")");
        } catch (HttpException e) {
            if (e.getResponseCode() == 403 || e.getResponseCode() == 422 || e.getResponseCode() == 404) {
                throw new UnreadableSchemaFile(path, "GitHub would not return its content (HTTP "
                        + e.getResponseCode() + ": " + firstLine(e.getMessage()) + ")");
            }
            throw e;
        }
        if (!"base64".equals(blob.getEncoding())) {
            throw new UnreadableSchemaFile(path, "GitHub returned it in encoding '" + blob.getEncoding() + "'");
        }
        try (InputStream in = blob.read()) {
            return utf8(path, in.readAllBytes());
        }
    }

    private static String utf8(String path, byte[] bytes) throws UnreadableSchemaFile {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new UnreadableSchemaFile(path, "is not UTF-8 text");
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        String line = s.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    @Override
    public PullRequestInfo pullRequest(int number) throws IOException {
        GHPullRequest pr = repo().getPullRequest(number);
        GHRepository base = pr.getBase().getRepository();
        GHRepository head = pr.getHead().getRepository();
        return new PullRequestInfo(number, pr.getState().name().toLowerCase(Locale.ROOT), pr.isMerged(),
                pr.getHead().getSha(), pr.getBase().getRef(), pr.getUser().getLogin(), pr.getTitle(),
                pr.getHtmlUrl() == null ? "" : pr.getHtmlUrl().toString(),
                base == null || base.getFullName() == null ? fullName : base.getFullName(),
                head == null || head.getFullName() == null ? "" : head.getFullName(),
                base == null || base.getDefaultBranch() == null ? "" : base.getDefaultBranch(),
                pr.getUpdatedAt() == null ? null : pr.getUpdatedAt().toInstant());
    }

    @Override
    public List<String> changedFiles(int number) throws IOException {
        List<String> paths = new ArrayList<>();
        for (GHPullRequestFileDetail f : repo().getPullRequest(number).listFiles()) {
            paths.add(f.getFilename());
            if (f.getPreviousFilename() != null) {
                paths.add(f.getPreviousFilename());
            }
        }
        return paths;
    }

    @Override
    public List<CommentInfo> comments(int number) throws IOException {
        List<CommentInfo> out = new ArrayList<>();
        for (GHIssueComment c : repo().getPullRequest(number).listComments()) {
            // getUserName() reads the payload; getUser() would cost one more API call per comment.
            String author = c.getUserName() == null ? "" : c.getUserName();
            out.add(new CommentInfo(c.getId(), author, c.getBody(), c.getHtmlUrl() == null ? "" : c.getHtmlUrl().toString(),
                    identity.wrote(author)));
        }
        return out;
    }

    @Override
    public long createComment(int number, String body) throws IOException {
        return repo().getPullRequest(number).comment(redactor.redact(body)).getId();
    }

    @Override
    public boolean updateComment(int number, long commentId, String body) throws IOException {
        Optional<GHIssueComment> c = findComment(number, commentId);
        if (c.isEmpty() || !identity.wrote(c.get().getUserName())) {
            return false;
        }
        c.get().update(redactor.redact(body));
        return true;
    }

    @Override
    public void deleteComment(int number, long commentId) throws IOException {
        Optional<GHIssueComment> c = findComment(number, commentId);
        if (c.isPresent() && identity.wrote(c.get().getUserName())) {
            c.get().delete();
        }
    }

    @Override
    public void react(int number, long commentId, String reaction) throws IOException {
        Optional<GHIssueComment> c = findComment(number, commentId);
        if (c.isPresent()) {
            c.get().createReaction(ReactionContent.forContent(reaction));
        }
    }

    private Optional<GHIssueComment> findComment(int number, long commentId) throws IOException {
        for (GHIssueComment c : repo().getPullRequest(number).listComments()) {
            if (c.getId() == commentId) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    @Override
    public long createCheckRun(CheckRunSpec spec) throws IOException {
        return fill(repo().createCheckRun(spec.name(), spec.headSha()), spec).create().getId();
    }

    @Override
    public void updateCheckRun(long id, CheckRunSpec spec) throws IOException {
        fill(repo().updateCheckRun(id), spec).create();
    }

    private GHCheckRunBuilder fill(GHCheckRunBuilder b, CheckRunSpec spec) {
        if (spec.conclusion() == null) {
            b.withStatus(GHCheckRun.Status.IN_PROGRESS);
        } else {
            b.withStatus(GHCheckRun.Status.COMPLETED)
                    .withConclusion(GHCheckRun.Conclusion.valueOf(spec.conclusion().toUpperCase(Locale.ROOT)))
                    .withCompletedAt(new Date());
        }
        if (spec.detailsUrl() != null && !spec.detailsUrl().isEmpty()) {
            b.withDetailsURL(spec.detailsUrl());
        }
        GHCheckRunBuilder.Output output = new GHCheckRunBuilder.Output(redactor.redact(spec.title()),
                redactor.redact(spec.summary()));
        if (spec.text() != null && !spec.text().isEmpty()) {
            output.withText(redactor.redact(spec.text()));
        }
        spec.annotations().stream().limit(MAX_ANNOTATIONS).forEach(a -> output.add(
                new GHCheckRunBuilder.Annotation(a.path(), Math.max(1, a.line()),
                        GHCheckRun.AnnotationLevel.valueOf(a.level().toUpperCase(Locale.ROOT)),
                        redactor.redact(a.message())).withTitle(redactor.redact(a.title()))));
        // The buttons (GitHub shows at most three).
        spec.actions().stream().limit(3).forEach(a -> b.add(new GHCheckRunBuilder.Action(a.label(), a.description(),
                a.identifier())));
        return b.add(output);
    }

    @Override
    public List<ReviewInfo> reviews(int number) throws IOException {
        List<ReviewInfo> out = new ArrayList<>();
        for (GHPullRequestReview r : repo().getPullRequest(number).listReviews()) {
            GHUser user = r.getUser();
            String login = user == null ? "" : user.getLogin();
            // GitHub reserves the "[bot]" suffix for App accounts (their user.type is "Bot"); no person has it.
            out.add(new ReviewInfo(r.getId(), login, r.getState() == null ? "" : r.getState().name(), r.getCommitId(),
                    login.endsWith("[bot]")));
        }
        return out;
    }

    @Override
    public String permission(String login) throws IOException {
        return repo().getPermission(login).name().toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean inTeam(String login, String team) throws IOException {
        int slash = team.indexOf('/');
        String org = slash < 0 ? fullName.substring(0, fullName.indexOf('/')) : team.substring(0, slash);
        String slug = slash < 0 ? team : team.substring(slash + 1);
        GHTeam t;
        try {
            t = gh.getOrganization(org).getTeamBySlug(slug);
        } catch (GHFileNotFoundException e) {
            return false; // no such organization or team, or the App may not see it
        }
        // GET {team}/memberships/{login}: 200 for a member, 404 (→ false) otherwise.
        return t != null && t.hasMember(gh.getUser(login));
    }
}
