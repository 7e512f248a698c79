package dev.shadowbot.bot.lifecycle;

import dev.shadowbot.bot.github.RepoApi;
import dev.shadowbot.bot.github.UnreadableSchemaFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A hash of the schema files' contents at a commit (the {@code .sql} files under the given schema
 * folders — those the base branch's policy maps — by path), read through the API. Two commits with
 * equal fingerprints apply the same schema, so an approval given on one holds for the other; a commit
 * that can no longer be read (force-pushed away) hashes as "no files", so its approvals go stale.
 * A commit whose schema files cannot all be read gets a fingerprint equal to no other. Fingerprints are
 * cached per commit.
 */
public final class SchemaFingerprint {
    private final RepoApi repo;
    private final List<String> dirs;
    private final Map<String, String> cache = new HashMap<>();

    public SchemaFingerprint(RepoApi repo, List<String> dirs) {
        this.repo = repo;
        this.dirs = List.copyOf(dirs);
    }

    /** The fingerprint at {@code sha}; unknown commits hash as "no files". */
    public String at(String sha) {
        if (sha == null) {
            return "none";
        }
        return cache.computeIfAbsent(sha, s -> {
            try {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                for (String dir : dirs) {
                    for (Map.Entry<String, String> f : new TreeMap<>(repo.files(dir, ".sql", s)).entrySet()) {
                        md.update((dir + "/" + f.getKey() + "\0").getBytes(StandardCharsets.UTF_8));
                        md.update((f.getValue() + "\0").getBytes(StandardCharsets.UTF_8));
                    }
                }
                return HexFormat.of().formatHex(md.digest());
            } catch (UnreadableSchemaFile e) {
                // Fails closed: equal to no other commit's fingerprint, so no approval carries over to or from it.
                return "unreadable " + s + ": " + e.getMessage();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
