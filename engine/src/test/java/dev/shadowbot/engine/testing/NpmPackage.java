package dev.shadowbot.engine.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;

/**
 * A published npm package used as test data that we did not write (e.g. GitHub's own webhook payload
 * examples), fetched at a pinned version, checked against its registry integrity, and unpacked once into
 * {@code ~/.cache/shadowbot-test/npm}. Nothing of the package is committed to this repository.
 *
 * <p>The registry is {@code https://registry.npmjs.org} unless {@code SHADOWBOT_NPM_REGISTRY} names
 * another; a folder named by {@code SHADOWBOT_NPM_CACHE} replaces the cache. When the package cannot be
 * had, the test is skipped with the reason, or fails with {@code CI=true}.
 */
public final class NpmPackage {
    private NpmPackage() {
    }

    /**
     * The unpacked package folder (the tarball's {@code package/}).
     *
     * @param name      the package name, e.g. {@code @octokit/webhooks-examples}
     * @param version   the exact version
     * @param integrity the registry's {@code dist.integrity}, {@code sha512-<base64>}
     */
    public static synchronized Path fetch(String name, String version, String integrity) {
        Path dir = cacheRoot().resolve(name.replace('/', '_') + "-" + version);
        Path done = dir.resolve(".verified");
        if (Files.exists(done)) {
            return dir.resolve("package");
        }
        String registry = TestServers.env("SHADOWBOT_NPM_REGISTRY");
        if (registry.isEmpty()) {
            registry = "https://registry.npmjs.org";
        }
        String base = name.contains("/") ? name.substring(name.indexOf('/') + 1) : name;
        URI uri = URI.create(registry.replaceAll("/+$", "") + "/" + name + "/-/" + base + "-" + version + ".tgz");
        try {
            byte[] tgz = download(uri);
            String actual = "sha512-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(tgz));
            if (!actual.equals(integrity)) {
                throw new IllegalStateException(uri + " has integrity " + actual + ", pinned " + integrity
                        + ": the package changed or the download is corrupt; check the pin");
            }
            Path tmp = Files.createDirectories(dir.getParent()).resolve(dir.getFileName() + ".tmp" + ProcessHandle.current().pid());
            unpack(tgz, tmp);
            deleteTree(dir);
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(done, integrity);
            return dir.resolve("package");
        } catch (IOException | NoSuchAlgorithmException e) {
            return unavailable(name + "@" + version + " could not be fetched from " + uri + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable("interrupted while fetching " + uri);
        }
    }

    private static Path unavailable(String reason) {
        if (TestServers.inCi()) {
            throw new IllegalStateException(reason + " (CI=true: set SHADOWBOT_NPM_REGISTRY to a reachable registry)");
        }
        Assumptions.abort("skipped: " + reason + " (set CI=true to make this a failure)");
        throw new AssertionError("unreachable");
    }

    private static byte[] download(URI uri) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException("HTTP " + r.statusCode());
        }
        return r.body();
    }

    /**
     * Unpacks a gzipped ustar archive as npm writes it: regular files and folders only (pax headers and
     * links are passed over). Hand-written because commons-compress clashes with the commons-io that
     * other test dependencies bring, and this is all an npm tarball needs.
     */
    private static void unpack(byte[] tgz, Path into) throws IOException {
        deleteTree(into);
        Files.createDirectories(into);
        byte[] tar;
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(tgz))) {
            tar = in.readAllBytes();
        }
        int at = 0;
        while (at + 512 <= tar.length && tar[at] != 0) {
            String name = field(tar, at, 100);
            String prefix = field(tar, at + 345, 155);
            long size = Long.parseLong(field(tar, at + 124, 12).trim().isEmpty() ? "0" : field(tar, at + 124, 12).trim(), 8);
            char type = (char) tar[at + 156];
            String full = prefix.isEmpty() ? name : prefix + "/" + name;
            int data = at + 512;
            if (type == '0' || type == 0 || type == '5') {
                Path target = into.resolve(full).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("tar entry outside the package: " + full);
                }
                if (type == '5') {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.write(target, java.util.Arrays.copyOfRange(tar, data, Math.toIntExact(data + size)));
                }
            }
            at = data + (int) ((size + 511) / 512 * 512);
        }
    }

    private static String field(byte[] b, int from, int len) {
        int end = from;
        while (end < from + len && b[end] != 0) {
            end++;
        }
        return new String(b, from, end - from, StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }

    private static Path cacheRoot() {
        String own = TestServers.env("SHADOWBOT_NPM_CACHE");
        return own.isEmpty() ? Path.of(System.getProperty("user.home"), ".cache", "shadowbot-test", "npm") : Path.of(own);
    }
}
