package dev.shadowbot.bot.github;

import static dev.shadowbot.bot.github.FakeGitHub.json;
import static dev.shadowbot.bot.github.FakeGitHub.notFound;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import mockwebserver3.MockResponse;

/**
 * The file-reading endpoints of {@link FakeGitHub} with GitHub's limits: the contents API lists at most
 * 1,000 entries of a directory and answers files over 1 MB with {@code "encoding": "none"} and empty
 * content; the git trees API ({@code ?recursive=1}) cuts long listings and says {@code truncated}; the
 * git blobs API serves any blob up to its size limit, base64, by its git object id.
 */
final class FakeGitData {
    /** GitHub's contents API returns at most this many entries of one directory. */
    static final int CONTENTS_DIR_LIMIT = 1000;
    /** Files above this size come back from the contents API without content ({@code encoding: none}). */
    static final int CONTENTS_FILE_LIMIT = 1024 * 1024;

    private FakeGitData() {
    }

    static MockResponse contents(FakeGitHub gh, FakeRepo repo, String path, String ref) {
        Map<String, String> tree = repo.commits.get(ref);
        if (tree == null) {
            return json(404, Map.of("message", "No commit found for the ref " + ref));
        }
        String clean = path.replaceAll("/+$", "");
        String api = gh.apiUrl() + "/repos/" + repo.fullName() + "/contents/";
        if (tree.containsKey(clean)) {
            byte[] bytes = tree.get(clean).getBytes(StandardCharsets.UTF_8);
            Map<String, Object> f = entry(api, clean, "file", bytes.length, ref, blobSha(bytes));
            if (bytes.length > CONTENTS_FILE_LIMIT) {
                // GitHub: "Between 1-100 MB: … the content field will be an empty string and the encoding
                // field will be "none"."
                f.put("encoding", "none");
                f.put("content", "");
            } else {
                f.put("encoding", "base64");
                f.put("content", Base64.getMimeEncoder().encodeToString(bytes));
            }
            return json(200, f);
        }
        Set<String> seen = new LinkedHashSet<>();
        List<Object> listing = new ArrayList<>();
        for (Map.Entry<String, String> e : new TreeMap<>(tree).entrySet()) {
            if (!e.getKey().startsWith(clean + "/")) {
                continue;
            }
            String tail = e.getKey().substring(clean.length() + 1);
            int slash = tail.indexOf('/');
            String child = clean + "/" + (slash < 0 ? tail : tail.substring(0, slash));
            if (seen.add(child) && listing.size() < CONTENTS_DIR_LIMIT) {
                byte[] bytes = e.getValue().getBytes(StandardCharsets.UTF_8);
                listing.add(entry(api, child, slash < 0 ? "file" : "dir", slash < 0 ? bytes.length : 0, ref,
                        slash < 0 ? blobSha(bytes) : objectSha("tree " + ref + ":" + child)));
            }
        }
        return listing.isEmpty() ? notFound() : json(200, listing);
    }

    private static Map<String, Object> entry(String api, String path, String type, int size, String ref, String sha) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("type", type);
        f.put("size", size);
        f.put("name", path.substring(path.lastIndexOf('/') + 1));
        f.put("path", path);
        f.put("sha", sha);
        f.put("url", api + path + "?ref=" + ref);
        f.put("html_url", "https://github.com/x/y/blob/" + ref + "/" + path);
        f.put("git_url", api + path);
        f.put("download_url", "file".equals(type) ? api + path + "?ref=" + ref : null);
        return f;
    }

    /** {@code GET /repos/{o}/{r}/git/trees/{ref}[?recursive=1]}, shaped as GitHub answers it. */
    static MockResponse tree(FakeGitHub gh, FakeRepo repo, String ref, boolean recursive) {
        Map<String, String> files = repo.commits.get(ref);
        if (files == null) {
            return json(404, Map.of("message", "Not Found",
                    "documentation_url", "https://docs.github.com/rest/git/trees#get-a-tree"));
        }
        String api = gh.apiUrl() + "/repos/" + repo.fullName() + "/git/";
        TreeMap<String, Map<String, Object>> entries = new TreeMap<>();
        for (Map.Entry<String, String> e : files.entrySet()) {
            String[] parts = e.getKey().split("/");
            StringBuilder dir = new StringBuilder();
            for (int i = 0; i < parts.length - 1; i++) {
                dir.append(i == 0 ? "" : "/").append(parts[i]);
                String d = dir.toString();
                String sha = objectSha("tree " + ref + ":" + d);
                entries.computeIfAbsent(d, k -> treeEntry(k, "040000", "tree", sha, -1, api + "trees/" + sha));
            }
            byte[] bytes = e.getValue().getBytes(StandardCharsets.UTF_8);
            String sha = blobSha(bytes);
            repo.blobs.put(sha, bytes);
            entries.put(e.getKey(), treeEntry(e.getKey(), repo.symlinks.contains(e.getKey()) ? "120000" : "100644",
                    "blob", sha, bytes.length, api + "blobs/" + sha));
        }
        List<Object> tree = new ArrayList<>();
        for (Map<String, Object> e : entries.values()) {
            if (recursive || !((String) e.get("path")).contains("/")) {
                tree.add(e);
            }
        }
        boolean truncated = tree.size() > repo.treeEntryLimit;
        Map<String, Object> out = new LinkedHashMap<>();
        String sha = objectSha("tree " + ref);
        out.put("sha", sha);
        out.put("url", api + "trees/" + sha);
        out.put("tree", truncated ? new ArrayList<>(tree.subList(0, repo.treeEntryLimit)) : tree);
        out.put("truncated", truncated);
        return json(200, out);
    }

    private static Map<String, Object> treeEntry(String path, String mode, String type, String sha, long size,
                                                 String url) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("path", path);
        e.put("mode", mode);
        e.put("type", type);
        e.put("sha", sha);
        if (size >= 0) {
            e.put("size", size);
        }
        e.put("url", url);
        return e;
    }

    /** {@code GET /repos/{o}/{r}/git/blobs/{sha}}: base64 up to the blob limit, 403 {@code too_large} above. */
    static MockResponse blob(FakeGitHub gh, FakeRepo repo, String sha) {
        byte[] bytes = repo.blobs.get(sha);
        if (bytes == null) {
            return notFound();
        }
        if (bytes.length > repo.blobByteLimit) {
            return json(403, Map.of("message", "This API returns blobs up to 100 MB in size. The requested blob is "
                    + "too large to fetch via the API, but you can use the Git Data API to fetch it.",
                    "errors", List.of(Map.of("resource", "Blob", "field", "data", "code", "too_large")),
                    "documentation_url", "https://docs.github.com/rest/git/blobs#get-a-blob"));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sha", sha);
        out.put("node_id", "B_" + sha.substring(0, 12));
        out.put("size", bytes.length);
        out.put("url", gh.apiUrl() + "/repos/" + repo.fullName() + "/git/blobs/" + sha);
        out.put("content", Base64.getMimeEncoder().encodeToString(bytes));
        out.put("encoding", "base64");
        return json(200, out);
    }

    /** The git object id of a blob: SHA-1 over {@code "blob <size>\0"} and the bytes, as git computes it. */
    static String blobSha(byte[] bytes) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            md.update(("blob " + bytes.length + "\0").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(md.digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String objectSha(String seed) {
        return blobSha(seed.getBytes(StandardCharsets.UTF_8));
    }
}
